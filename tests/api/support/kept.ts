/**
 * The compliance report's kept rows (docs/domain.md, "Kept compliance rows") checked against the report worked
 * out whole: the whole register's report over HTTP (which reads the kept rows) equals the service's
 * report for the same query as of today (given a day, the service works it out from the licenses):
 * every row in the software order, page by page, the totals, and the first page of every other order.
 */
import type { TestApp } from './app';

const FIRST_PAGES = [
  { sort: 'software:desc' },
  { sort: 'shortfall:desc' },
  { sort: 'unused:asc' },
  { sort: 'utilization:desc' },
  { sort: 'utilization:asc', status: 'at_risk' },
  { sort: 'software:asc', status: 'non_compliant' },
] as const;
const PAGE = 100;

const compliance = (app: TestApp) => app.strapi.plugin('license-manager').service('compliance');
const today = () => new Date().toISOString().slice(0, 10);
/** The report worked out whole, as HTTP would answer it. */
const whole = async (app: TestApp, sort: string, page: number, status?: string) => {
  const [field, order] = sort.split(':');
  return JSON.parse(JSON.stringify(await compliance(app).report({ sort: { field, order }, page, pageSize: PAGE, ...(status ? { status } : {}) }, today())));
};
const kept = async (app: TestApp, sort: string, page: number, status?: string) => {
  const res = await app.admin('get', `/compliance?sort=${sort}&page=${page}&pageSize=${PAGE}${status ? `&status=${status}` : ''}`);
  expect(res.status).toBe(200);
  return res.body;
};

/** `thorough`: every page in the software order and every other order's first page; else the first page of three orders (what afterEach hooks afford). */
export const expectKeptReport = async (app: TestApp, thorough = true) => {
  const first = await kept(app, 'software:asc', 1);
  expect(first).toEqual(await whole(app, 'software:asc', 1));
  const pages = thorough ? first.meta.pagination.pageCount : 1;
  for (let page = 2; page <= pages; page++) {
    expect({ page, ...(await kept(app, 'software:asc', page)) }).toEqual({ page, ...(await whole(app, 'software:asc', page)) });
  }
  for (const q of thorough ? FIRST_PAGES : FIRST_PAGES.filter((_, i) => i === 1 || i === 4)) {
    const status = 'status' in q ? q.status : undefined;
    expect({ query: q, ...(await kept(app, q.sort, 1, status)) }).toEqual({ query: q, ...(await whole(app, q.sort, 1, status)) });
  }
};

/** Brings the kept rows up to date now, as a whole-register report would: a later write must note its change. */
export const refreshKept = async (app: TestApp) => {
  expect(await compliance(app).refreshKept()).toBe(true);
};

/**
 * Refreshes the kept rows, runs a write, and checks that the kept rows followed it (the first page
 * in the software order: name the software so that they sort first, "!…").
 */
export const expectKeptAfter = async (app: TestApp, write: () => Promise<unknown>) => {
  await refreshKept(app);
  await write();
  await expectKeptReport(app, false);
};
