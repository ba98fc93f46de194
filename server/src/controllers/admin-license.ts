/**
 * Admin API for licenses, keys, assignments, history and settings (docs/api.md, "Admin API").
 * Thin: each action validates its input with the shared schemas and calls a service.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { z } from 'zod';
import { ACTIONS } from '../../../shared/constants';
import {
  assignmentCreateSchema,
  keyChangesSchema,
  keyInputSchema,
  LICENSE_READ_ONLY_FIELDS,
  licenseCreateSchema,
  licenseUpdateSchema,
  setAssetsSchema,
  setPersonsSchema,
  settingsSchema,
} from '../../../shared/schemas';
import { actorOf } from '../actor';
import { invalid } from '../errors';
import { parseListQuery, type LicenseEdit } from '../services/license';
import { getService } from '../plugin';
import { scopeOf } from '../scope';
import { fieldErrorsOf, listPageOf, parseData, queryReader } from '../validation';

const kindSchema = z.enum(['person', 'asset'], { error: 'must be person or asset' });

/**
 * PUT's `data`: the license fields to change (licenseUpdateSchema) and, optionally, `keys: { add, remove }`
 * (keyChangesSchema), validated apart and answered together: one 400 names every bad field.
 */
export const parseLicenseUpdate = (body: unknown): LicenseEdit => {
  const { keys, ...fields } = parseData(z.record(z.string(), z.unknown()), body, LICENSE_READ_ONLY_FIELDS);
  const parsedFields = licenseUpdateSchema.safeParse(fields);
  const parsedKeys = keys === undefined ? undefined : keyChangesSchema.safeParse(keys);
  const errors = [
    ...(parsedFields.success ? [] : fieldErrorsOf(parsedFields.error)),
    ...(parsedKeys && !parsedKeys.success ? fieldErrorsOf(parsedKeys.error).map((e) => ({ ...e, path: ['keys', ...e.path] })) : []),
  ];
  if (errors.length || !parsedFields.success) throw invalid(errors);
  return parsedKeys?.success ? { ...parsedFields.data, keys: parsedKeys.data } : parsedFields.data;
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  return {
    async find(ctx: Context) {
      const { data, pagination } = await getService(strapi, 'license').list(parseListQuery(ctx.query), scopeOf(ctx));
      ctx.body = { data, meta: { pagination } };
    },
    async findOne(ctx: Context) {
      ctx.body = { data: await getService(strapi, 'license').get(ctx.params.documentId), meta: {} };
    },
    async create(ctx: Context) {
      const input = parseData(licenseCreateSchema, ctx.request.body, LICENSE_READ_ONLY_FIELDS);
      ctx.status = 201;
      ctx.body = { data: await getService(strapi, 'license').create(input, actorOf(ctx), scopeOf(ctx)), meta: {} };
    },
    async update(ctx: Context) {
      const input = parseLicenseUpdate(ctx.request.body);
      ctx.body = { data: await getService(strapi, 'license').update(ctx.params.documentId, input, actorOf(ctx), scopeOf(ctx)), meta: {} };
    },
    async delete(ctx: Context) {
      ctx.body = { data: await getService(strapi, 'license').delete(ctx.params.documentId, actorOf(ctx)), meta: {} };
    },

    async createKey(ctx: Context) {
      const key = parseData(keyInputSchema, ctx.request.body);
      ctx.status = 201;
      ctx.body = { data: await getService(strapi, 'license').addKey(ctx.params.documentId, key, actorOf(ctx)), meta: {} };
    },
    async deleteKey(ctx: Context) {
      const { documentId, keyDocumentId } = ctx.params;
      ctx.body = { data: await getService(strapi, 'license').removeKey(documentId, keyDocumentId, actorOf(ctx)), meta: {} };
    },
    async revealKey(ctx: Context) {
      const { documentId, keyDocumentId } = ctx.params;
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: await getService(strapi, 'license').revealKey(documentId, keyDocumentId, actorOf(ctx)), meta: {} };
    },

    async findAssignments(ctx: Context) {
      const { page, pageSize } = listPageOf(ctx.query);
      const kind = queryReader(ctx.query)('kind', kindSchema);
      const { data, pagination } = await getService(strapi, 'assignments').list(ctx.params.documentId, kind, page, pageSize);
      ctx.body = { data, meta: { pagination } };
    },
    async setPersons(ctx: Context) {
      const { persons } = parseData(setPersonsSchema, ctx.request.body);
      ctx.body = { data: await getService(strapi, 'assignments').setAssigned(ctx.params.documentId, 'person', persons, actorOf(ctx), scopeOf(ctx)), meta: {} };
    },
    async setAssets(ctx: Context) {
      const { assets } = parseData(setAssetsSchema, ctx.request.body);
      ctx.body = { data: await getService(strapi, 'assignments').setAssigned(ctx.params.documentId, 'asset', assets, actorOf(ctx), scopeOf(ctx)), meta: {} };
    },
    async createAssignment(ctx: Context) {
      const input = parseData(assignmentCreateSchema, ctx.request.body);
      ctx.status = 201;
      ctx.body = { data: await getService(strapi, 'assignments').add(ctx.params.documentId, input, actorOf(ctx), scopeOf(ctx)), meta: {} };
    },
    async deleteAssignment(ctx: Context) {
      const { documentId, assignmentDocumentId } = ctx.params;
      ctx.body = { data: await getService(strapi, 'assignments').remove(documentId, assignmentDocumentId, actorOf(ctx)), meta: {} };
    },

    async history(ctx: Context) {
      const { page, pageSize } = listPageOf(ctx.query);
      await getService(strapi, 'license').checkHistoryReadable(ctx.params.documentId);
      const { data, pagination } = await getService(strapi, 'history').list(ctx.params.documentId, page, pageSize);
      ctx.body = { data, meta: { pagination } };
    },

    async getSettings(ctx: Context) {
      const canEdit = ctx.state.userAbility?.can(ACTIONS.settings) ?? false;
      ctx.body = { data: await getService(strapi, 'settings').read(canEdit), meta: {} };
    },
    async updateSettings(ctx: Context) {
      const changes = parseData(settingsSchema, ctx.request.body);
      ctx.body = { data: await getService(strapi, 'settings').set(changes), meta: {} };
    },
  };
};
