/**
 * Issue 29's case (docs/performance.md, "Organization scope"): the admin lists read by a role
 * whose permissions carry the condition "Is in one of my organizations" (its user administers
 * ten organizations), against the same lists read by a role with the same actions and no
 * condition. Target: within 1.5× of the unconditioned list at scale 1.
 */
'use strict';

const { fromRoot } = require('./ts');

const { ACTIONS, CONDITIONS, UID } = fromRoot('shared/constants.ts');
const { columnOf, tableOf } = fromRoot('server/src/db/index.ts');

const ADMINISTERED = 10;

exports.scopeCase = async ({ strapi, base, call, measure, phase, log, requests, stamp }) => {
  const knex = strapi.db.connection;
  const userIn = async (name, conditions) => {
    const role = await strapi.service('admin::role').create({ name: `${name} ${stamp}`, description: 'bench' });
    await strapi.service('admin::role').assignPermissions(
      role.id,
      Object.values(ACTIONS).map((action) => ({ action, subject: null, properties: {}, conditions })),
    );
    const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${stamp}@license-manager.test`;
    const password = 'Bench-R0lePassw0rd!';
    const user = await strapi.service('admin::user').create({ email, firstname: name, lastname: 'Bench', password, isActive: true, roles: [role.id] });
    const login = await call('/admin/login', 'POST', { email, password });
    if (!login.body?.data?.token) throw new Error(`login of ${email}: ${login.status}`);
    return { id: user.id, token: login.body.data.token };
  };
  const plain = await userIn('Unconditioned', []);
  const scoped = await userIn('Scoped', [CONDITIONS.organizations.id]);
  const orgTable = tableOf(strapi, UID.organization);
  const orgIds = (await knex(orgTable).select('id').orderBy('id').limit(ADMINISTERED)).map((r) => Number(r.id));
  await knex(orgTable)
    .whereIn('id', orgIds)
    .update({ [columnOf(strapi, UID.organization, 'administrators')]: JSON.stringify([scoped.id]) });

  const cases = [
    { name: 'scoped-list-name', path: '/license-manager/licenses?page=1&pageSize=25&sort=name:asc' },
    { name: 'scoped-list-seats', path: '/license-manager/licenses?page=1&pageSize=25&sort=seatsUsed:desc' },
    { name: 'scoped-list-search', path: '/license-manager/licenses?page=1&pageSize=25&sort=name:asc&_q=studio' },
    { name: 'scoped-persons', path: '/license-manager/persons?page=1&pageSize=25&sort=lastName:asc' },
  ];
  const results = [];
  for (const c of cases) {
    const [all, mine] = [await call(c.path, 'GET', undefined, plain.token), await call(c.path, 'GET', undefined, scoped.token)];
    if (all.status !== 200 || mine.status !== 200) throw new Error(`${c.name}: ${all.status} / ${mine.status}`);
    const [total, scopedTotal] = [all.body.meta.pagination.total, mine.body.meta.pagination.total];
    if (!(scopedTotal > 0 && scopedTotal < total)) throw new Error(`${c.name}: the scope holds ${scopedTotal} of ${total}`);
    log(`${c.name}: ${scopedTotal} of ${total} in the scope of ${ADMINISTERED} organizations`);
    const get = (token) => () => measure({ url: base, token, requests: [{ method: 'GET', path: c.path }], amount: requests, warmup: 5 });
    const unconditioned = await phase(`${c.name} unconditioned`, get(plain.token));
    const plugin = await phase(`${c.name} scoped`, get(scoped.token));
    results.push({ name: c.name, plugin, unconditioned, total, scopedTotal, ratio: Number((plugin.p50 / unconditioned.p50).toFixed(2)) });
  }
  return results;
};
