import { ASSIGNMENT_IMPORT_VOCABULARY, mapHeaders, normalizeHeader } from '../../shared/import/headers';

describe('mapHeaders (licenses)', () => {
  it('matches attribute names as the export writes them, ignoring seatsUsed and status', () => {
    expect(mapHeaders(['name', 'software', 'quantity', 'seatsUsed', 'status', 'key'])).toEqual({
      columns: [
        { index: 0, header: 'name', field: 'name', status: 'field' },
        { index: 1, header: 'software', field: 'software', status: 'field' },
        { index: 2, header: 'quantity', field: 'quantity', status: 'field' },
        {
          index: 3,
          header: 'seatsUsed',
          field: 'seatsUsed',
          status: 'ignored',
        },
        { index: 4, header: 'status', field: 'status', status: 'ignored' },
        { index: 5, header: 'key', field: 'key', status: 'field' },
      ],
      warnings: [],
      errors: [],
    });
  });

  it("matches the manual's English and French labels, without case, accents or spaces", () => {
    const { columns, errors } = mapHeaders([
      'NAME',
      ' Numero d’inventaire',
      "numéro d'inventaire",
      'Date d’expiration',
      'Prix unitaire HT',
      'TVA %',
      'Expiration Date',
      'Clé',
    ]);
    expect(columns.map((c) => c.field)).toEqual([
      'name',
      'inventoryNumber',
      // The same field twice (curly and straight apostrophe): a duplicate.
      'inventoryNumber',
      'expirationDate',
      'netUnitPrice',
      'vatRate',
      'expirationDate',
      'key',
    ]);
    expect(errors).toEqual([
      {
        column: "numéro d'inventaire",
        message: 'duplicate column: "Numero d’inventaire" is already inventoryNumber',
      },
      {
        column: 'Expiration Date',
        message: 'duplicate column: "Date d’expiration" is already expirationDate',
      },
    ]);
  });

  it('maps French and English label headers to the same fields', () => {
    const english = mapHeaders(['Name', 'Software', 'Quantity per user/computer', 'Net unit price', 'Expiration date', 'Reminder e-mails']);
    const french = mapHeaders(['Nom', 'Logiciel', 'Quantité par utilisateur/ordinateur', 'Prix unitaire HT', "Date d'expiration", 'E-mails de rappel']);
    const fields = ['name', 'software', 'quantity', 'netUnitPrice', 'expirationDate', 'notifyEmails'];
    expect(english.columns.map((c) => c.field)).toEqual(fields);
    expect(french.columns.map((c) => c.field)).toEqual(fields);
    expect([english.errors, english.warnings, french.errors, french.warnings]).toEqual([[], [], [], []]);
  });

  it('warns about an unknown column and an unnamed one, without failing', () => {
    expect(mapHeaders(['name', 'Colour', ''])).toEqual({
      columns: [
        { index: 0, header: 'name', field: 'name', status: 'field' },
        { index: 1, header: 'Colour', field: null, status: 'unknown' },
        { index: 2, header: '', field: null, status: 'unknown' },
      ],
      warnings: [
        { column: 'Colour', message: 'unknown column, not imported' },
        { column: '', message: 'column 3 has no header and is not imported' },
      ],
      errors: [],
    });
  });

  it('refuses a duplicate column, by name or by label', () => {
    expect(mapHeaders(['name', 'quantity', 'Quantité par utilisateur/ordinateur']).errors).toEqual([
      {
        column: 'Quantité par utilisateur/ordinateur',
        message: 'duplicate column: "quantity" is already quantity',
      },
    ]);
  });

  it('refuses a missing name column', () => {
    expect(mapHeaders(['software', 'quantity']).errors).toEqual([{ column: 'name', message: 'missing required column name' }]);
  });

  it('refuses a label two fields share ("License type": category and assignment model), the attribute name being unambiguous', () => {
    expect(mapHeaders(['name', 'License type']).errors).toEqual([
      {
        column: 'License type',
        message: 'ambiguous column: it may be category or assignmentModel; use the attribute name',
      },
    ]);
    expect(mapHeaders(['name', 'category', 'assignmentModel']).errors).toEqual([]);
  });

  it("reads the admin's own label for the assignment model, in English and French, and still refuses the manual's shared one", () => {
    for (const [model, shared] of [
      ['License type (per user/computer)', 'License type'],
      ['Type de licence (par utilisateur/ordinateur)', 'Type de licence'],
    ]) {
      const { columns, errors } = mapHeaders(['name', 'category', model]);
      expect(columns.map((c) => c.field)).toEqual(['name', 'category', 'assignmentModel']);
      expect(errors).toEqual([]);
      expect(mapHeaders(['name', shared]).errors).toEqual([
        { column: shared, message: 'ambiguous column: it may be category or assignmentModel; use the attribute name' },
      ]);
    }
  });
});

describe('mapHeaders (assignments)', () => {
  it('takes license or licenseDocumentId and one person or asset column, ignoring the export-only ones', () => {
    const { columns, errors } = mapHeaders(['license', 'person', 'personEmail', 'asset', 'assignedAt', 'assignedBy'], ASSIGNMENT_IMPORT_VOCABULARY);
    expect(columns.map((c) => [c.field, c.status])).toEqual([
      ['license', 'field'],
      ['person', 'ignored'],
      ['personEmail', 'field'],
      ['asset', 'ignored'],
      ['assignedAt', 'ignored'],
      ['assignedBy', 'ignored'],
    ]);
    expect(errors).toEqual([]);
  });

  it('names what is missing', () => {
    expect(mapHeaders(['person'], ASSIGNMENT_IMPORT_VOCABULARY).errors).toEqual([
      {
        column: 'license',
        message: 'missing column: one of license, licenseDocumentId is required',
      },
      {
        column: 'personEmail',
        message: 'missing column: one of personEmail, personEmployeeNumber, assetInventoryNumber is required',
      },
    ]);
  });
});

it('normalizeHeader drops case, accents and whitespace', () => {
  expect(normalizeHeader('  Numéro  de\tSÉRIE ')).toBe('numerodeserie');
});
