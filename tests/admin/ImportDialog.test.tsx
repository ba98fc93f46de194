/**
 * The import dialog in jsdom: "Check file" posts the file as a dry run and shows the report (how
 * the file was read, the counts, the errors by row and column); "Import" commits and refreshes the
 * list; a commit refused under abort shows its report, a problem with the whole file its message.
 * The design system, react-intl and an RTK Query `adminApi` are real; `@strapi/strapi/admin` is
 * support/strapi-admin.tsx, whose fetch client each test answers.
 */
import './support/jsdom';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useAllAssignmentsQuery } from '../../admin/src/api/assignments';
import { useLicensesQuery } from '../../admin/src/api/licenses';
import { ImportDialog } from '../../admin/src/components/import/ImportDialog';
import { ImportMapping } from '../../admin/src/components/import/ImportMapping';
import { ImportReportView } from '../../admin/src/components/import/ImportReportView';
import type { ImportError, ImportKind } from '../../admin/src/api/import';
import { answer, checkedReport, cleanReport } from './support/import';
import { page } from './support/fixtures';
import { renderWithProviders } from './support/render';
import { fetchClient, resetStrapiAdmin, serverError, toggleNotification } from './support/strapi-admin';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));

/** The list page's queries, mounted beside the dialog so that a refetch shows. */
const ListQueries = () => {
  useLicensesQuery({ page: 1 });
  useAllAssignmentsQuery({ licenseId: 'lic1', kind: 'person' });
  return null;
};

const fetched = () => fetchClient.get.mock.calls.map(([url]) => url.replace('/license-manager/', '')).sort();

const open = async (kind: ImportKind = 'licenses', canCreateMissing = true, locale: 'en' | 'fr' = 'en') => {
  renderWithProviders(
    <>
      <ListQueries />
      <ImportDialog kind={kind} canCreateMissing={canCreateMissing} onClose={() => undefined} />
    </>,
    { locale },
  );
  await waitFor(() => expect(fetched()).toEqual(['licenses', 'licenses/lic1/assignments']));
  fetchClient.get.mockClear();
};

const csv = new File(['Nom;Logiciel\n'], 'licences.csv', { type: 'text/csv' });
const choose = (file = csv) => fireEvent.change(screen.getByTestId('import-file-input'), { target: { files: [file] } });
const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;
const click = async (name: string) => {
  await act(async () => {
    fireEvent.click(button(name));
  });
};

/** The last request: its URL and form fields (the file by its name). */
const lastSent = () => {
  const [url, form] = fetchClient.post.mock.calls.at(-1) as [string, FormData];
  const fields = Object.fromEntries([...form.entries()].map(([k, v]) => [k, typeof v === 'string' ? v : (v as File).name]));
  return { url, fields };
};

/** Picks an option of one of the dialog's selects, from the keyboard. */
const pick = async (label: string, option: string) => {
  fireEvent.keyDown(screen.getByRole('combobox', { name: label }), { key: 'ArrowDown' });
  const item = await screen.findByRole('option', { name: option });
  await act(async () => {
    fireEvent.keyDown(item, { key: 'Enter' });
  });
};

const cells = (testId: string) =>
  within(screen.getByTestId(testId))
    .getAllByRole('row')
    .slice(1)
    .map((row) => [...row.querySelectorAll('td')].map((c) => c.textContent));

const counts = () =>
  Object.fromEntries(
    within(screen.getByTestId('import-counts'))
      .getAllByRole('definition')
      .map((dd) => [dd.previousSibling?.textContent, dd.textContent]),
  );

/** Waits for refetches to start, if any are coming. */
const settle = () => act(async () => new Promise((r) => setTimeout(r, 50)));

beforeEach(() => {
  // The dialog keeps the last date and decimal formats chosen: each test starts from the locale's.
  window.localStorage.clear();
  resetStrapiAdmin();
  fetchClient.get.mockImplementation(async () => page([]));
});

test('"Check file" sends a dry run with the options and shows how the file was read, the counts and the errors by row and column', async () => {
  await open();
  expect(button('Check file').disabled).toBe(true);
  choose();
  expect(screen.getByTestId('import-file-name').textContent).toContain('licences.csv');
  await pick('Date format', 'DD.MM.YYYY');
  await pick('Decimal separator', 'Comma (1234,50)');
  fetchClient.post.mockResolvedValue(answer(checkedReport()));
  await click('Check file');

  expect(lastSent()).toEqual({
    url: '/license-manager/licenses/import',
    // Delimiter and encoding are left to the server's detection.
    fields: { file: 'licences.csv', dryRun: 'true', onError: 'abort', dateFormat: 'DD.MM.YYYY', decimalSeparator: ',', createMissing: 'false' },
  });
  expect(screen.getByTestId('import-outcome').textContent).toBe(
    'Check done: nothing has been imported yet2 rows have errors: correct the file and check it again, or skip these rows.',
  );
  expect(screen.getByTestId('import-detected').textContent).toBe('Read as Windows-1252, columns separated by semicolon.');
  expect(cells('import-mapping')).toEqual([
    ['Nom', 'Name (name)'],
    ['Logiciel', 'Software (software)'],
    ["Date d'expiration", 'Expiration date (expirationDate)'],
    ['seatsUsed', 'Read-only, not imported'],
    ['Colour', 'Unknown, not importedunknown column, not imported'],
  ]);
  expect(counts()).toEqual({ Rows: '4', New: '1', Updated: '0', Unchanged: '1', 'With errors': '2' });
  expect(screen.getByRole('heading', { name: '2 errors' })).toBeTruthy();
  expect(cells('import-errors')).toEqual([
    ['3', "Date d'expiration", '31.02.2027', 'not a real date in the format DD.MM.YYYY'],
    ['5', 'Logiciel', 'Nowhere Suite', 'no software named "Nowhere Suite"'],
  ]);
  // Under "Import nothing", the dry run already says a commit would write nothing.
  expect(button('Import').disabled).toBe(true);
  expect(screen.getByTestId('import-abort-blocks')).toBeTruthy();
  // A dry run writes nothing: nothing is refetched.
  await settle();
  expect(fetched()).toEqual([]);
});

test('with "skip", "Import" commits, shows the result and refreshes the license list', async () => {
  await open();
  choose();
  fetchClient.post.mockResolvedValue(answer(checkedReport()));
  await click('Check file');
  // What to do with bad rows does not change how the file reads: the check stands.
  await pick('Rows with errors', 'Skip them and import the other rows');
  expect(screen.getByTestId('import-report')).toBeTruthy();
  expect(button('Import').disabled).toBe(false);

  fetchClient.post.mockResolvedValue(answer(checkedReport({ dryRun: false, committed: true })));
  await click('Import');
  expect(lastSent().fields).toMatchObject({ dryRun: 'false', onError: 'skip' });
  expect(screen.getByTestId('import-outcome').textContent).toBe('Import done2 rows with errors were skipped; the other rows have been imported.');
  expect(counts()).toMatchObject({ New: '1', 'With errors': '2' });
  expect(cells('import-errors')).toHaveLength(2);
  // The form is gone; "Import another file" starts again.
  expect(screen.queryByTestId('import-file-input')).toBeNull();
  expect(toggleNotification).toHaveBeenCalledWith({ type: 'success', message: 'Licenses imported: 1 new, 0 updated, 1 unchanged, 2 skipped.' });
  await waitFor(() => expect(fetched()).toEqual(['licenses', 'licenses/lic1/assignments']));
  await click('Import another file');
  expect(screen.getByTestId('import-file-input')).toBeTruthy();
  expect(screen.queryByTestId('import-report')).toBeNull();
});

test('a commit refused under abort (400 with the report) shows that report, writes and refreshes nothing', async () => {
  await open();
  choose();
  fetchClient.post.mockResolvedValue(answer(cleanReport()));
  await click('Check file');
  expect(screen.getByTestId('import-outcome').textContent).toContain('Every row can be imported.');
  // Someone else changed the data between the check and the import.
  const report = checkedReport({ dryRun: false, committed: false, created: 0, unchanged: 0 });
  fetchClient.post.mockRejectedValue(serverError(400, 'The file has 2 errors: nothing was imported', report));
  await click('Import');

  expect(lastSent().fields).toMatchObject({ dryRun: 'false', onError: 'abort' });
  // In the user's words, from the report's count (not the server's English sentence).
  expect(screen.getByTestId('import-outcome').textContent).toBe(
    'Nothing was imported2 rows have errors: correct the file and check it again, or skip these rows.',
  );
  expect(screen.getByTestId('import-outcome').getAttribute('role')).toBe('alert');
  expect(counts()).toMatchObject({ New: '0', 'With errors': '2' });
  expect(cells('import-errors').map((r) => r.slice(0, 2))).toEqual([
    ['3', "Date d'expiration"],
    ['5', 'Logiciel'],
  ]);
  expect(button('Import').disabled).toBe(true);
  await settle();
  expect(fetched()).toEqual([]);
});

test('a problem with the whole file shows its message and what is wrong; a file over 20 MB its 413 message', async () => {
  await open();
  choose();
  fetchClient.post.mockRejectedValue(serverError(400, 'The file cannot be read', { errors: [{ path: ['name'], message: 'missing required column name' }] }));
  await click('Check file');
  const shown = screen.getByTestId('import-file-error');
  expect(shown.textContent).toBe('The file cannot be importedThe file cannot be readname: missing required column name');
  expect(screen.queryByTestId('import-report')).toBeNull();
  expect(button('Import').disabled).toBe(true);
  expect(toggleNotification).toHaveBeenLastCalledWith({ type: 'danger', message: 'The file cannot be read' });

  fetchClient.post.mockRejectedValue(serverError(413, 'The file is larger than 20 MB; split it into smaller files'));
  await click('Check file');
  expect(screen.getByTestId('import-file-error').textContent).toBe('The file cannot be importedThe file is larger than 20 MB; split it into smaller files');
});

test('changing the file or how it reads asks for a new check', async () => {
  await open();
  choose();
  fetchClient.post.mockResolvedValue(answer(cleanReport()));
  await click('Check file');
  expect(button('Import').disabled).toBe(false);
  await pick('Encoding', 'UTF-8');
  expect(screen.queryByTestId('import-report')).toBeNull();
  expect(button('Import').disabled).toBe(true);
  await click('Check file');
  expect(lastSent().fields).toMatchObject({ encoding: 'utf-8' });
  choose(new File(['x'], 'other.csv'));
  expect(screen.queryByTestId('import-report')).toBeNull();
});

test('assignments: no "create missing" nor date and decimal formats, their own counts, and a commit refreshes the assignments too', async () => {
  await open('assignments');
  // An assignment row has no date, amount or reference to create: only the options its import reads.
  expect(screen.queryByRole('checkbox', { name: 'Create missing reference data' })).toBeNull();
  expect(screen.queryByRole('combobox', { name: 'Date format' })).toBeNull();
  expect(screen.queryByRole('combobox', { name: 'Decimal separator' })).toBeNull();
  expect(screen.getAllByRole('combobox').map((c) => c.getAttribute('aria-label') ?? c.textContent)).toHaveLength(3);
  choose();
  const report = cleanReport({ updated: 0, columns: [{ header: 'license', field: 'license', status: 'field' }], warnings: [] });
  fetchClient.post.mockResolvedValue(answer(report));
  await click('Check file');
  expect(lastSent()).toEqual({
    url: '/license-manager/assignments/import',
    fields: { file: 'licences.csv', dryRun: 'true', onError: 'abort' },
  });
  expect(counts()).toEqual({ Rows: '2', 'New assignments': '1', 'Already assigned': '1', 'With errors': '0' });
  expect(cells('import-mapping')).toEqual([['license', 'license']]);

  fetchClient.post.mockResolvedValue(answer({ ...report, dryRun: false, committed: true }));
  await click('Import');
  await waitFor(() => expect(fetched()).toEqual(['licenses', 'licenses/lic1/assignments']));
});

test('"Create missing reference data" is offered with the permission to manage reference data, and sent', async () => {
  await open('licenses', true);
  choose();
  fireEvent.click(screen.getByRole('checkbox', { name: 'Create missing reference data' }));
  fetchClient.post.mockResolvedValue(answer(cleanReport()));
  await click('Check file');
  expect(lastSent().fields.createMissing).toBe('true');
});

test('the columns feeding the category and the assignment model, both "License type" in the manual, read apart', () => {
  renderWithProviders(
    <ImportMapping
      report={{
        columns: [
          { header: 'category', field: 'category', status: 'field' },
          { header: 'License type (per user/computer)', field: 'assignmentModel', status: 'field' },
        ],
        warnings: [],
      }}
      kind="licenses"
    />,
  );
  expect(cells('import-mapping')).toEqual([
    ['category', 'License type (category)'],
    ['License type (per user/computer)', 'License type (per user/computer) (assignmentModel)'],
  ]);
});

test('a row that changes only the capitalization of the name it matched says "renamed from" the old name, in English and French', async () => {
  await open();
  choose();
  const report = cleanReport({
    rows: 3,
    updated: 1,
    results: [
      { row: 2, name: 'Office A', outcome: 'created' },
      { row: 3, name: 'Office 2021', outcome: 'updated', renamed: { from: 'office 2021', to: 'Office 2021' } },
      { row: 4, name: 'Office C', outcome: 'unchanged' },
    ],
  });
  fetchClient.post.mockResolvedValue(answer(report));
  await click('Check file');
  expect(screen.getByRole('heading', { name: '1 license renamed' })).toBeTruthy();
  expect(cells('import-renamed')).toEqual([['3', 'Office 2021', 'Updated — renamed from “office 2021”']]);

  renderWithProviders(<ImportReportView kind="licenses" report={report} />, { locale: 'fr' });
  const french = screen.getAllByTestId('import-renamed').at(-1)!;
  expect([...french.querySelectorAll('tbody td')].map((c) => c.textContent)).toEqual([
    '3',
    'Office 2021',
    'Mise à jour — renommée, anciennement « office 2021 »',
  ]);
});

test('a report without renamed rows shows no renamed table', async () => {
  renderWithProviders(<ImportReportView kind="licenses" report={checkedReport()} />);
  expect(screen.getByTestId('import-report')).toBeTruthy();
  expect(screen.queryByTestId('import-renamed')).toBeNull();
});

/** What a select of the dialog shows as chosen. */
const chosen = (label: string) => screen.getByRole('combobox', { name: label }).textContent;

test('the date and decimal formats start from the user language, and keep the last choice', async () => {
  await open('licenses', true, 'en');
  // English: the export's own formats, as before.
  expect([chosen('Date format'), chosen('Decimal separator')]).toEqual(['YYYY-MM-DD', 'Point (1234.50)']);
  cleanup();

  await open('licenses', true, 'fr');
  // French: day first, decimal comma, as a French spreadsheet writes them.
  expect([chosen('Format des dates'), chosen('Séparateur décimal')]).toEqual(['DD/MM/YYYY', 'Virgule (1234,50)']);
  await pick('Format des dates', 'DD.MM.YYYY');
  cleanup();

  // The next dialog, whatever the language, starts from the last choice.
  await open('licenses', true, 'en');
  expect([chosen('Date format'), chosen('Decimal separator')]).toEqual(['DD.MM.YYYY', 'Comma (1234,50)']);
  choose();
  fetchClient.post.mockResolvedValue(answer(cleanReport()));
  await click('Check file');
  expect(lastSent().fields).toMatchObject({ dateFormat: 'DD.MM.YYYY', decimalSeparator: ',' });
});

/** A dry run's errors as the server words them, each with its code and params. */
const codedErrors: ImportError[] = [
  {
    row: 2,
    column: 'Logiciel',
    value: 'Nowhere Suite',
    message: 'no software has this name (createMissing adds it)',
    code: 'no_reference',
    params: { kind: 'software', option: 'createMissing' },
  },
  {
    row: 3,
    column: 'Organisation',
    value: 'ACME',
    message: 'no organization has this name (createMissing adds it)',
    code: 'no_reference',
    params: { kind: 'organizations', option: 'createMissing' },
  },
  {
    row: 4,
    column: "Date d'expiration",
    value: '31.02.2027',
    message: 'not a date in the format DD/MM/YYYY',
    code: 'not_a_date',
    params: { format: 'DD/MM/YYYY' },
  },
  { row: 5, column: 'Prix', value: '1.2.3', message: 'not a number with "," as decimal separator', code: 'not_a_decimal', params: { separator: ',' } },
  { row: 6, column: 'Nom', value: 'Office', message: 'the same license is on line 2 of the file', code: 'duplicate_row', params: { line: 2 } },
  {
    row: 7,
    column: 'Nom',
    value: 'x…',
    message: 'must be at most 255 characters',
    code: 'too_big',
    params: { origin: 'string', maximum: 255, inclusive: true },
  },
  {
    row: 9,
    column: 'Logiciel',
    value: 'y…',
    message: 'this software cannot be created: name must be at most 255 characters',
    code: 'reference_not_created',
    params: { kind: 'software', cause: { code: 'too_big', params: { origin: 'string', maximum: 255 } } },
  },
  { row: 10, column: 'Notes', value: 'z…', message: 'the cell has more than 100,000 characters', code: 'cell_too_long', params: { max: 100000 } },
];

test('the errors table words each error in French from its code, naming the option by its label; an error without a code keeps the server message', () => {
  const report = checkedReport({
    failed: codedErrors.length + 1,
    errors: [...codedErrors, { row: 11, column: 'Quantité', value: '3', message: 'no seat is left' }],
  });
  renderWithProviders(<ImportReportView kind="licenses" report={report} />, { locale: 'fr' });
  const messages = cells('import-errors').map((row) => row[3]!.replace(/\s/g, ' '));
  expect(messages).toEqual([
    "aucun logiciel ne porte ce nom (cochez « Créer les données de référence manquantes » pour l'ajouter)",
    "aucune organisation ne porte ce nom (cochez « Créer les données de référence manquantes » pour l'ajouter)",
    "n'est pas une date au format DD/MM/YYYY",
    "n'est pas un nombre avec la virgule comme séparateur décimal",
    'la même licence figure à la ligne 2 du fichier',
    'doit contenir au plus 255 caractères',
    'ce logiciel ne peut pas être créé : doit contenir au plus 255 caractères',
    'la cellule dépasse 100 000 caractères',
    'no seat is left',
  ]);
  // No API word and no English in the coded messages.
  for (const text of messages.slice(0, -1)) expect(text).not.toMatch(/createMissing|has this name|\bmust\b|\bnot a\b|\bcell\b/);
});

test('the same errors in English say what the server says, the option by its label', () => {
  renderWithProviders(<ImportReportView kind="licenses" report={checkedReport({ errors: codedErrors.slice(0, 1) })} />);
  expect(cells('import-errors')[0][3]).toBe('no software has this name (tick “Create missing reference data” to add it)');
});

test('a user the option is not offered to is not told to tick it', () => {
  renderWithProviders(<ImportReportView kind="licenses" report={checkedReport({ errors: codedErrors.slice(0, 1) })} offered={[]} />, { locale: 'fr' });
  expect(cells('import-errors')[0][3]).toBe('aucun logiciel ne porte ce nom');
});

describe('installations (issue 28)', () => {
  test('posts to the installations import without the format or createMissing options, maps its columns by the installation words, and says what was written', async () => {
    await open('installations', false);
    expect(screen.getByRole('heading', { name: 'Import installations' })).toBeTruthy();
    expect(screen.queryByRole('combobox', { name: 'Date format' })).toBeNull();
    expect(screen.queryByRole('checkbox', { name: /Create the missing/ })).toBeNull();
    choose(new File(['hostname;name\n'], 'inventory.csv', { type: 'text/csv' }));
    fetchClient.post.mockResolvedValue(
      answer({
        ...cleanReport(),
        columns: [
          { header: 'hostname', field: 'hostname', status: 'field' },
          { header: 'serial', field: 'serial', status: 'field' },
          { header: 'name', field: 'name', status: 'field' },
        ],
      }),
    );
    await click('Check file');
    expect(lastSent()).toEqual({ url: '/license-manager/installations/import', fields: { file: 'inventory.csv', dryRun: 'true', onError: 'abort' } });
    expect(cells('import-mapping')).toEqual([
      ['hostname', 'Hostname (hostname)'],
      ['serial', 'Serial number (serial)'],
      ['name', 'Name (name)'],
    ]);
  });
});
