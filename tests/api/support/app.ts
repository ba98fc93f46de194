/**
 * Boots the playground in-process on the database the environment names (DATABASE_CLIENT etc.),
 * and gives tests an HTTP client on its server plus authenticated helpers.
 */
import path from 'node:path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { ACTIONS } from '../../../shared/constants';
import { record } from './openapi-check';
import { watchLocks } from './lock-watch';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createApp } = require('../../../scripts/strapi-app');

const APP_DIR = path.resolve(__dirname, '../../../playground');

export const ADMIN = { email: 'admin@license-manager.test', password: 'Adm1nPassw0rd!', firstname: 'Ada', lastname: 'Admin' };

export interface TestApp {
  strapi: Core.Strapi;
  http: () => ReturnType<typeof request>;
  /** Bearer token of the super admin, or of the plugin's admin when the app was started `asPluginAdmin`. */
  adminToken: string;
  /** Admin API at /license-manager, with adminToken. */
  admin: (method: 'get' | 'post' | 'put' | 'delete', url: string, body?: unknown, token?: string) => Promise<request.Response>;
  stop: () => Promise<void>;
}

/**
 * `asPluginAdmin`: the helpers act as an admin whose role holds every action of the plugin and nothing
 * else. Strapi builds the super admin's ability from every permission of the app on each request
 * (about half the CPU of a simple GET here), so the suites that send thousands of requests use it.
 */
export const startApp = async ({ asPluginAdmin = false } = {}): Promise<TestApp> => {
  process.env.SEED_DEMO_DATA = 'false';
  process.chdir(APP_DIR);
  const stopWatch = watchLocks('Booting the app');
  const strapi: Core.Strapi = await (await createApp(APP_DIR)).load().finally(stopWatch);
  strapi.log.level = 'warn';
  // load() registers routes; listen() would mount them. supertest needs them mounted without listening.
  strapi.server.mount();
  const server = strapi.server.httpServer;
  const http = () => checked(request(server));

  // The first file to run registers the super admin on the empty database; the others log in.
  let login = await http().post('/admin/login').send({ email: ADMIN.email, password: ADMIN.password });
  if (login.status !== 200) {
    const registered = await http().post('/admin/register-admin').send(ADMIN);
    if (registered.status !== 200 && registered.status !== 201) {
      throw new Error(`register-admin failed: ${registered.status} ${JSON.stringify(registered.body)}`);
    }
    login = await http().post('/admin/login').send({ email: ADMIN.email, password: ADMIN.password });
  }
  let adminToken: string = login.body?.data?.token;
  if (!adminToken) throw new Error(`admin login failed: ${login.status} ${JSON.stringify(login.body)}`);

  const admin: TestApp['admin'] = (method, url, body, token = adminToken) => {
    const r = http()[method](`/license-manager${url}`).set('Authorization', `Bearer ${token}`);
    return body === undefined ? r : r.send(body as object);
  };

  const app: TestApp = {
    strapi,
    http,
    adminToken,
    admin,
    stop: async () => {
      const stopWatch = watchLocks('Stopping the app');
      await strapi.destroy().finally(stopWatch);
    },
  };
  if (asPluginAdmin) adminToken = app.adminToken = await adminWith(app, 'Plugin admin', Object.values(ACTIONS));
  return app;
};

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head']);
/** supertest, with every answer handed to the OpenAPI check (support/openapi-check.ts) as it arrives. */
const checked = (agent: ReturnType<typeof request>): ReturnType<typeof request> =>
  new Proxy(agent, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof prop !== 'string' || !METHODS.has(prop)) return value;
      return (url: string) =>
        (value as (url: string) => request.Test)
          .call(target, url)
          .on('response', (res: request.Response) =>
            record({ method: prop, url, status: res.status, contentType: res.headers['content-type'], body: res.body }),
          );
    },
  });

/** Creates an admin role with exactly these plugin actions and a user in it; returns its token. */
export const adminWith = async (app: TestApp, name: string, actions: string[]): Promise<string> => (await adminUserWith(app, name, actions)).token;

/** The same, each action with these RBAC conditions; returns the user's token and id. */
export const adminUserWith = async (app: TestApp, name: string, actions: string[], conditions: string[] = []): Promise<{ token: string; id: number }> => {
  const roleService = app.strapi.service('admin::role');
  const role = await roleService.create({ name: `${name} ${Date.now()} ${Math.random()}`, description: 'test role' });
  await roleService.assignPermissions(
    role.id,
    actions.map((action) => ({ action, subject: null, properties: {}, conditions })),
  );
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@license-manager.test`;
  const password = 'R0lePassw0rd!';
  const user = await app.strapi.service('admin::user').create({
    email,
    firstname: name,
    lastname: 'Tester',
    password,
    isActive: true,
    roles: [role.id],
  });
  const login = await app.http().post('/admin/login').send({ email, password });
  if (!login.body?.data?.token) throw new Error(`login of ${email} failed: ${JSON.stringify(login.body)}`);
  return { token: login.body.data.token, id: user.id };
};

/** Creates an API token of a Strapi type (read-only, full-access) and returns its access key. */
export const apiToken = async (app: TestApp, type: 'read-only' | 'full-access'): Promise<string> => {
  const token = await app.strapi.service('admin::api-token').create({
    name: `${type} ${Date.now()} ${Math.random()}`,
    type,
    lifespan: null,
    permissions: [],
  });
  return token.accessKey;
};

/** Row count of a plugin content type, read from the database itself. */
export const rows = (app: TestApp, name: string) => app.strapi.db.query(`plugin::license-manager.${name}` as any).count();

let counter = 0;
/** A unique name for this run, so files that share a database never collide. */
export const unique = (prefix: string) => `${prefix} ${process.pid}-${Date.now()}-${++counter}`;
