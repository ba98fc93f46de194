/**
 * Amounts for display, in one place: an exact decimal string as the API sends it ("418556.86")
 * shown in the user's locale with its currency ("418 556,86 €" in French, "€418,556.86" in
 * English). Display only: no arithmetic here (that is shared/money.ts, decimal.js), and CSV
 * exports stay machine-readable (the server writes them).
 *
 * Intl.NumberFormat reads a string as an exact decimal (ECMA-402 since ES2023, "Intl mathematical
 * value"; V8 in Node 20 and every browser Strapi 5 builds for), so no digit is lost however long the
 * amount: it never passes through a binary float.
 */
import * as React from 'react';
import { useIntl } from 'react-intl';

/** A plain decimal: digits, an optional dot and decimals (the API's form of an amount). */
const PLAIN_DECIMAL = /^-?\d+(?:\.(\d+))?$/;

const formatters = new Map<string, Intl.NumberFormat>();

/** One formatter per locale and options: building one is slow, and a page shows many amounts. */
const formatterFor = (locale: string, options: Intl.NumberFormatOptions) => {
  const key = `${locale}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, options);
    formatters.set(key, formatter);
  }
  return formatter;
};

/** The string itself goes to Intl, not Number(string); TypeScript's ES2022 lib types only numbers. */
const formatDecimal = (formatter: Intl.NumberFormat, amount: string) => formatter.format(amount as unknown as number);

/**
 * An amount in `locale`, with its currency when it has one (a plain number in the locale when not).
 * Decimals: the currency's own (2 for EUR, 0 for JPY, 3 for BHD), or the amount's as written when
 * those would round it (¥1,234.50): a displayed amount is never rounded. Nothing shows as ''; text
 * that is not an amount, or a code Intl does not take as a currency, shows as it came.
 */
export const formatAmount = (locale: string, amount: string | null | undefined, currency?: string | null): string => {
  if (amount == null || amount === '') return '';
  const plain = PLAIN_DECIMAL.exec(amount);
  const asCame = currency ? `${amount} ${currency}` : amount;
  if (!plain) return asCame;
  const decimals = plain[1] ?? '';
  try {
    if (!currency) {
      return formatDecimal(formatterFor(locale, { minimumFractionDigits: decimals.length, maximumFractionDigits: decimals.length }), amount);
    }
    const own = formatterFor(locale, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    const digits = /[1-9]/.test(decimals.slice(own)) ? decimals.length : own;
    return formatDecimal(formatterFor(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }), amount);
  } catch {
    // A malformed currency code (RangeError): the amount and the code as they are.
    return asCame;
  }
};

/** `formatMoney(amount, currency)` in the admin's language (react-intl's locale). */
export const useFormatMoney = () => {
  const { locale } = useIntl();
  return React.useCallback((amount: string | null | undefined, currency?: string | null) => formatAmount(locale, amount, currency), [locale]);
};
