import { REFERENCE_NAMES, REFERENCE_RESOURCES } from '../../../shared/fields/reference';
import adminLicense from './admin-license';
import administrators from './administrators';
import assignment from './assignment';
import compliance from './compliance';
import complianceAdmin from './compliance-admin';
import exportAdmin from './export-admin';
import importAdmin from './import-admin';
import installations from './installations';
import license from './license';
import me from './me';
import purchase from './purchase';
import { referenceController } from './reference';
import reminders from './reminders';

export default {
  /** Admin API: licenses, keys, assignments, history, settings. */
  adminLicense,
  /** Admin API: the admin users an organization's or unit's administrators are chosen from. */
  administrators,
  /** Content API: licenses. */
  license,
  /** Content API: a signed-in user's own licenses. */
  me,
  /** Content API: a license's assignments (find, create, delete). */
  assignment,
  /** Both APIs: a license's purchases (find, findOne, create, update, delete, renew). */
  purchase,
  /** Admin API: renewal reminders' preview, run and record. */
  reminders,
  /** Content API: the compliance report (its own `find` scope). */
  compliance,
  /** Admin API: the compliance report, trend and CSV export. */
  complianceAdmin,
  /** Admin API: the license and assignment CSV exports. */
  exportAdmin,
  /** Admin API: the license and assignment CSV imports. */
  importAdmin,
  /** Content API: the inventory push; Admin API: installations, recognition and its rules. */
  installations,
  /** Reference data, one controller per resource under its description's name; `software` serves both APIs. */
  ...Object.fromEntries(REFERENCE_NAMES.map((name) => [REFERENCE_RESOURCES[name].controller, referenceController(name)])),
};
