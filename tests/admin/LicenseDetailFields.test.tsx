/**
 * The detail page's "Basic information", derived from the license description: the fields in the
 * form's order, each formatted by its kind, the currency with the amounts, the totals after the quantity.
 */
import './support/jsdom';
import { LicenseDetailFields } from '../../admin/src/components/LicenseDetailFields';
import { renderWithProviders } from './support/render';
import { license } from './support/fixtures';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));

const NNBSP = '\u202f';
const NBSP = '\u00a0';

/** The detail's items as [label, value] pairs, in order. */
const itemPairs = (container: HTMLElement) => {
  const texts = [...container.querySelectorAll('*')].filter((el) => el.children.length === 0 && el.textContent).map((el) => el.textContent);
  return texts.flatMap((text, i) => (i % 2 ? [] : [[text, texts[i + 1]]]));
};

test('every field in the form order, formatted by kind, with the totals after the quantity', () => {
  const { container } = renderWithProviders(
    <LicenseDetailFields
      license={license({
        category: { documentId: 'c1', name: 'Office suites' },
        expirationDate: '2026-03-31',
        netUnitPrice: '100.00',
        vatRate: '20.00',
        grossUnitPrice: '120.00',
        currency: 'PLN',
        assignmentModel: 'per_computer',
        totalNet: '300.00',
        totalGross: '360.00',
        notifyEmails: ['it@example.test', 'buyer@example.test'],
      })}
    />,
  );
  const pairs = itemPairs(container);
  expect(pairs).toEqual([
    ['Name', 'Office 365'],
    ['License type', 'Office suites'],
    ['Software', 'Office 365'],
    ['Organization', '-'],
    ['Organizational structure', '-'],
    ['Location structure', '-'],
    ['Location', '-'],
    ['Serial number', '-'],
    ['Inventory number', '-'],
    ['Manufacturer/Supplier organization', '-'],
    ['Expiration date', 'Mar 31, 2026'],
    ['Valid until', 'Mar 31, 2026'],
    ['Support date', '-'],
    ['Purchase date', '-'],
    ['Invoice number', '-'],
    ['Net unit price', `PLN${NBSP}100.00`],
    ['VAT%', '20.00 %'],
    ['Gross unit price', `PLN${NBSP}120.00`],
    ['License type (per user/computer)', 'Per computer'],
    ['Billing', 'One-time'],
    ['Quantity per user/computer', '3'],
    ['Total net price', `PLN${NBSP}300.00`],
    ['Total gross price', `PLN${NBSP}360.00`],
    ['When all seats are taken', 'Block'],
    ['Notes', '-'],
    ['Reminder e-mails', 'it@example.test, buyer@example.test'],
  ]);
  // No two items share a label: the category and the model, both "License type" in the manual, read apart.
  const labels = pairs.map(([label]) => label);
  expect(new Set(labels).size).toBe(labels.length);
});

test("amounts in the user's language, every digit kept", () => {
  const { container } = renderWithProviders(
    <LicenseDetailFields
      license={license({
        netUnitPrice: '418556.86',
        vatRate: '23.00',
        grossUnitPrice: '514824.94',
        currency: 'EUR',
        quantity: 1000000,
        totalNet: '418556860000.00',
        totalGross: '514824940000.00',
      })}
    />,
    { locale: 'fr' },
  );
  const amounts = itemPairs(container).filter(([label]) => /^Prix/.test(label ?? ''));
  expect(amounts).toEqual([
    ['Prix unitaire HT', `418${NNBSP}556,86${NBSP}€`],
    ['Prix unitaire TTC', `514${NNBSP}824,94${NBSP}€`],
    ['Prix total HT', `418${NNBSP}556${NNBSP}860${NNBSP}000,00${NBSP}€`],
    ['Prix total TTC', `514${NNBSP}824${NNBSP}940${NNBSP}000,00${NBSP}€`],
  ]);
});
