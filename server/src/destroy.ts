import type { Core } from '@strapi/strapi';
import { getService } from './plugin';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  // Strapi stops its cron on destroy too; removing the jobs keeps a reloaded plugin from doubling them.
  getService(strapi, 'daily').stop();
  // The background re-recognition's sweep; a batch being written finishes first.
  return getService(strapi, 'installations').recognition.stop();
};
