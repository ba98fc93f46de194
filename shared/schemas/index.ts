/**
 * Validation schemas for everything a client writes. The server validates every write path with
 * them; the admin form uses the same ones, so both give the same messages. One file per resource.
 */
export * from './values';
export * from './license';
export * from './purchase';
export * from './reference';
export * from './settings';
export * from './inventory';
export * from './installation-rule';
