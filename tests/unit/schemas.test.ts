import { crossFieldErrors, licenseCreateSchema, licenseUpdateSchema } from '../../shared/schemas';

const valid = { name: 'Office', software: 'abc123', quantity: 5 };

describe('license schemas', () => {
  it('accepts a minimal license and normalizes money to two decimals', () => {
    const parsed = licenseCreateSchema.parse({ ...valid, netUnitPrice: 12.5, vatRate: '23' });
    expect(parsed.netUnitPrice).toBe('12.50');
    expect(parsed.vatRate).toBe('23.00');
    expect(parsed.name).toBe('Office');
  });

  it('trims the name and clears empty optional texts', () => {
    const parsed = licenseCreateSchema.parse({ ...valid, name: '  Office  ', serialNumber: '' });
    expect(parsed.name).toBe('Office');
    expect(parsed.serialNumber).toBeNull();
  });

  it.each([
    [{ ...valid, name: '' }, 'name'],
    [{ ...valid, quantity: 0 }, 'quantity'],
    [{ ...valid, quantity: 1.5 }, 'quantity'],
    [{ ...valid, netUnitPrice: '1.234' }, 'netUnitPrice'],
    [{ ...valid, vatRate: '100.01' }, 'vatRate'],
    [{ ...valid, expirationDate: '2025-02-30' }, 'expirationDate'],
    [{ ...valid, currency: 'eur' }, 'currency'],
    [{ ...valid, assignmentModel: 'per_site' }, 'assignmentModel'],
    [{ ...valid, bogus: 1 }, 'bogus'],
  ])('refuses %j at %s', (input, field) => {
    const result = licenseCreateSchema.safeParse(input);
    expect(result.success).toBe(false);
    const paths = result.error!.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : [i.path[0]]));
    expect(paths).toContain(field);
  });

  it('makes every field optional on update but keeps its rules', () => {
    expect(licenseUpdateSchema.safeParse({}).success).toBe(true);
    expect(licenseUpdateSchema.safeParse({ quantity: -1 }).success).toBe(false);
    expect(licenseUpdateSchema.safeParse({ name: null }).success).toBe(false);
  });
});

describe('rules across fields', () => {
  it('requires a quantity unless the license is site-wide', () => {
    const missing = { path: ['quantity'], message: 'is required unless the license is site-wide', code: 'custom', params: { id: 'requiredUnlessSite' } };
    expect(crossFieldErrors({}, undefined)).toEqual([missing]);
    expect(crossFieldErrors({ assignmentModel: 'per_core', quantity: null }, undefined)).toEqual([missing]);
    expect(crossFieldErrors({ assignmentModel: 'site' }, undefined)).toEqual([]);
    expect(crossFieldErrors({ assignmentModel: 'site', quantity: 5000 }, undefined)).toEqual([]);
    expect(licenseCreateSchema.safeParse({ name: 'Campus', software: 'abcdefghijklmnopqrstuvwx', assignmentModel: 'site' }).success).toBe(true);
  });

  it('requires VAT% with a net price', () => {
    expect(crossFieldErrors({ quantity: 1, netUnitPrice: '10.00', vatRate: null }, undefined)).toEqual([
      { path: ['vatRate'], message: 'is required when a net unit price is set', code: 'custom', params: { id: 'vatRequired' } },
    ]);
  });

  it('refuses a gross price that does not match', () => {
    const values = { quantity: 1, netUnitPrice: '100.00', vatRate: '23.00', grossUnitPrice: '123.00' };
    expect(crossFieldErrors(values, '123.00')).toEqual([]);
    expect(crossFieldErrors(values, '124.00')[0].path).toEqual(['grossUnitPrice']);
  });

  it('keeps expiration and support dates on or after the purchase date', () => {
    const errors = crossFieldErrors({ quantity: 1, purchaseDate: '2024-02-01', expirationDate: '2024-01-31', supportDate: '2024-01-01' }, undefined);
    expect(errors.map((e) => e.path[0])).toEqual(['expirationDate', 'supportDate']);
    expect(crossFieldErrors({ quantity: 1, purchaseDate: '2024-02-01', expirationDate: '2024-02-01' }, undefined)).toEqual([]);
  });
});
