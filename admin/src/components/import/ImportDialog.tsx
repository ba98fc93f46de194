/**
 * The import window (licenses or assignments from a CSV file): pick or drop a file, set the
 * options, "Check file" runs the dry run and shows its report, "Import" writes. Under "Import
 * nothing" (abort) a file with errors is not offered for import: the dry run already says the
 * commit would write nothing. A commit that `abort` refuses anyway (the data changed since the
 * check) shows its report the same way; a problem with the whole file (400, 403, 413) its message.
 */
import * as React from 'react';
import { Box, Button, Flex, Loader, Modal, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useApiError } from '../../api/errors';
import { refusalOf, useImportFile, type ImportKind, type ImportReport } from '../../api/import';
import { useT } from '../../utils/translations';
import { ImportFile } from './ImportFile';
import { ImportOptionsFields } from './ImportOptionsFields';
import { ImportReportView } from './ImportReportView';
import { initialValues, optionsOf, rememberFormats, toRequestOptions, type ImportFormValues } from './options';
import { useReturnFocus } from '../../hooks/useReturnFocus';

type Phase = 'idle' | 'checking' | 'importing';

/** What the last request answered: a report (with the refusal's message under abort), or a problem with the whole file. */
type Answer = { report: ImportReport; refused?: string } | { fileError: string; problems: string[] };

const Busy = ({ text }: { text: string }) => (
  <Flex gap={3} alignItems="center" padding={4} background="neutral100" hasRadius data-testid="import-progress">
    <Loader small>{text}</Loader>
    <Typography textColor="neutral800" aria-live="polite">
      {text}
    </Typography>
  </Flex>
);

export const ImportDialog = ({ kind, canCreateMissing, onClose }: { kind: ImportKind; canCreateMissing: boolean; onClose: () => void }) => {
  const t = useT();
  const returnFocus = useReturnFocus();
  const run = useImportFile(kind);
  const apiError = useApiError();
  const { toggleNotification } = useNotification();
  const [file, setFile] = React.useState<File | null>(null);
  const { locale } = useIntl();
  // The date and decimal formats of the user's language, or the last ones chosen for this kind.
  const [values, setValues] = React.useState<ImportFormValues>(() => initialValues(kind, locale));
  const [phase, setPhase] = React.useState<Phase>('idle');
  const [answer, setAnswer] = React.useState<Answer | null>(null);

  const report = answer && 'report' in answer ? answer.report : null;
  const done = !!report?.committed;
  const busy = phase !== 'idle';
  // The dry run's report, and nothing changed since that would read the file differently.
  const checked = report && !report.committed && !(answer && 'report' in answer && answer.refused) ? report : null;
  const abortBlocks = !!checked && checked.failed > 0 && values.onError === 'abort';

  const changeFile = (next: File) => {
    setFile(next);
    setAnswer(null);
  };
  // What to do with bad rows does not change how the file reads: the check stands.
  const changeValues = (next: ImportFormValues) => {
    const rereads = (Object.keys(next) as (keyof ImportFormValues)[]).some((k) => k !== 'onError' && next[k] !== values[k]);
    setValues(next);
    if (optionsOf(kind).formats && (next.dateFormat !== values.dateFormat || next.decimalSeparator !== values.decimalSeparator)) rememberFormats(kind, next);
    if (rereads || (answer && 'report' in answer && answer.refused)) setAnswer(null);
  };

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setPhase(dryRun ? 'checking' : 'importing');
    try {
      const next = await run(file, toRequestOptions(values, kind, dryRun));
      setAnswer({ report: next });
      if (next.committed) {
        const { created, updated, unchanged, failed } = next;
        toggleNotification({ type: 'success', message: t(`import.notification.${kind}`, { created, updated, unchanged, failed }) });
      }
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) {
        setAnswer({ report: refusal.report, refused: refusal.message || t('import.refused') });
      } else {
        const { message, fields } = apiError.notify(error);
        setAnswer({ fileError: message, problems: Object.entries(fields).map(([path, text]) => (path ? `${path}: ${text}` : text)) });
      }
    } finally {
      setPhase('idle');
    }
  };

  const reset = () => {
    setFile(null);
    setAnswer(null);
  };

  return (
    <Modal.Root open onOpenChange={(open) => !open && !busy && onClose()}>
      <Modal.Content onCloseAutoFocus={returnFocus} style={{ maxWidth: '96rem', width: '90vw' }}>
        <Modal.Header closeLabel={t('action.close')}>
          <Modal.Title>{t(`import.title.${kind}`)}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={5}>
            {!done && (
              <>
                <Typography textColor="neutral700">{t(`import.intro.${kind}`)}</Typography>
                <ImportFile file={file} onChange={changeFile} disabled={busy} />
                <ImportOptionsFields kind={kind} values={values} onChange={changeValues} canCreateMissing={canCreateMissing} disabled={busy} />
              </>
            )}
            {phase === 'checking' && <Busy text={t('import.checking')} />}
            {phase === 'importing' && <Busy text={t('import.importing', { count: checked?.rows ?? 0 })} />}
            {answer && 'fileError' in answer && (
              <Box
                background="danger100"
                borderColor="danger200"
                borderStyle="solid"
                borderWidth="1px"
                hasRadius
                padding={4}
                role="alert"
                data-testid="import-file-error"
              >
                <Typography fontWeight="bold" textColor="neutral800" tag="p">
                  {t('import.fileError')}
                </Typography>
                <Typography textColor="neutral800" tag="p">
                  {answer.fileError}
                </Typography>
                {answer.problems.map((p) => (
                  <Typography key={p} textColor="danger600" tag="p">
                    {p}
                  </Typography>
                ))}
              </Box>
            )}
            {abortBlocks && (
              <Typography textColor="danger600" data-testid="import-abort-blocks">
                {t('import.abortBlocks')}
              </Typography>
            )}
            {report && !busy && (
              <ImportReportView
                kind={kind}
                report={report}
                refused={answer && 'report' in answer ? answer.refused : undefined}
                offered={canCreateMissing ? ['createMissing'] : []}
              />
            )}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary" disabled={busy}>
              {t(done ? 'action.close' : 'action.cancel')}
            </Button>
          </Modal.Close>
          {done ? (
            <Button variant="secondary" onClick={reset}>
              {t('import.another')}
            </Button>
          ) : (
            <Flex gap={2}>
              <Button variant={checked ? 'secondary' : 'default'} disabled={!file || busy} loading={phase === 'checking'} onClick={() => send(true)}>
                {t('import.check')}
              </Button>
              <Button disabled={!checked || abortBlocks || busy} loading={phase === 'importing'} onClick={() => send(false)}>
                {t('import.commit')}
              </Button>
            </Flex>
          )}
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
