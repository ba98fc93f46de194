/** The file to import: dropped on the zone or chosen with the file picker. */
import * as React from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { FileCsv, Upload } from '@strapi/icons';
import { styled } from 'styled-components';
import { useT } from '../../utils/translations';

const Zone = styled(Box)<{ $over: boolean }>`
  border: 1px dashed ${({ theme, $over }) => ($over ? theme.colors.primary600 : theme.colors.neutral300)};
  background: ${({ theme, $over }) => ($over ? theme.colors.primary100 : theme.colors.neutral100)};
`;

const sizeOf = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

export const ImportFile = ({ file, onChange, disabled }: { file: File | null; onChange: (file: File) => void; disabled?: boolean }) => {
  const t = useT();
  const input = React.useRef<HTMLInputElement>(null);
  const [over, setOver] = React.useState(false);

  const take = (files: FileList | null) => {
    if (files?.[0]) onChange(files[0]);
  };

  return (
    <Zone
      $over={over}
      padding={6}
      hasRadius
      data-testid="import-drop-zone"
      onDragOver={(e: React.DragEvent) => {
        e.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e: React.DragEvent) => {
        e.preventDefault();
        setOver(false);
        if (!disabled) take(e.dataTransfer.files);
      }}
    >
      <Flex direction="column" gap={3} alignItems="center">
        {file ? (
          <Flex gap={2} alignItems="center" data-testid="import-file-name">
            <FileCsv aria-hidden />
            <Typography fontWeight="bold" textColor="neutral800">
              {file.name}
            </Typography>
            <Typography variant="pi" textColor="neutral600">
              {sizeOf(file.size)}
            </Typography>
          </Flex>
        ) : (
          <Typography textColor="neutral600">{t('import.file.drop')}</Typography>
        )}
        <Button variant="secondary" startIcon={<Upload />} disabled={disabled} onClick={() => input.current?.click()}>
          {t(file ? 'import.file.change' : 'import.file.pick')}
        </Button>
        <input
          ref={input}
          type="file"
          accept=".csv,.txt,text/csv,text/plain"
          aria-label={t('import.file.label')}
          data-testid="import-file-input"
          style={{ display: 'none' }}
          onChange={(e) => {
            take(e.target.files);
            // The same file chosen again (after fixing it) is a change too.
            e.target.value = '';
          }}
        />
      </Flex>
    </Zone>
  );
};
