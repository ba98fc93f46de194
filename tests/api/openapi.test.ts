/**
 * docs/openapi.json: what the generator gives now (on SQLite, the playground's own database; the
 * document does not depend on it), a valid OpenAPI 3 document, and complete for every plugin
 * content-API operation.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const ROOT = path.resolve(__dirname, '../..');
const COMMITTED = path.join(ROOT, 'docs/openapi.json');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generate } = require('../../scripts/openapi.js') as { generate: (out: string) => void };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const plugin = require('../../dist/server/index.js');
const routes = (plugin.default ?? plugin).routes['content-api'].routes as { method: string; path: string }[];

type Operation = { parameters?: { name: string; in: string }[]; requestBody?: unknown; responses: Record<string, { content?: unknown }> };
const doc = JSON.parse(fs.readFileSync(COMMITTED, 'utf8')) as { paths: Record<string, Record<string, Operation>> };

describe('docs/openapi.json is what `npm run openapi` gives now', () => {
  // The generator boots the playground on a SQLite file of its own, whatever this run's database.
  it('equals a fresh generation', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-test-')), 'openapi.json');
    generate(out);
    expect(fs.readFileSync(out, 'utf8')).toBe(fs.readFileSync(COMMITTED, 'utf8'));
  }, 180_000);
});

describe('docs/openapi.json', () => {
  it('validates as OpenAPI 3', () => {
    // The validator is an ES module, which this Jest cannot require: it runs in its own Node.
    const check = `import { Validator } from '@seriousme/openapi-schema-validator';
      const r = await new Validator().validate(process.argv[1]); console.log(JSON.stringify(r));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', check, COMMITTED], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(run.stdout)).toEqual({ valid: true });
  });

  it.each(routes.map((r) => [r.method, r.path] as const))('describes %s %s: parameters, body, answer and errors', (method, route) => {
    const op = doc.paths[`/license-manager${route.replace(/:(\w+)/g, '{$1}')}`]?.[method.toLowerCase()];
    expect(op).toBeDefined();
    for (const name of route.match(/:(\w+)/g) ?? []) expect(op.parameters).toContainEqual(expect.objectContaining({ name: name.slice(1), in: 'path' }));
    if (method === 'POST' || method === 'PUT') expect(op.requestBody).toBeDefined();
    // A push replaces a device's set and creates nothing as such: 200, and 413 past its bounds.
    const creates = method === 'POST' && route !== '/inventory';
    expect(op.responses[creates ? '201' : '200'].content).toBeDefined();
    if (route === '/inventory') expect(op.responses['413'].content).toBeDefined();
    for (const status of ['400', '401', '403', '404', '409']) expect(op.responses[status].content).toBeDefined();
  });
});
