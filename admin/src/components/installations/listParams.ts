/** The installations page's list query from the URL: page, page size and the search box (`_q`, sent as `q`). */
import { useQueryParams } from '@strapi/strapi/admin';
import { PAGE_SIZE_DEFAULT } from '../../../../shared/constants';

export type InstallationsQuery = { tab?: string; page?: string; pageSize?: string; _q?: string };

export const useListParams = () => {
  const [{ query }] = useQueryParams<InstallationsQuery>();
  return {
    page: query.page ?? 1,
    pageSize: query.pageSize ?? PAGE_SIZE_DEFAULT,
    q: query._q ? decodeURIComponent(query._q) : undefined,
  };
};
