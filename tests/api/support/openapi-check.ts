/**
 * Every content-API answer the suite receives through `app.http()` is checked against the
 * committed docs/openapi.json with ajv: its status must be described for the operation, and its
 * JSON body must validate against that status's schema. A test whose answer does not fails in
 * afterEach (support/openapi-hooks.ts), so the description cannot drift from the code.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

type Operation = { responses: Record<string, { content?: Record<string, { schema?: object }> }> };
type Doc = { servers: { url: string }[]; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, object> } };

const doc = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../docs/openapi.json'), 'utf8')) as Doc;
const PREFIX = `${doc.servers[0].url}/license-manager/`;
const COMPONENTS = 'urn:license-manager:openapi';

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: COMPONENTS, components: doc.components });

/** The document's refs point into itself; compiled on their own, they point into the components schema. */
const rebased = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(rebased)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value)
            .filter(([k]) => k !== '$schema')
            .map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${COMPONENTS}${v}` : rebased(v)]),
        )
      : value;

/** The plugin's paths as patterns: /license-manager/licenses/{documentId} matches one segment per parameter. */
const templates = Object.keys(doc.paths)
  .filter((p) => p.startsWith('/license-manager/'))
  .map((p) => ({ path: p, pattern: new RegExp(`^${p.replace(/\{\w+\}/g, '[^/]+')}$`) }));

const compiled = new Map<string, ValidateFunction>();
const validatorOf = (key: string, schema: object) => {
  if (!compiled.has(key)) compiled.set(key, ajv.compile(rebased(schema) as object));
  return compiled.get(key)!;
};

export interface Answer {
  method: string;
  url: string;
  status: number;
  contentType: string | undefined;
  body: unknown;
}

/** What is wrong with this answer by the document, or null. Answers outside the plugin's content API are not its to judge. */
export const violationOf = ({ method, url, status, contentType, body }: Answer): string | null => {
  const pathname = new URL(url, 'http://x').pathname;
  if (!pathname.startsWith(PREFIX)) return null;
  const at = `${method.toUpperCase()} ${pathname} → ${status}`;
  const template = templates.find((t) => t.pattern.test(pathname.slice(doc.servers[0].url.length)));
  const operation = template && doc.paths[template.path][method.toLowerCase()];
  if (!operation) return `${at}: no such operation in docs/openapi.json`;
  const response = operation.responses[String(status)];
  if (!response) return `${at}: status not described (described: ${Object.keys(operation.responses).join(', ')})`;
  const schema = response.content?.['application/json']?.schema;
  if (!schema) return contentType?.startsWith('application/json') ? `${at}: a JSON body where none is described` : null;
  if (!contentType?.startsWith('application/json')) return `${at}: ${contentType ?? 'no body'} where JSON is described`;
  const validate = validatorOf(`${template.path} ${method} ${status}`, schema);
  if (validate(body)) return null;
  return `${at}: ${ajv.errorsText(validate.errors, { dataVar: 'body' })}`;
};

const seen = { checked: 0, violations: [] as string[] };

/** Checks one answer; kept until the test ends. */
export const record = (answer: Answer) => {
  if (!new URL(answer.url, 'http://x').pathname.startsWith(PREFIX)) return;
  seen.checked += 1;
  const violation = violationOf(answer);
  if (violation) seen.violations.push(violation);
};

/** The violations since the last call, and how many answers were checked in all. */
export const takeViolations = () => seen.violations.splice(0);
export const checkedAnswers = () => seen.checked;
