/**
 * The values a content-API query may compare, per attribute type (32-bit integers, finite numbers,
 * real calendar dates, ISO date-times, booleans, no NUL characters): each check answers why a value
 * is refused, or nothing. Pure, shared by the filter and sort walker (./check) and ./pagination.
 */
export interface Attribute {
  type: string;
  target?: string;
  private?: boolean;
}
export interface Model {
  uid: string;
  attributes: Record<string, Attribute>;
}
export type GetModel = (uid: string) => Model | undefined;
export type Path = string[];

/** `id` is no attribute in Strapi's metadata, but filters and sorts may name it. */
export const ID: Attribute = { type: 'integer' };
export const DOCUMENT_ID: Attribute = { type: 'string' };

export const TEXT_TYPES = ['string', 'text', 'richtext', 'email', 'uid', 'enumeration'];
export const INT32 = [-(2n ** 31n), 2n ** 31n - 1n] as const;
const INT64 = [-(2n ** 63n), 2n ** 63n - 1n] as const;
/** Strapi's boolean inputs (parseType). */
const BOOLEANS = ['true', 't', '1', 'false', 'f', '0'];
const TIME = /^(2[0-3]|[01][0-9]):([0-5][0-9]):([0-5][0-9])(\.[0-9]{1,3})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2})(?::?(\d{2}))?)?)?$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
export const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const own = <T>(o: Record<string, T>, k: string): T | undefined => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);

const realDate = (value: string) => {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  return y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
};

const wholeIn =
  ([min, max]: readonly [bigint, bigint]) =>
  (v: string) =>
    /^[+-]?\d{1,30}$/.test(v) && BigInt(v) >= min && BigInt(v) <= max ? undefined : `must be a whole number from ${min} to ${max}`;

/** One value of an attribute type: undefined when fine, else why not. */
const VALUE_CHECKS: Record<string, (v: string) => string | undefined> = {
  integer: wholeIn(INT32),
  biginteger: wholeIn(INT64),
  decimal: (v) => (DECIMAL.test(v) && Number.isFinite(Number(v)) ? undefined : 'must be a finite number'),
  date: (v) => (realDate(v) ? undefined : 'must be a calendar date YYYY-MM-DD'),
  datetime: (v) => {
    const m = DATETIME.exec(v);
    const [hour, minute, second, offsetHour, offsetMinute] = (m?.slice(2) ?? []).filter((_, i) => i !== 3).map((x) => Number(x ?? 0));
    const ok = m && realDate(m[1]) && hour < 24 && minute < 60 && second < 60 && offsetHour < 24 && offsetMinute < 60;
    return ok ? undefined : 'must be an ISO 8601 date-time';
  },
  time: (v) => (TIME.test(v) ? undefined : 'must be a time HH:mm:ss'),
  boolean: (v) => (BOOLEANS.includes(v) ? undefined : 'must be true or false'),
};
VALUE_CHECKS.float = VALUE_CHECKS.decimal;
VALUE_CHECKS.timestamp = VALUE_CHECKS.datetime;
for (const t of TEXT_TYPES) VALUE_CHECKS[t] = () => undefined;

/** Types a filter or sort may use: the scalar ones the query engine compares in SQL. */
export const isQueryable = (a: Attribute) => a.type in VALUE_CHECKS && !a.private;

export const NUL = 'must not contain NUL characters';

/** Why one scalar value (a string; numbers and booleans as JSON callers give them) is not of the attribute's type, or undefined. */
export const valueProblem = (v: unknown, attribute: Attribute, nullable = false): string | undefined => {
  if (v === null) return nullable ? undefined : 'needs a value';
  if (typeof v === 'object') return 'must be a single value, not a list or an object';
  const s = String(v);
  if (s.includes('\u0000')) return NUL;
  return VALUE_CHECKS[attribute.type]?.(s);
};
