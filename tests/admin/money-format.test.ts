/**
 * Amounts for display (admin/src/utils/money.ts): an exact decimal string in the user's locale with
 * its currency, through Intl.NumberFormat, never through a binary float. French groups with a
 * narrow no-break space (U+202F) and puts the symbol after a no-break space (U+00A0).
 */
import { formatAmount } from '../../admin/src/utils/money';

const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('formatAmount: an amount with its currency, in the locale', () => {
  test.each([
    ['fr', '418556.86', 'EUR', `418${NNBSP}556,86${NBSP}€`],
    ['en', '418556.86', 'EUR', '€418,556.86'],
    ['fr', '0.10', 'EUR', `0,10${NBSP}€`],
    ['en', '1200.50', 'USD', '$1,200.50'],
    ['en', '100.00', 'PLN', `PLN${NBSP}100.00`],
    ['fr', '1200.50', 'PLN', `1${NNBSP}200,50${NBSP}PLN`],
  ])('%s %s %s is %j', (locale, amount, currency, shown) => {
    expect(formatAmount(locale, amount, currency)).toBe(shown);
  });

  test('no digit is lost, however long the amount (a float keeps about 16)', () => {
    expect(formatAmount('en', '12345678901234567.89', 'EUR')).toBe('€12,345,678,901,234,567.89');
    expect(formatAmount('fr', '12345678901234567.89', 'EUR')).toBe(`12${NNBSP}345${NNBSP}678${NNBSP}901${NNBSP}234${NNBSP}567,89${NBSP}€`);
    // 2^53 + 1: the first integer a float cannot hold.
    expect(formatAmount('en', '9007199254740993.01', 'EUR')).toBe('€9,007,199,254,740,993.01');
    // The largest total: the largest unit price times the largest quantity.
    expect(formatAmount('en', '999999999999990000.00', 'EUR')).toBe('€999,999,999,999,990,000.00');
  });

  test("the currency's own decimals, but an amount is never rounded", () => {
    expect(formatAmount('en', '1234.00', 'JPY')).toBe('¥1,234');
    expect(formatAmount('en', '1234.50', 'JPY')).toBe('¥1,234.50');
    expect(formatAmount('en', '1.50', 'BHD')).toBe(`BHD${NBSP}1.500`);
    expect(formatAmount('en', '0.125', 'EUR')).toBe('€0.125');
  });

  test('without a currency: a plain number in the locale, with the decimals it was given', () => {
    expect(formatAmount('fr', '418556.86', null)).toBe(`418${NNBSP}556,86`);
    expect(formatAmount('en', '418556.86')).toBe('418,556.86');
    expect(formatAmount('en', '12345678901234567.80', '')).toBe('12,345,678,901,234,567.80');
  });

  test('nothing shows nothing; what is not an amount or not a currency shows as it came', () => {
    expect(formatAmount('en', null, 'EUR')).toBe('');
    expect(formatAmount('en', undefined, 'EUR')).toBe('');
    expect(formatAmount('en', '', 'EUR')).toBe('');
    expect(formatAmount('en', '1e5', 'EUR')).toBe('1e5 EUR');
    expect(formatAmount('en', '12.00', 'EURO')).toBe('12.00 EURO');
  });
});
