/**
 * The report's errors, one line each: the file line, the column as written in the file, the cell
 * and what is wrong with it, in the user's language from the error's code (the server's English
 * message only for an error without one).
 */
import { useIntl } from 'react-intl';
import { Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import type { ImportError } from '../../api/import';
import { importMessage } from '../../utils/importMessages';
import { useT } from '../../utils/translations';

/** A file may hold 50,000 bad rows: the first ones are enough to see what to correct. */
export const ERRORS_SHOWN = 200;

/** A long cell (the server cuts it already) stays one line; the whole text shows on hover. */
export const Clip = ({ text }: { text: string }) => (
  <Typography textColor="neutral800" ellipsis title={text} style={{ display: 'block', maxWidth: '16rem' }}>
    {text}
  </Typography>
);

export const ImportErrors = ({ errors, offered }: { errors: ImportError[]; offered?: readonly string[] }) => {
  const t = useT();
  const intl = useIntl();
  const headers = ['import.errors.row', 'import.errors.column', 'import.errors.value', 'import.errors.message'] as const;
  const shown = errors.slice(0, ERRORS_SHOWN);
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Table colCount={4} rowCount={shown.length + 1} data-testid="import-errors">
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
          {shown.map((e, i) => (
            <Tr key={`${e.row}-${e.column}-${i}`} data-testid="import-error-row">
              <Td>
                <Typography textColor="neutral800">{e.row}</Typography>
              </Td>
              <Td>
                <Clip text={e.column ?? '-'} />
              </Td>
              <Td>
                <Clip text={e.value} />
              </Td>
              <Td>
                <Typography textColor="danger600" style={{ whiteSpace: 'normal' }}>
                  {importMessage(intl, e, offered)}
                </Typography>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      {shown.length < errors.length && (
        <Typography variant="pi" textColor="neutral600">
          {t('import.errors.more', { shown: shown.length, count: errors.length })}
        </Typography>
      )}
    </Flex>
  );
};
