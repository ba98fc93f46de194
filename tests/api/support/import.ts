/** Upload helpers for the CSV import tests: a file posted as the admin's import dialog posts it. */
import type { Test } from 'supertest';
import type { TestApp } from './app';

export type ImportKind = 'licenses' | 'assignments' | 'purchases';
export type ImportForm = Partial<Record<'dryRun' | 'onError' | 'createMissing' | 'dateFormat' | 'decimalSeparator' | 'delimiter' | 'encoding', string>>;

/** A started request (either process's) made an import upload: the form's fields, then the file. */
export const withImportFile = (r: Test, kind: ImportKind, file: Buffer | string, form: ImportForm = {}) => {
  for (const [k, v] of Object.entries(form)) r = r.field(k, v);
  return r.attach('file', Buffer.isBuffer(file) ? file : Buffer.from(file, 'utf8'), { filename: `${kind}.csv`, contentType: 'text/csv' });
};

export const postImport = (app: TestApp, kind: ImportKind, file: Buffer | string, form: ImportForm = {}, token = app.adminToken) =>
  withImportFile(app.http().post(`/license-manager/${kind}/import`).set('Authorization', `Bearer ${token}`), kind, file, form);

/** A CSV text from rows of cells (quoted where needed), lines ending in CR LF as Excel writes them. */
export const csv = (rows: (string | number)[][], delimiter = ','): string =>
  rows
    .map((cells) =>
      cells
        .map((c) => {
          const s = String(c);
          return /["\r\n]/.test(s) || s.includes(delimiter) ? `"${s.replace(/"/g, '""')}"` : s;
        })
        .join(delimiter),
    )
    .join('\r\n') + '\r\n';

/** A request whose answer is read as raw bytes (a CSV download), in `body`. */
export const asBytes = (req: Test): Test =>
  req.buffer(true).parse((r, done) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => done(null, Buffer.concat(chunks)));
  });
