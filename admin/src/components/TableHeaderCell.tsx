/**
 * A list's header cell that takes part in the table's arrow-key focus. Strapi's `Table.HeaderCell`
 * drops the coordinates its row hands each cell, so none of its cells is ever the table's focus
 * position: in a table without a sortable column (most reference pages) Tab could not enter the
 * table at all, and the row actions were out of a keyboard user's reach. This one passes them on
 * to the design system's `Th`; a sortable column sorts on click, Enter or Space, as Strapi's does.
 */
import { Flex, Th, Typography, type ThProps } from '@strapi/design-system';
import { CaretDown, CaretUp } from '@strapi/icons';
import { useQueryParams } from '@strapi/strapi/admin';

type Props = Omit<ThProps, 'children'> & { name: string; label: string; sortable?: boolean };

export const TableHeaderCell = ({ name, label, sortable, ...cell }: Props) => {
  const [{ query }, setQuery] = useQueryParams<{ sort?: string }>();
  const [sortBy, order] = (query.sort ?? '').split(':');
  const sorted = sortable && sortBy === name;
  const sort = () => setQuery({ sort: `${name}:${sorted && order === 'ASC' ? 'DESC' : 'ASC'}` });
  return (
    <Th
      {...cell}
      aria-sort={sorted ? (order === 'ASC' ? 'ascending' : 'descending') : undefined}
      onClick={sortable ? sort : undefined}
      onKeyDown={
        sortable
          ? (e: React.KeyboardEvent) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                sort();
              }
            }
          : undefined
      }
      style={sortable ? { cursor: 'pointer' } : undefined}
    >
      <Flex gap={1}>
        <Typography textColor="neutral600" tag="span" variant="sigma">
          {label}
        </Typography>
        {sorted && (order === 'ASC' ? <CaretUp width="0.8rem" aria-hidden /> : <CaretDown width="0.8rem" aria-hidden />)}
      </Flex>
    </Th>
  );
};
