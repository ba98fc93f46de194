/** A small client for the admin API, used to prepare the end-to-end data set. */
'use strict';

const adminApi = (baseUrl, token) => {
  const call = async (method, path, body) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => null);
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  /** A GET whose answer is not JSON (a CSV export), as text. */
  const getText = async (path) => {
    const res = await fetch(`${baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
    return res.text();
  };
  return {
    get: (p) => call('GET', p),
    getText,
    post: (p, b) => call('POST', p, b),
    put: (p, b) => call('PUT', p, b),
    del: (p) => call('DELETE', p),
    withToken: (t) => adminApi(baseUrl, t),
  };
};

/** Registers the first admin on an empty database, or logs in when one exists. */
const firstAdmin = async (baseUrl, user) => {
  const api = adminApi(baseUrl);
  const { data } = await api.get('/admin/init');
  const res = data.hasAdmin ? await api.post('/admin/login', { email: user.email, password: user.password }) : await api.post('/admin/register-admin', user);
  return api.withToken(res.data.token);
};

/** Creates an admin role with only these actions and a registered user in it. */
const restrictedUser = async (baseUrl, api, { roleName, actions, email, password }) => {
  const role = (await api.post('/admin/roles', { name: roleName, description: 'End-to-end: a reader without licenses.create' })).data;
  await api.put(`/admin/roles/${role.id}/permissions`, {
    permissions: actions.map((action) => ({ action, subject: null, properties: {}, conditions: [] })),
  });
  const user = (await api.post('/admin/users', { firstname: 'Rita', lastname: 'Reader', email, roles: [role.id] })).data;
  await adminApi(baseUrl).post('/admin/register', {
    registrationToken: user.registrationToken,
    userInfo: { firstname: 'Rita', lastname: 'Reader', password },
  });
  return { email, password };
};

module.exports = { adminApi, firstAdmin, restrictedUser };
