/** The persistence layer's shared helpers: names and ids (meta), transactions and locks. */
export * from './meta';
export * from './transactions';
