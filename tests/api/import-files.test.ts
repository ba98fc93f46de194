/**
 * Issue 12: the assignment import, and a license file as a European Excel saves it
 * (semicolon-separated, Windows-1252, DD.MM.YYYY dates, decimal commas, French headers).
 */
import iconv from 'iconv-lite';
import { ACTIONS } from '../../shared/constants';
import { adminWith, startApp, unique, type TestApp } from './support/app';
import { created, makeAsset, makePerson } from './support/fixtures';
import { csv, postImport } from './support/import';

let app: TestApp;
let mark: string;
let softwareId: string;

beforeAll(async () => {
  app = await startApp({ asPluginAdmin: true });
  mark = unique('ImpF').replace(/\s/g, '');
  softwareId = (await created(app, '/software', { name: `${mark} Büro`, version: '2024' })).documentId;
});
afterAll(() => app.stop());

describe('a European Excel file', () => {
  const file = () =>
    iconv.encode(
      csv(
        [
          ['Nom', 'Logiciel', "Date d'expiration", 'Prix unitaire HT', 'TVA %', 'Quantité par utilisateur/ordinateur', 'Devise', 'Notes'],
          [`${mark} Lizenz Größe`, `${mark} Büro`, '31.12.2027', '1.234,50', '19,5', '25', 'EUR', 'Prix en €; renouvelé'],
          [`${mark} Deux`, `${mark} Büro`, '1.3.2028', '0,99', '20', '1', 'EUR', ''],
        ],
        ';',
      ),
      'win1252',
    );

  it('is detected as Windows-1252 and semicolons, and imports with its dates and amounts exact', async () => {
    expect(file().includes(Buffer.from('Größe', 'utf8'))).toBe(false); // really not UTF-8
    const dry = await postImport(app, 'licenses', file(), {
      dateFormat: 'DD.MM.YYYY',
      decimalSeparator: ',',
    });
    expect(dry.status).toBe(200);
    expect(dry.body.data).toMatchObject({
      encoding: 'windows-1252',
      delimiter: 'semicolon',
      rows: 2,
      created: 2,
      failed: 0,
      errors: [],
    });
    expect(dry.body.data.columns.map((c: { field: string }) => c.field)).toEqual([
      'name',
      'software',
      'expirationDate',
      'netUnitPrice',
      'vatRate',
      'quantity',
      'currency',
      'notes',
    ]);
    const res = await postImport(app, 'licenses', file(), {
      dateFormat: 'DD.MM.YYYY',
      decimalSeparator: ',',
      dryRun: 'false',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ committed: true, created: 2 });
    const list = (await app.admin('get', `/licenses?_q=${encodeURIComponent(mark)}&sort=name`)).body.data;
    expect(
      list.map((l: any) => [l.name, l.software.documentId, l.expirationDate, l.netUnitPrice, l.vatRate, l.grossUnitPrice, l.quantity, l.currency]),
    ).toEqual([
      [`${mark} Deux`, softwareId, '2028-03-01', '0.99', '20.00', '1.19', 1, 'EUR'],
      [`${mark} Lizenz Größe`, softwareId, '2027-12-31', '1234.50', '19.50', '1475.23', 25, 'EUR'],
    ]);
    const detail = (await app.admin('get', `/licenses/${list[1].documentId}`)).body.data;
    expect(detail.notes).toBe('Prix en €; renouvelé');
  });

  it('read with the default options, names each cell it cannot read', async () => {
    const res = await postImport(app, 'licenses', file());
    expect(res.status).toBe(200);
    expect(res.body.data.errors).toEqual(
      expect.arrayContaining([
        {
          row: 2,
          column: "Date d'expiration",
          value: '31.12.2027',
          message: 'not a date in the format YYYY-MM-DD',
          code: 'not_a_date',
          params: { format: 'YYYY-MM-DD' },
        },
        {
          row: 2,
          column: 'Prix unitaire HT',
          value: '1.234,50',
          message: 'not a number with "." as decimal separator',
          code: 'not_a_decimal',
          params: { separator: '.' },
        },
      ]),
    );
  });
});

describe('the assignment import', () => {
  let license: { documentId: string; name: string };
  let persons: { documentId: string; email: string }[];
  let asset: { documentId: string; inventoryNumber: string };

  beforeAll(async () => {
    const l = await created(app, '/licenses', {
      name: `${mark} Seats`,
      software: softwareId,
      quantity: 2,
      overAssignment: 'block',
    });
    license = { documentId: l.documentId, name: `${mark} Seats` };
    persons = [];
    for (let i = 0; i < 3; i++) {
      const p = await makePerson(app);
      const email = `${mark.toLowerCase()}-${i}@example.org`;
      expect(
        (
          await app.admin('put', `/persons/${p.documentId}`, {
            data: { email, employeeNumber: `${mark}-E${i}` },
          })
        ).status,
      ).toBe(200);
      persons.push({ documentId: p.documentId, email });
    }
    const a = await makeAsset(app);
    const inventoryNumber = `${mark}-INV`;
    expect(
      (
        await app.admin('put', `/assets/${a.documentId}`, {
          data: { inventoryNumber },
        })
      ).status,
    ).toBe(200);
    asset = { documentId: a.documentId, inventoryNumber };
  });

  const file = () =>
    csv([
      ['license', 'personEmail', 'personEmployeeNumber', 'assetInventoryNumber'],
      [license.name, persons[0].email.toUpperCase(), '', ''], // 2: created (e-mail without case)
      [license.name, '', `${mark}-E1`, ''], // 3: created
      [license.name, persons[2].email, '', ''], // 4: a third person for 2 seats under block
      [`${mark} No such license`, persons[0].email, '', ''], // 5
      [license.name, 'nobody@example.org', '', ''], // 6
      [license.name, '', '', asset.inventoryNumber], // 7: assets are not counted by a per-user license
    ]);

  const assigned = async () => {
    const res = await app.admin('get', `/licenses/${license.documentId}/assignments?pageSize=100`);
    return res.body.data.map((a: any) => a.person?.documentId ?? a.asset?.documentId).sort();
  };

  it('reports a row over the seats, an unknown license and person, and writes nothing on a dry run', async () => {
    const res = await postImport(app, 'assignments', file());
    expect(res.status).toBe(200);
    const report = res.body.data;
    expect(report).toMatchObject({
      rows: 6,
      created: 3,
      unchanged: 0,
      failed: 3,
    });
    expect(report.errors).toEqual([
      expect.objectContaining({
        row: 4,
        column: 'personEmail',
        value: persons[2].email,
        message: expect.stringContaining('Not enough seats'),
      }),
      {
        row: 5,
        column: 'license',
        value: `${mark} No such license`,
        message: 'no license has this name',
        code: 'no_record',
        params: { kind: 'license' },
      },
      {
        row: 6,
        column: 'personEmail',
        value: 'nobody@example.org',
        message: 'refers to no person',
        code: 'no_record',
        params: { kind: 'person' },
      },
    ]);
    expect(await assigned()).toEqual([]);
  });

  it('commits the good rows under skip, and a second import changes nothing', async () => {
    const res = await postImport(app, 'assignments', file(), {
      dryRun: 'false',
      onError: 'skip',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      committed: true,
      created: 3,
      failed: 3,
    });
    expect(await assigned()).toEqual([persons[0].documentId, persons[1].documentId, asset.documentId].sort());
    const seats = (await app.admin('get', `/licenses/${license.documentId}`)).body.data.seats;
    expect(seats).toMatchObject({ used: 2, total: 2, available: 0 });

    const again = await postImport(app, 'assignments', file(), {
      dryRun: 'false',
      onError: 'skip',
    });
    expect(again.body.data).toMatchObject({
      created: 0,
      unchanged: 3,
      failed: 3,
    });
    expect(await assigned()).toEqual([persons[0].documentId, persons[1].documentId, asset.documentId].sort());
  });

  it('refuses a file without a person or asset column, and a user without licenses.assign', async () => {
    const res = await postImport(app, 'assignments', csv([['license'], [license.name]]));
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0]).toMatchObject({
      path: ['personEmail'],
      message: expect.stringContaining('one of personEmail'),
    });
    const noAssign = await adminWith(app, unique('no-assign'), [ACTIONS.read, ACTIONS.create, ACTIONS.update]);
    expect((await postImport(app, 'assignments', file(), {}, noAssign)).status).toBe(403);
  });
});
