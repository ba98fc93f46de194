/** Typed access to the plugin's services, so callers never cast `strapi.plugin(...).services`. */
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../../shared/constants';
import type { PluginServices } from './services';

/** One plugin service, typed from the services map in services/index.ts. */
export const getService = <K extends keyof PluginServices>(strapi: Core.Strapi, name: K): PluginServices[K] =>
  strapi.plugin(PLUGIN_ID).service(name) as PluginServices[K];
