/**
 * Content API routes (docs/api.md): authenticated by Strapi (API tokens, Users & Permissions). Each
 * handler shows in both permission pickers under "License-manager".
 */
const L = '/licenses/:documentId';
const route = (method: string, path: string, handler: string) => ({
  method,
  path,
  handler,
  config: {},
});

export default {
  type: 'content-api',
  routes: [
    route('GET', '/licenses', 'license.find'),
    route('GET', L, 'license.findOne'),
    route('POST', '/licenses', 'license.create'),
    route('PUT', L, 'license.update'),
    route('DELETE', L, 'license.delete'),
    route('GET', `${L}/assignments`, 'assignment.find'),
    route('POST', `${L}/assignments`, 'assignment.create'),
    route('DELETE', `${L}/assignments/:assignmentDocumentId`, 'assignment.delete'),
    route('GET', '/compliance', 'compliance.find'),
    route('GET', '/software', 'software.find'),
    route('GET', '/software/:documentId', 'software.findOne'),
    route('POST', '/software', 'software.create'),
    route('PUT', '/software/:documentId', 'software.update'),
    route('DELETE', '/software/:documentId', 'software.delete'),
  ],
};
