/**
 * Money: exact decimal arithmetic (decimal.js), never binary floating point.
 * Amounts travel as strings with two decimals ("1234.50").
 */
import Decimal from 'decimal.js';

const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** A decimal written plainly: digits, an optional dot and decimals. No exponent, no sign. */
const PLAIN_DECIMAL = /^\d{1,15}(\.\d+)?$/;

export type MoneyInput = string | number;

/**
 * Reads a client amount. Returns null for something that is not a plain non-negative decimal.
 * A number is read through its shortest decimal form, so 12.5 is 12.50 and 0.1 is 0.10.
 */
export const parseDecimal = (input: unknown): Decimal | null => {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) return null;
    text = String(input);
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    return null;
  }
  if (!PLAIN_DECIMAL.test(text)) return null;
  return new Money(text);
};

export const decimalPlaces = (value: Decimal): number => value.decimalPlaces();

/** grossUnitPrice = netUnitPrice × (1 + vatRate / 100), rounded half up to 2 places. */
export const grossFromNet = (net: Decimal.Value, vatRate: Decimal.Value): string =>
  new Money(net).times(new Money(vatRate).dividedBy(100).plus(1)).toFixed(2, Decimal.ROUND_HALF_UP);

/** The reverse, for a form that lets the user type the gross price: net = gross / (1 + vat/100). */
export const netFromGross = (gross: Decimal.Value, vatRate: Decimal.Value): string =>
  new Money(gross).dividedBy(new Money(vatRate).dividedBy(100).plus(1)).toFixed(2, Decimal.ROUND_HALF_UP);

export const times = (amount: Decimal.Value, factor: Decimal.Value): string => {
  // Cents times a whole number while the product is a safe integer (an export works out 400,000 of them).
  const cents = centsOf(amount);
  if (cents !== null && typeof factor === 'number' && Number.isSafeInteger(factor) && factor >= 0 && Number.isSafeInteger(cents * factor)) {
    return fromCents(cents * factor);
  }
  return new Money(amount).times(factor).toFixed(2, Decimal.ROUND_HALF_UP);
};

/** Formats an exact amount with two decimals. */
export const formatMoney = (value: Decimal.Value): string => {
  // Already at most two decimals (how the columns hold prices): padded, as decimal.js would write it.
  const cents = centsOf(value);
  return cents !== null ? fromCents(cents) : new Money(value).toFixed(2, Decimal.ROUND_HALF_UP);
};

/** Up to 13 whole digits (no leading zero) and 2 decimals: its cents are a safe integer. */
const TWO_PLACES = /^(0|[1-9]\d{0,12})(?:\.(\d{1,2}))?$/;

/** An amount's cents when it is written with at most two decimals (a number through its shortest form); else null. */
const centsOf = (value: Decimal.Value): number | null => {
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
  const m = text === null ? null : TWO_PLACES.exec(text);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
};

const fromCents = (cents: number): string => `${(cents - (cents % 100)) / 100}.${String(cents % 100).padStart(2, '0')}`;

export const compareMoney = (a: Decimal.Value, b: Decimal.Value): number => new Money(a).comparedTo(b);

export { Money };
