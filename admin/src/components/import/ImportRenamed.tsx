/**
 * The report's rows that write a license's name in another capitalization than the list's (they
 * matched it without case): the file line, the name as the file writes it and the outcome with the
 * name it replaces. The outcome stays the count's (`updated`); the rename is said beside it.
 */
import { Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import type { ImportResult } from '../../api/import';
import { useT } from '../../utils/translations';
import { Clip } from './ImportErrors';

/** As for the errors: a file may rename thousands of licenses, the first ones show what it does. */
export const RENAMED_SHOWN = 200;

type Renamed = ImportResult & { renamed: NonNullable<ImportResult['renamed']> };

export const renamedRows = (results: readonly ImportResult[]): Renamed[] => results.filter((r): r is Renamed => r.renamed !== undefined);

export const ImportRenamed = ({ rows }: { rows: Renamed[] }) => {
  const t = useT();
  const headers = ['import.renamed.row', 'import.renamed.name', 'import.renamed.outcome'] as const;
  const shown = rows.slice(0, RENAMED_SHOWN);
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Typography variant="delta" tag="h3">
        {t('import.renamed.title', { count: rows.length })}
      </Typography>
      <Typography variant="pi" textColor="neutral600">
        {t('import.renamed.hint')}
      </Typography>
      <Table colCount={3} rowCount={shown.length + 1} data-testid="import-renamed">
        <Thead>
          <Tr>
            {headers.map((key) => (
              <Th key={key}>
                <Typography variant="sigma">{t(key)}</Typography>
              </Th>
            ))}
          </Tr>
        </Thead>
        <Tbody>
          {shown.map((r) => (
            <Tr key={r.row} data-testid="import-renamed-row">
              <Td>
                <Typography textColor="neutral800">{r.row}</Typography>
              </Td>
              <Td>
                <Clip text={r.renamed.to} />
              </Td>
              <Td>
                <Typography textColor="neutral800" style={{ whiteSpace: 'normal' }}>
                  {t('import.renamed.updated', { from: r.renamed.from })}
                </Typography>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      {shown.length < rows.length && (
        <Typography variant="pi" textColor="neutral600">
          {t('import.renamed.more', { shown: shown.length, count: rows.length })}
        </Typography>
      )}
    </Flex>
  );
};
