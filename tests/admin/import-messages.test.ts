/**
 * Every import code (shared/import/codes.ts) has its message in both locales, and each one formats
 * with the params the server sends, in English and French.
 */
import { IMPORT_MESSAGES, importMessage } from '../../admin/src/utils/importMessages';
import { IMPORT_CODES } from '../../shared/import/codes';
import en from '../../shared/translations/en.json';
import fr from '../../shared/translations/fr.json';
import { intl } from './support/intl';

/** Params as the server may send them for each code; every kind a code takes. */
const PARAMS: Record<string, Record<string, unknown>[]> = {
  cell_too_long: [{ max: 100_000 }],
  not_a_date: [{ format: 'DD.MM.YYYY' }],
  not_a_decimal: [{ separator: '.' }, { separator: ',' }],
  duplicate_row: [{ line: 2 }],
  no_reference: ['software', 'categories', 'organizations', 'organizational-units', 'locations'].map((kind) => ({ kind, option: 'createMissing' })),
  ambiguous_reference: ['software', 'categories', 'organizations', 'organizational-units', 'locations'].map((kind) => ({ kind })),
  unit_needs_organization: [{ kind: 'organizational-units' }],
  reference_not_created: [{ kind: 'locations' }, { kind: 'software', cause: { code: 'too_big', params: { origin: 'string', maximum: 255 } } }],
  no_record: ['license', 'person', 'asset'].map((kind) => ({ kind })),
};

test.each([...IMPORT_CODES])('%s has a message in English and French', (code) => {
  const key = IMPORT_MESSAGES[code];
  expect(en[key]).toEqual(expect.any(String));
  expect((fr as Record<string, string>)[key]).toEqual(expect.any(String));
  for (const params of PARAMS[code] ?? [{}]) {
    const english = importMessage(intl.en, { message: 'server text', code, params });
    const french = importMessage(intl.fr, { message: 'server text', code, params });
    expect(english).not.toBe('server text');
    expect(french).not.toBe(english);
    // A select's fallback branch ("record") means a kind the message does not know.
    expect(english).not.toMatch(/\brecords?\b/);
    expect(french).not.toMatch(/enregistrement/);
  }
});
