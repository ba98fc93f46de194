/**
 * How the server read the file: its encoding and delimiter, and each header column with the field
 * it feeds, or why it is not imported (read-only value of the export, unknown column).
 */
import { Badge, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import type { ImportKind, ImportReport } from '../../api/import';
import en from '../../../../shared/translations/en.json';
import { useT, type TranslationKey } from '../../utils/translations';
import { ENCODING_NAMES } from './options';

/** A field's label in the user's language (the license or purchase form's words), else the attribute name. */
const useFieldLabel = (kind: ImportKind) => {
  const t = useT();
  return (field: string) => {
    const key = `${kind === 'purchases' ? 'purchase' : kind === 'installations' ? 'installation' : 'license'}.field.${field}`;
    return key in en ? `${t(key as TranslationKey)} (${field})` : field;
  };
};

export const ImportDetected = ({ report }: { report: Pick<ImportReport, 'encoding' | 'delimiter'> }) => {
  const t = useT();
  return (
    <Typography textColor="neutral700" data-testid="import-detected">
      {t('import.detected', { encoding: ENCODING_NAMES[report.encoding] ?? report.encoding, delimiter: t(`import.delimiter.${report.delimiter}`) })}
    </Typography>
  );
};

export const ImportMapping = ({ report, kind }: { report: Pick<ImportReport, 'columns' | 'warnings'>; kind: ImportKind }) => {
  const t = useT();
  const fieldLabel = useFieldLabel(kind);
  const warningOf = (header: string) => report.warnings.find((w) => w.column === header)?.message;

  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Typography variant="delta" tag="h3">
        {t('import.mapping.title')}
      </Typography>
      <Table colCount={2} rowCount={report.columns.length + 1} data-testid="import-mapping">
        <Thead>
          <Tr>
            <Th>
              <Typography variant="sigma">{t('import.mapping.column')}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('import.mapping.field')}</Typography>
            </Th>
          </Tr>
        </Thead>
        <Tbody>
          {report.columns.map((column, i) => {
            const warning = warningOf(column.header);
            return (
              <Tr key={`${i}-${column.header}`} data-testid="import-mapping-row">
                <Td>
                  <Typography textColor="neutral800" fontWeight="bold">
                    {column.header || '-'}
                  </Typography>
                </Td>
                <Td>
                  <Flex gap={2} wrap="wrap">
                    {column.status === 'field' && column.field ? (
                      <Typography textColor="neutral800">{fieldLabel(column.field)}</Typography>
                    ) : (
                      <Badge
                        // warning700 on warning100 measures 4.0:1 at 11 px: dark text keeps the badge AA.
                        backgroundColor={column.status === 'unknown' ? 'warning200' : 'neutral150'}
                        textColor={column.status === 'unknown' ? 'neutral800' : 'neutral600'}
                      >
                        {t(column.status === 'unknown' ? 'import.mapping.unknown' : 'import.mapping.ignored')}
                      </Badge>
                    )}
                    {warning && (
                      // No warning tone reaches 4.5:1 on white as text: the icon carries the colour.
                      <Flex gap={1} alignItems="center">
                        <WarningCircle fill="warning600" aria-hidden />
                        <Typography variant="pi" textColor="neutral800">
                          {warning}
                        </Typography>
                      </Flex>
                    )}
                  </Flex>
                </Td>
              </Tr>
            );
          })}
        </Tbody>
      </Table>
    </Flex>
  );
};
