/** The header of a table with row actions. */
import { Th, Thead, Tr, Typography, VisuallyHidden } from '@strapi/design-system';
import { useT } from '../utils/translations';

/** The header of the detail view's tables: the columns' labels, then the row actions' column (named for screen readers). */
export const ActionsTableHead = ({ labels }: { labels: string[] }) => {
  const t = useT();
  return (
    <Thead>
      <Tr>
        {labels.map((label) => (
          <Th key={label}>
            <Typography variant="sigma">{label}</Typography>
          </Th>
        ))}
        <Th>
          <VisuallyHidden>{t('list.actions')}</VisuallyHidden>
        </Th>
      </Tr>
    </Thead>
  );
};
