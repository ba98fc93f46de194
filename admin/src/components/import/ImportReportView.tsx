/**
 * An import's report as the dialog shows it, whether from the dry run ("Check file"), the commit,
 * or a commit that `abort` refused: what it says of the whole, the counts, how the file was read
 * (encoding, delimiter, columns), the errors by row and column, and the licenses a row renames
 * (the same name in other capitals).
 */
import { Box, Flex, Grid, Typography } from '@strapi/design-system';
import type { ImportKind, ImportReport } from '../../api/import';
import { useT, type TranslationKey } from '../../utils/translations';
import { ImportErrors } from './ImportErrors';
import { ImportDetected, ImportMapping } from './ImportMapping';
import { ImportRenamed, renamedRows } from './ImportRenamed';

const COUNTS = ['rows', 'created', 'updated', 'unchanged', 'failed'] as const;
type Count = (typeof COUNTS)[number];

/** For assignments, "created" is an assignment added and "unchanged" one already there; nothing is updated. */
const countLabel = (kind: ImportKind, count: Count): TranslationKey =>
  kind === 'assignments' && (count === 'created' || count === 'unchanged') ? `import.count.${count}.assignments` : `import.count.${count}`;

const Counts = ({ kind, report }: { kind: ImportKind; report: ImportReport }) => {
  const t = useT();
  const shown = COUNTS.filter((c) => !(kind === 'assignments' && c === 'updated'));
  return (
    <Grid.Root gap={3} tag="dl" data-testid="import-counts">
      {shown.map((count) => (
        <Grid.Item key={count} col={Math.floor(12 / shown.length)} s={4} direction="column" alignItems="stretch">
          <Box background="neutral100" hasRadius padding={3} data-testid={`import-count-${count}`}>
            <Typography variant="sigma" textColor="neutral600" tag="dt">
              {t(countLabel(kind, count))}
            </Typography>
            <Typography variant="beta" tag="dd" textColor={count === 'failed' && report.failed ? 'danger600' : 'neutral800'} data-testid="import-count-value">
              {report[count]}
            </Typography>
          </Box>
        </Grid.Item>
      ))}
    </Grid.Root>
  );
};

const TONES = {
  refused: { background: 'danger100', borderColor: 'danger200', role: 'alert' },
  done: { background: 'success100', borderColor: 'success200', role: 'status' },
  checked: { background: 'primary100', borderColor: 'primary200', role: 'status' },
} as const;

/** What the report means for the user: nothing written yet, written, or refused (an Alert would offer a close button that cannot close it). */
const Outcome = ({ report, refused }: { report: ImportReport; refused?: string }) => {
  const t = useT();
  const tone = refused ? 'refused' : report.committed ? 'done' : 'checked';
  const [title, text] =
    tone === 'refused'
      ? // Worded here from the report's count, not the server's English sentence.
        [t('import.refused'), t('import.checked.errors', { count: report.failed })]
      : tone === 'done'
        ? [t('import.done'), report.failed ? t('import.done.skipped', { count: report.failed }) : t('import.done.all')]
        : [t('import.checked'), report.failed ? t('import.checked.errors', { count: report.failed }) : t('import.checked.ok')];
  const { role, ...colors } = TONES[tone];
  return (
    <Box {...colors} borderStyle="solid" borderWidth="1px" hasRadius padding={4} role={role} data-testid="import-outcome">
      <Typography fontWeight="bold" textColor="neutral800" tag="p">
        {title}
      </Typography>
      <Typography textColor="neutral800" tag="p">
        {text}
      </Typography>
    </Box>
  );
};

export const ImportReportView = ({
  kind,
  report,
  refused,
  offered,
}: {
  kind: ImportKind;
  report: ImportReport;
  refused?: string;
  offered?: readonly string[];
}) => {
  const t = useT();
  const renamed = renamedRows(report.results);
  return (
    <Flex direction="column" alignItems="stretch" gap={5} data-testid="import-report">
      <Outcome report={report} refused={refused} />
      <Counts kind={kind} report={report} />
      {report.errors.length > 0 && (
        <Flex direction="column" alignItems="stretch" gap={2}>
          <Typography variant="delta" tag="h3">
            {t('import.errors.title', { count: report.errors.length })}
          </Typography>
          <ImportErrors errors={report.errors} offered={offered} />
        </Flex>
      )}
      {renamed.length > 0 && <ImportRenamed rows={renamed} />}
      <ImportDetected report={report} />
      <ImportMapping report={report} kind={kind} />
    </Flex>
  );
};
