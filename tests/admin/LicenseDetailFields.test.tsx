/**
 * The detail page's "Basic information", derived from the license description: the fields in the
 * form's order, each formatted by its kind, the currency with the amounts, the totals after the quantity.
 */
import './support/jsdom';
import { LicenseDetailFields } from '../../admin/src/components/LicenseDetailFields';
import { renderWithProviders } from './support/render';
import { license } from './support/fixtures';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));

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
    />
  );
  const texts = [...container.querySelectorAll('*')].filter((el) => el.children.length === 0 && el.textContent).map((el) => el.textContent);
  const pairs = texts.flatMap((text, i) => (i % 2 ? [] : [[text, texts[i + 1]]]));
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
    ['Support date', '-'],
    ['Purchase date', '-'],
    ['Invoice number', '-'],
    ['Net unit price', '100.00 PLN'],
    ['VAT%', '20.00 %'],
    ['Gross unit price', '120.00 PLN'],
    ['License type (per user/computer)', 'Per computer'],
    ['Quantity per user/computer', '3'],
    ['Total net price', '300.00 PLN'],
    ['Total gross price', '360.00 PLN'],
    ['When all seats are taken', 'Block'],
    ['Notes', '-'],
    ['Reminder e-mails', 'it@example.test, buyer@example.test'],
  ]);
  // No two items share a label: the category and the model, both "License type" in the manual, read apart.
  const labels = pairs.map(([label]) => label);
  expect(new Set(labels).size).toBe(labels.length);
});
