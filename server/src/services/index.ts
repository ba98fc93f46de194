import assignments from './assignments';
import daily from './daily';
import events from './events';
import exportService from './export';
import compliance from './compliance';
import history from './history';
import importService from './import';
import installations from './installations';
import keys from './keys';
import me from './me';
import license from './license';
import purchases from './purchases';
import licenseSearch from '../db/search-index';
import licenseTotal from '../db/license-total';
import reference from './reference';
import reminders from './reminders';
import seatCounts from '../db/seat-counts';
import settings from './settings';

const services = {
  assignments,
  compliance,
  daily,
  events,
  export: exportService,
  history,
  import: importService,
  installations,
  keys,
  license,
  me,
  licenseSearch,
  licenseTotal,
  purchases,
  reference,
  reminders,
  seatCounts,
  settings,
};
export default services;

/** The plugin's services as `strapi.plugin('license-manager').services` returns them. */
export type PluginServices = { [K in keyof typeof services]: ReturnType<(typeof services)[K]> };
