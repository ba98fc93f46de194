/**
 * The Users & Permissions users a person's form picks its sign-in user from (`GET /users`,
 * docs/api.md, "Self-service"): only when the plugin config `persons.userRelation` is on (else a
 * 404), and only to a role that manages reference data (else a 403).
 */
import { API, pluginApi } from './base';
import type { ListResponse } from './types';

/** A Users & Permissions user as a person reads it and the picker shows it: no password, no token. */
export interface PersonUser {
  id: number;
  username: string | null;
  email: string | null;
}

export interface PersonUsersParams {
  page?: number;
  /** At most 100. */
  pageSize?: number;
  /** Searches username and e-mail. */
  _q?: string;
}

const usersApi = pluginApi.injectEndpoints({
  endpoints: (build) => ({
    personUsers: build.query<ListResponse<PersonUser>, PersonUsersParams>({
      query: (params) => ({ url: `${API}/users`, method: 'GET', config: { params } }),
    }),
  }),
});

export const { usePersonUsersQuery } = usersApi;

/** "username (email)"; either alone when the other is missing, "#<id>" when both are. */
export const personUserLabel = (user: PersonUser): string => {
  if (user.username && user.email) return `${user.username} (${user.email})`;
  return user.username || user.email || `#${user.id}`;
};
