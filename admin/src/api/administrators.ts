/**
 * The admin users an organization's or unit's administrators are chosen from
 * (`GET /administrators`, docs/api.md). Only a role without conditions on managing reference data
 * may read them: any other gets a 403, and the form shows the administrators read-only.
 */
import { API, pluginApi } from './base';
import type { ListResponse } from './types';

/** An admin user as the picker shows it: no password, no token, no role. */
export interface AdminUser {
  id: number;
  firstname: string | null;
  lastname: string | null;
  email: string;
  isActive: boolean;
}

export interface AdministratorsParams {
  page?: number;
  /** At most 100. */
  pageSize?: number;
  /** Searches first name, last name and e-mail. */
  _q?: string;
}

const administratorsApi = pluginApi.injectEndpoints({
  endpoints: (build) => ({
    administrators: build.query<ListResponse<AdminUser>, AdministratorsParams>({
      query: (params) => ({ url: `${API}/administrators`, method: 'GET', config: { params } }),
    }),
  }),
});

export const { useAdministratorsQuery } = administratorsApi;

/** "Firstname Lastname (email)"; the e-mail alone when the user has no name. */
export const adminUserLabel = (user: Pick<AdminUser, 'firstname' | 'lastname' | 'email'>): string => {
  const name = [user.firstname, user.lastname].filter(Boolean).join(' ');
  return name ? `${name} (${user.email})` : user.email;
};
