/**
 * Stand-in for `@strapi/strapi/admin` in the admin component tests. The real module boots the whole
 * admin app (router, redux store, ESM-only dependencies) and cannot be loaded in jsdom. The plugin
 * uses only a few of its exports; they are replaced here:
 *
 * - `useFetchClient`: the network boundary. Its `get`/`post`/`put`/`del` are jest mocks that each
 *   test answers (`fetchClient.get.mockImplementation(...)`).
 * - `adminApi`: an RTK Query API like Strapi's, whose base query is Strapi's (same request and
 *   error shapes) over those mocks; render.tsx gives each render a fresh store holding it.
 * - `useAPIErrorHandler`, `Table`, `useQueryParams`, `Pagination`: Strapi's own, loaded from their
 *   files (the table, the pagination and the query-param hook need a router: render inside a
 *   MemoryRouter).
 * - `Layouts`, `Page`, `SearchInput`: plain stand-ins that render their content (Strapi's own pull
 *   in the tracking and authentication features), so a whole page can be rendered.
 * - `FetchError`/`isFetchError`: the same shape as Strapi's (`response.data.error`), so the plugin's
 *   error reading (admin/src/api/errors.ts) runs unchanged.
 * - `useNotification`: records the notifications shown.
 * - `useRBAC`: allows what `rbac.allowed` says.
 * - `useDebounce`: the same delay semantics as Strapi's.
 * - `ConfirmDialog`: dialog content with the children and a confirm button.
 * - `Pagination`: Strapi's own, loaded from its file (it needs a router).
 * - `Layouts`, `Page`, `SearchInput`: stand-ins (Strapi's read its app context, auth and tracking):
 *   the layouts render their title, actions and children, `Page.Main` and `Page.Title` their
 *   children, `Page.Protect` its children, `Page.Error` a text, `SearchInput` a plain search box.
 *
 * Test files opt in with `jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'))`.
 */
import * as React from 'react';
import * as path from 'path';
import { createApi, type BaseQueryFn } from '@reduxjs/toolkit/query/react';
import { Button, Dialog } from '@strapi/design-system';

export interface FetchResponse<T = unknown> {
  data: T;
  status?: number;
}

type Request = (url: string, ...rest: unknown[]) => Promise<FetchResponse<any>>;

export const fetchClient = {
  get: jest.fn<ReturnType<Request>, Parameters<Request>>(),
  post: jest.fn<ReturnType<Request>, Parameters<Request>>(),
  put: jest.fn<ReturnType<Request>, Parameters<Request>>(),
  del: jest.fn<ReturnType<Request>, Parameters<Request>>(),
};

export const useFetchClient = () => fetchClient;

/** Strapi's FetchError: the server's `{ error: { status, name, message, details } }` in `response.data`. */
export class FetchError extends Error {
  response?: { data?: { error?: { status?: number; name?: string; message?: string; details?: unknown } } };
  status?: number;
  code?: number;
  constructor(message: string, response?: FetchError['response']) {
    super(message);
    this.name = 'FetchError';
    this.response = response;
    this.status = response?.data?.error?.status;
    this.code = this.status;
  }
}

export const isFetchError = (error: unknown): error is FetchError => error instanceof FetchError;

/** A FetchError as the fetch client throws it for an error answer of the server. */
export const serverError = (status: number, message: string, details?: unknown) =>
  new FetchError(message, { data: { error: { status, name: status === 400 ? 'ValidationError' : 'ApplicationError', message, details } } });

type QueryArgs = string | { url: string; method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; data?: unknown; config?: object };

/** Strapi's base query (admin/src/utils/baseQuery): a request through the fetch client; its error is the envelope's `error`. */
const baseQuery: BaseQueryFn<QueryArgs, unknown, unknown> = async (query) => {
  const { url, method = 'GET', data, config = {} } = typeof query === 'string' ? { url: query } : query;
  try {
    const res =
      method === 'POST'
        ? await fetchClient.post(url, data, config)
        : method === 'PUT'
          ? await fetchClient.put(url, data, config)
          : method === 'DELETE'
            ? await fetchClient.del(url, config)
            : await fetchClient.get(url, config);
    return { data: res.data };
  } catch (err) {
    if (isFetchError(err) && err.response?.data?.error) return { error: err.response.data.error };
    return { error: { name: 'UnknownError', message: (err as Error).message } };
  }
};

export const adminApi = createApi({ reducerPath: 'adminApi', baseQuery, tagTypes: [], endpoints: () => ({}) });

// The package's exports map hides its internals; the file itself is plain CommonJS.
const strapiAdminFile = (file: string) => jest.requireActual(path.join(require.resolve('@strapi/admin/package.json'), '../dist/admin/admin/src', file));
export const { useAPIErrorHandler } = strapiAdminFile('hooks/useAPIErrorHandler.js');
export const { Table } = strapiAdminFile('components/Table.js');
export const { useQueryParams } = strapiAdminFile('hooks/useQueryParams.js');
export const { Pagination } = strapiAdminFile('components/Pagination.js');

type Children = { children?: React.ReactNode };
export const Layouts = {
  Root: ({ children }: Children) => <div>{children}</div>,
  Header: ({ title, subtitle, primaryAction }: { title: React.ReactNode; subtitle?: React.ReactNode; primaryAction?: React.ReactNode }) => (
    <header>
      <h1>{title}</h1>
      {subtitle ? <p>{subtitle}</p> : null}
      {primaryAction}
    </header>
  ),
  Action: ({ startActions, endActions }: { startActions?: React.ReactNode; endActions?: React.ReactNode }) => (
    <div>
      {startActions}
      {endActions}
    </div>
  ),
  Content: ({ children }: Children) => <div>{children}</div>,
};
export const Page = {
  // The permissions are the test's to give (rbac.allowed): the protected page renders.
  Protect: ({ children }: Children) => <>{children}</>,
  Main: ({ children, ...props }: Children & React.HTMLAttributes<HTMLElement>) => <main {...props}>{children}</main>,
  Title: (_props: Children) => null,
  Error: () => <p>There was an error</p>,
  Loading: () => <p>Loading</p>,
};
export const SearchInput = ({ label }: { label: string }) => <input type="search" aria-label={label} />;

export const toggleNotification = jest.fn();
export const useNotification = () => ({ toggleNotification });

export const rbac: { allowed: Record<string, boolean> } = { allowed: {} };
export const useRBAC = () => ({ allowedActions: rbac.allowed, isLoading: false, error: undefined });

export function useDebounce<T>(value: T, delay: number): T {
  const [debounced, setDebounced] = React.useState(value);
  React.useEffect(() => {
    const handler = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(handler);
  }, [value, delay]);
  return debounced;
}

export const ConfirmDialog = ({ children, onConfirm }: { children: React.ReactNode; onConfirm: () => unknown }) => (
  <Dialog.Content>
    <Dialog.Body>{children}</Dialog.Body>
    <Dialog.Footer>
      <Button onClick={() => onConfirm()}>Confirm</Button>
    </Dialog.Footer>
  </Dialog.Content>
);

/** Fresh mocks for each test: no answers, no notifications, no permissions. */
export const resetStrapiAdmin = () => {
  for (const fn of Object.values(fetchClient)) fn.mockReset();
  toggleNotification.mockReset();
  rbac.allowed = {};
};
