/** Previous and next for a list paged inside a window (the page's own paging is in the URL). */
import { Flex, IconButton, Typography } from '@strapi/design-system';
import { ChevronLeft, ChevronRight } from '@strapi/icons';
import { useT } from '../../utils/translations';

export const LocalPager = ({ page, pageCount, onPage }: { page: number; pageCount: number; onPage: (page: number) => void }) => {
  const t = useT();
  if (pageCount <= 1) return null;
  return (
    <Flex justifyContent="flex-end" gap={2} alignItems="center">
      <IconButton type="button" label={t('pagination.previous')} variant="tertiary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        <ChevronLeft />
      </IconButton>
      <Typography variant="pi">{t('pagination.pageOf', { page, pageCount })}</Typography>
      <IconButton type="button" label={t('pagination.next')} variant="tertiary" disabled={page >= pageCount} onClick={() => onPage(page + 1)}>
        <ChevronRight />
      </IconButton>
    </Flex>
  );
};
