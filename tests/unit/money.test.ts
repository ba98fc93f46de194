import { grossFromNet, netFromGross, parseDecimal, times } from '../../shared/money';

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
});
