/**
 * `npm run openapi`: writes docs/openapi.json with Strapi's generator (`strapi openapi generate`)
 * run in the playground on the built plugin (dist/), then adds what the generator leaves out of
 * the plugin's content API: the error envelope of 400-409 and 201 for creates. Keys are sorted so
 * the file only changes when the API does. `node scripts/openapi.js <file>` writes elsewhere (tests).
 */
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const PREFIX = '/license-manager/';
const ERRORS = { 400: 'Bad request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 409: 'Conflict' };
/** POSTs that create nothing (they answer 200), and the further errors some routes have. */
const NOT_CREATES = [`${PREFIX}inventory`];
const MORE_ERRORS = { [`${PREFIX}inventory`]: { 413: 'Payload too large: past 5,000 entries or 2 MB' } };

const sorted = (value) =>
  Array.isArray(value)
    ? value.map(sorted)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, sorted(value[k])]),
        )
      : value;

const generate = (out) => {
  const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-')), 'openapi.json');
  // On a SQLite file of its own, whatever database the caller's environment names (the API suite's).
  const env = { ...process.env, DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: `.tmp/openapi-${process.pid}.db`, SEED_DEMO_DATA: 'false' };
  const result = spawnSync('npx', ['strapi', 'openapi', 'generate', '-o', tmp], { cwd: path.join(ROOT, 'playground'), encoding: 'utf8', env });
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(ROOT, 'playground', `${env.DATABASE_FILENAME}${suffix}`), { force: true });
  if (result.status !== 0) throw new Error(`strapi openapi generate failed:\n${result.stdout}\n${result.stderr}`);
  const doc = JSON.parse(fs.readFileSync(tmp, 'utf8'));
  fs.rmSync(path.dirname(tmp), { recursive: true, force: true });

  const plugin = require(path.join(ROOT, 'dist/server/index.js'));
  const { $schema: _dialect, ...errorSchema } = (plugin.default ?? plugin).routes['content-api'].errorSchema;
  doc.components.schemas.LicenseManagerError = errorSchema;
  // A body past the app's JSON limit is refused by Strapi's body parser, whose 413 has no details.
  doc.components.schemas.LicenseManagerTooLarge = {
    ...errorSchema,
    properties: { ...errorSchema.properties, error: { ...errorSchema.properties.error, required: ['status', 'name', 'message'] } },
  };
  const envelope = (name) => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } });
  const error = envelope('LicenseManagerError');
  for (const [p, item] of Object.entries(doc.paths)) {
    if (!p.startsWith(PREFIX)) continue;
    for (const [method, op] of Object.entries(item)) {
      for (const [status, description] of Object.entries(ERRORS)) op.responses[status] = { description, ...error };
      for (const [status, description] of Object.entries(MORE_ERRORS[p] ?? {})) op.responses[status] = { description, ...envelope('LicenseManagerTooLarge') };
      if (method === 'post' && !NOT_CREATES.includes(p)) {
        op.responses[201] = { ...op.responses[200], description: 'Created' };
        delete op.responses[200];
      }
    }
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(sorted(doc), null, 2)}\n`);
};

module.exports = { generate };
if (require.main === module) generate(path.resolve(process.argv[2] ?? path.join(ROOT, 'docs/openapi.json')));
