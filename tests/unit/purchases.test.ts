/** The purchase rules (docs/domain.md, "Purchases") on plain values: active terms, seats, validity, cost, renewal. */
import { costOn, firstTerm, isActive, nextTerm, periodsIn, positionOn, renewalBase, type LicenseTerm, type Term } from '../../server/src/domain/purchases';

const license = (over: Partial<LicenseTerm> = {}): LicenseTerm => ({
  quantity: 10,
  purchaseDate: '2026-01-01',
  expirationDate: '2026-12-31',
  supportDate: null,
  billing: 'yearly',
  grossUnitPrice: '123.00',
  currency: 'EUR',
  ...over,
});

const purchase = (over: Partial<Term> = {}): Term => ({
  quantity: 5,
  purchaseDate: null,
  termStart: null,
  termEnd: null,
  supportEnd: null,
  billing: 'one_time',
  grossUnitPrice: null,
  currency: 'EUR',
  ...over,
});

describe('a purchase is active on a day', () => {
  it('from its term start (or purchase date) to its term end, both days included', () => {
    const p = purchase({ termStart: '2027-01-01', termEnd: '2027-12-31' });
    expect(['2026-12-31', '2027-01-01', '2027-12-31', '2028-01-01'].map((d) => isActive(p, d))).toEqual([false, true, true, false]);
    expect(isActive(purchase({ purchaseDate: '2027-03-01' }), '2027-02-28')).toBe(false);
    expect(isActive(purchase({ purchaseDate: '2027-03-01' }), '2027-03-01')).toBe(true);
  });

  it('always, with neither a start nor an end', () => {
    expect(isActive(purchase(), '1990-01-01')).toBe(true);
  });

  it("the license's own first purchase until its expiration date, whatever its purchase date", () => {
    const first = firstTerm(license({ purchaseDate: '2026-06-01' }));
    expect(isActive(first, '2026-01-01')).toBe(true);
    expect(isActive(first, '2026-12-31')).toBe(true);
    expect(isActive(first, '2027-01-01')).toBe(false);
    expect(isActive(firstTerm(license({ expirationDate: null })), '2099-01-01')).toBe(true);
  });
});

describe("a license's position", () => {
  it('without further purchases is the license as before: its quantity, its expiration date, also once expired', () => {
    expect(positionOn(license(), [], '2030-01-01')).toEqual({ total: 10, extraSeats: 0, validUntil: '2026-12-31', supportUntil: null });
    expect(positionOn(license({ expirationDate: null, supportDate: '2027-01-01' }), [], '2026-05-01')).toEqual({
      total: 10,
      extraSeats: 0,
      validUntil: null,
      supportUntil: '2027-01-01',
    });
  });

  it('counts the seats of every term active today, the first included', () => {
    const topUp = purchase({ quantity: 20, purchaseDate: '2026-03-01' });
    const renewal = purchase({ quantity: 12, termStart: '2027-01-01', termEnd: '2027-12-31', supportEnd: '2027-12-31' });
    expect(positionOn(license(), [topUp, renewal], '2026-02-01')).toMatchObject({ total: 10, extraSeats: 0 });
    expect(positionOn(license(), [topUp, renewal], '2026-03-01')).toMatchObject({ total: 30, extraSeats: 20 });
    // The first purchase has ended: its 10 seats are gone, the renewal's 12 count.
    expect(positionOn(license(), [topUp, renewal], '2027-01-01')).toEqual({ total: 32, extraSeats: 22, validUntil: null, supportUntil: '2027-12-31' });
    expect(positionOn(license(), [renewal], '2028-01-01')).toEqual({ total: 0, extraSeats: -10, validUntil: '2027-12-31', supportUntil: '2027-12-31' });
  });

  it('is valid until the latest end, or without end while an active term has none', () => {
    const renewal = purchase({ termStart: '2027-01-01', termEnd: '2027-12-31' });
    expect(positionOn(license(), [renewal], '2026-06-01').validUntil).toBe('2027-12-31');
    // A perpetual term not begun yet does not make the license perpetual before it begins.
    const later = purchase({ termStart: '2029-01-01' });
    expect(positionOn(license(), [renewal, later], '2026-06-01').validUntil).toBe('2027-12-31');
    expect(positionOn(license(), [renewal, later], '2029-01-01').validUntil).toBeNull();
  });
});

describe('cost', () => {
  it('of a one-time license is its gross total, committed, and nothing recurring', () => {
    expect(costOn([firstTerm(license({ billing: 'one_time' }))], '2026-06-01')).toEqual([{ currency: 'EUR', annualRecurring: '0.00', committed: '1230.00' }]);
  });

  it('of a recurring term: gross × quantity × periods a year while active, and × the periods of its term committed', () => {
    const monthly = purchase({ quantity: 3, billing: 'monthly', grossUnitPrice: '10.10', termStart: '2026-01-15', termEnd: '2026-07-14' });
    expect(periodsIn(monthly)).toBe(6);
    expect(costOn([monthly], '2026-02-01')).toEqual([{ currency: 'EUR', annualRecurring: '363.60', committed: '181.80' }]);
    expect(costOn([monthly], '2026-08-01')).toEqual([{ currency: 'EUR', annualRecurring: '0.00', committed: '181.80' }]);
  });

  it('counts a part period whole, and one period for a term without start or end', () => {
    expect(periodsIn(purchase({ billing: 'quarterly', termStart: '2026-01-01', termEnd: '2026-04-01' }))).toBe(2);
    expect(periodsIn(purchase({ billing: 'yearly', termStart: '2026-01-01', termEnd: '2028-12-31' }))).toBe(3);
    expect(periodsIn(purchase({ billing: 'yearly', termStart: '2026-01-01' }))).toBe(1);
  });

  it('keeps currencies apart, in code order, exact to the cent', () => {
    const terms = [
      firstTerm(license({ billing: 'one_time', quantity: 3, grossUnitPrice: '0.10' })),
      purchase({ quantity: 1, grossUnitPrice: '0.20', currency: 'USD' }),
      purchase({ quantity: 7, grossUnitPrice: '0.10' }),
      purchase({ quantity: 1, grossUnitPrice: null }),
    ];
    expect(costOn(terms, '2026-01-01')).toEqual([
      { currency: 'EUR', annualRecurring: '0.00', committed: '1.00' },
      { currency: 'USD', annualRecurring: '0.00', committed: '0.20' },
    ]);
  });
});

describe('renewal', () => {
  it('follows the term: from the day after its end, as many calendar months as it lasted', () => {
    expect(nextTerm(purchase({ termStart: '2026-01-01', termEnd: '2026-12-31' }))).toEqual({ termStart: '2027-01-01', termEnd: '2027-12-31' });
    // A leap year is still one year.
    expect(nextTerm(purchase({ termStart: '2027-03-01', termEnd: '2028-02-29' }))).toEqual({ termStart: '2028-03-01', termEnd: '2029-02-28' });
    expect(nextTerm(purchase({ termStart: '2026-02-01', termEnd: '2026-02-28' }))).toEqual({ termStart: '2026-03-01', termEnd: '2026-03-31' });
  });

  it('lasts as many days when the term was not whole months, one period when its start is unknown, nothing without an end', () => {
    expect(nextTerm(purchase({ termStart: '2026-01-01', termEnd: '2026-01-10' }))).toEqual({ termStart: '2026-01-11', termEnd: '2026-01-20' });
    expect(nextTerm(purchase({ billing: 'quarterly', termEnd: '2026-03-31' }))).toEqual({ termStart: '2026-04-01', termEnd: '2026-06-30' });
    expect(nextTerm(purchase({ termStart: '2026-01-01' }))).toBeNull();
  });

  it('renews the recurring term that ends last, the license itself among them', () => {
    const first = firstTerm(license());
    const old = purchase({ billing: 'yearly', termStart: '2025-01-01', termEnd: '2025-12-31' });
    expect(renewalBase([first, old])).toBe(first);
    const next = purchase({ billing: 'yearly', termStart: '2027-01-01', termEnd: '2027-12-31' });
    expect(renewalBase([first, old, next])).toBe(next);
    expect(renewalBase([firstTerm(license({ billing: 'one_time' })), purchase()])).toBeNull();
  });
});
