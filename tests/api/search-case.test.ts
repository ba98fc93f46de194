/**
 * The one case-fold rule of every search (docs/domain.md, "Case in searches"): É, Ü, İ, ß and
 * Greek sigmas, as data and as terms of one, two and three or more characters (SQLite answers
 * short terms by a scan, longer ones by its FTS5 index), give the same answers in the license
 * list, the compliance report, the software list and the content API's software list. The test's
 * records share one new organization, which every read is narrowed to (the files share a database).
 */
import { clientOf } from '../../server/src/db';
import { apiToken, startApp, unique, type TestApp } from './support/app';
import { created, makeOrganization } from './support/fixtures';

let app: TestApp;
let token: string;
let org: string;
let tag: string;

const WORDS = ['ÉCOLE', 'Über', 'İSTANBUL', 'istanbul', 'Straße', 'STRASSE', 'ΟΔΟΣ', 'φως'] as const;

/** Each term and the words holding it by the rule. */
const CASES: Array<[string[], string[]]> = [
  [['É', 'é', 'Éc', 'éC', 'ÉCO', 'école', 'ÉcOlE'], ['ÉCOLE']],
  // Accents count: e is not é.
  [['ec', 'ecole'], []],
  [['Ü', 'ü', 'üB', 'ÜBER', 'über'], ['Über']],
  // İ matches only İ (its lowercase would be i and a combining dot), i matches i and I only.
  [['İ', 'İs', 'İST', 'İstanbul'], ['İSTANBUL']],
  [['i', 'Is', 'ist', 'ISTANBUL'], ['istanbul']],
  // ẞ is ß's capital; neither is "ss".
  [['ß', 'ẞ', 'aß', 'straße', 'STRAẞE'], ['Straße']],
  [['ss', 'SS', 'sSe', 'strasse'], ['STRASSE']],
  // Σ, σ and ς (the final form) are one letter.
  [
    ['Σ', 'σ', 'ς'],
    ['ΟΔΟΣ', 'φως'],
  ],
  [['ος', 'ΟΣ', 'οΣ', 'οδοσ', 'ΟΔΟς', 'ΟΔΟΣ'], ['ΟΔΟΣ']],
  [['ωσ', 'ΩΣ', 'ΦΩΣ', 'φωσ'], ['φως']],
];

const named = (words: readonly string[]) => words.map((w) => `${w} ${tag}`).sort();
const sorted = (names: string[]) => names.slice().sort();

const reads: Record<string, (q: string) => Promise<string[]>> = {
  licenses: async (q) => {
    const res = await app.admin('get', `/licenses?_q=${encodeURIComponent(q)}&organization=${org}&pageSize=100`);
    expect(res.status).toBe(200);
    return res.body.data.map((l: { name: string }) => l.name);
  },
  compliance: async (q) => {
    const res = await app.admin('get', `/compliance?_q=${encodeURIComponent(q)}&organization=${org}&pageSize=100`);
    expect(res.status).toBe(200);
    return res.body.data.map((r: { software: { name: string } }) => r.software.name);
  },
  software: async (q) => {
    const res = await app.admin('get', `/software?_q=${encodeURIComponent(q)}&manufacturer=${org}&pageSize=100`);
    expect(res.status).toBe(200);
    return res.body.data.map((s: { name: string }) => s.name);
  },
  'content API software': async (q) => {
    const res = await app
      .http()
      .get(`/api/license-manager/software?_q=${encodeURIComponent(q)}&filters[manufacturer][documentId][$eq]=${org}&pagination[pageSize]=100`)
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    return res.body.data.map((s: { name: string }) => s.name);
  },
};

beforeAll(async () => {
  app = await startApp({ asPluginAdmin: true });
  token = await apiToken(app, 'read-only');
  tag = unique('Case').replace(/\D/g, '').slice(-9);
  org = (await makeOrganization(app, `Case fold ${tag}`)).documentId;
  // Each word names a software (made by the organization) and its one license (of the organization).
  for (const word of WORDS) {
    const software = await created(app, '/software', { name: `${word} ${tag}`, version: '1', manufacturer: org });
    await created(app, '/licenses', { name: `${word} ${tag}`, software: software.documentId, organization: org, quantity: 1 });
  }
}, 120000);

afterAll(async () => {
  await app?.stop();
});

describe('case in searches', () => {
  it.each(Object.keys(reads))('%s: every term finds the words that hold it by the one rule, at every length', async (read) => {
    // Each read's answers for the organization's records alone: nothing else holds the tag.
    expect(sorted(await reads[read](tag))).toEqual(named(WORDS));
    const wrong: string[] = [];
    for (const [terms, words] of CASES) {
      for (const term of terms) {
        const got = sorted(await reads[read](term));
        if (JSON.stringify(got) !== JSON.stringify(named(words))) wrong.push(`${term}: ${got.join(', ') || '(none)'}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("PostgreSQL's search table, built under another fold, is refilled at startup", async () => {
    const knex = app.strapi.db.connection;
    if (clientOf(app.strapi) === 'postgres') {
      await knex.raw("update lm_license_search set doc = '' where name like ?", [`% ${tag}`]);
      await knex.raw("comment on table lm_license_search is 'an older fold'");
      expect(await reads.licenses('ΟΔΟΣ')).toEqual([]);
    }
    await app.strapi.plugin('license-manager').service('licenseSearch').install();
    expect(sorted(await reads.licenses('οδοσ'))).toEqual(named(['ΟΔΟΣ']));
  });
});
