import Decimal from 'decimal.js';
import { formatMoney, grossFromNet, netFromGross, parseDecimal, times } from '../../shared/money';

describe('money', () => {
  it('computes the gross price with commercial rounding (half up) to 2 places', () => {
    expect(grossFromNet('100.00', '23.00')).toBe('123.00');
    expect(grossFromNet('0.05', '10')).toBe('0.06'); // 0.055 rounds up
    expect(grossFromNet('1.15', '0')).toBe('1.15');
    expect(grossFromNet('19.99', '8.5')).toBe('21.69'); // 21.68915
    expect(grossFromNet('999999999999.99', '0')).toBe('999999999999.99');
  });

  it('is exact where binary floating point is not', () => {
    // 0.1 + 0.2 style error: in floats 1.005 * 100 = 100.49999999999999
    expect(grossFromNet('1.005', '0')).toBe('1.01');
    expect(times('0.10', 3)).toBe('0.30');
    expect(times('333333333333.33', 3)).toBe('999999999999.99');
  });

  it('derives a net price from a gross one for the form', () => {
    expect(netFromGross('123.00', '23')).toBe('100.00');
  });

  it('reads strings and numbers, and refuses anything else', () => {
    expect(parseDecimal('12.5')?.toFixed(2)).toBe('12.50');
    expect(parseDecimal(12.5)?.toFixed(2)).toBe('12.50');
    expect(parseDecimal(' 7 ')?.toFixed(2)).toBe('7.00');
    for (const bad of ['', 'abc', '-1', '1e3', '1,5', null, undefined, {}, [], Number.NaN, Infinity, -3]) {
      expect(parseDecimal(bad)).toBeNull();
    }
  });

  it('formats and multiplies on the fast path exactly as decimal.js does', () => {
    // What both did before the fast path: decimal.js at 40 digits, half up.
    const Exact = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
    const slow = (v: string | number) => new Exact(v).toFixed(2, Decimal.ROUND_HALF_UP);
    const slowTimes = (v: string | number, f: number) => new Exact(v).times(f).toFixed(2, Decimal.ROUND_HALF_UP);
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const samples: Array<string | number> = [
      '0',
      '0.5',
      '0.05',
      '10',
      '19.9',
      '19.90',
      '999999999999.99',
      '9999999999999.99',
      '007.50',
      '1.005',
      '1e3',
      12.5,
      0.1,
      19.9,
      1234567.89,
      99999999999.99,
    ];
    for (let i = 0; i < 2000; i++) {
      const whole = Math.floor(rand() * 10 ** Math.floor(rand() * 14));
      const frac = Math.floor(rand() * 100);
      samples.push(`${whole}.${String(frac).padStart(2, '0')}`, whole + frac / 100, `${whole}.${frac % 10}`);
    }
    for (const v of samples) {
      expect(formatMoney(v)).toBe(slow(v));
      for (const f of [0, 1, 3, 50, 999999, 2 ** 40]) expect(times(v, f)).toBe(slowTimes(v, f));
    }
  });
});
