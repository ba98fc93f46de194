/** The license history's line for what an entry changed. */
import { changesText } from '../../admin/src/components/LicenseHistory';

// The component imports Strapi's admin hooks; the real module cannot load in jsdom.
jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));

it('names a key added or removed by its label, never by its documentId', () => {
  const documentId = 'k3v9x2m7q1w8e5r4t6y0u2i9';
  expect(changesText('key_added', { key: documentId, label: 'Volume key' }, 'Key')).toBe('Volume key');
  expect(changesText('key_removed', { key: documentId, label: null }, 'Key')).toBe('Key');
  expect(changesText('key_added', { key: documentId, label: 'Volume key' }, 'Key')).not.toContain(documentId);
});

it('shows other changes as field: old → new', () => {
  expect(changesText('updated', { quantity: { from: 3, to: 5 } }, 'Key')).toBe('quantity: 3 → 5');
});
