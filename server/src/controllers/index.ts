import adminLicense from './admin-license';
import assignment from './assignment';
import license from './license';
import { referenceController } from './reference';

export default {
  /** Admin API: licenses, keys, assignments, history, settings. */
  adminLicense,
  /** Content API: licenses. */
  license,
  /** Content API: a license's assignments (find, create, delete). */
  assignment,
  /** Reference data; `software` serves both APIs. */
  software: referenceController('software'),
  categories: referenceController('categories'),
  organizations: referenceController('organizations'),
  organizationalUnits: referenceController('organizational-units'),
  locations: referenceController('locations'),
  persons: referenceController('persons'),
  assets: referenceController('assets'),
};
