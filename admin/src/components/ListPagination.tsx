import { Pagination } from '@strapi/strapi/admin';
import { PAGE_SIZE_DEFAULT } from '../../../shared/constants';

/** The footer of every list page: page size and page links, Strapi's way (state in the URL). */
export const ListPagination = ({ pagination }: { pagination?: { pageCount: number; total: number } | null }) =>
  pagination && pagination.total > 0 ? (
    <Pagination.Root pageCount={pagination.pageCount} total={pagination.total} defaultPageSize={PAGE_SIZE_DEFAULT}>
      <Pagination.PageSize options={['10', '20', '50', '100']} />
      <Pagination.Links />
    </Pagination.Root>
  ) : null;
