/** Reference data and licenses made through the admin API, for tests to build on. */
import { unique, type TestApp } from './app';

export const created = async (app: TestApp, path: string, data: Record<string, unknown>) => {
  const res = await app.admin('post', path, { data });
  if (res.status !== 201) throw new Error(`POST ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as { documentId: string; [k: string]: any };
};

export const makeSoftware = (app: TestApp, name = unique('Software')) => created(app, '/software', { name, version: '1.0' });
export const makeOrganization = (app: TestApp, name = unique('Org')) => created(app, '/organizations', { name });
export const makePerson = (app: TestApp, lastName = unique('Person')) => created(app, '/persons', { firstName: 'Test', lastName });
export const makeAsset = (app: TestApp, name = unique('Asset')) => created(app, '/assets', { name, assetType: 'laptop' });

export const makeLicense = async (app: TestApp, data: Record<string, unknown> = {}) => {
  const software = data.software ?? (await makeSoftware(app)).documentId;
  return created(app, '/licenses', { name: unique('License'), quantity: 5, ...data, software });
};
