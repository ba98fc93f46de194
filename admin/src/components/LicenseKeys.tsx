import * as React from 'react';
import { IconButton, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { Eye, EyeStriked } from '@strapi/icons';
import { useApiError } from '../api/errors';
import { useRevealKeyMutation } from '../api/licenses';
import type { License, MaskedKey } from '../api/types';
import { useT } from '../utils/translations';
import { ActionsTableHead } from './ActionsTableHead';

/** A key, masked; users with keys.reveal may show it. The value lives in this component only, so it hides on leaving. */
const KeyRow = ({ licenseId, licenseKey, canReveal }: { licenseId: string; licenseKey: MaskedKey; canReveal: boolean }) => {
  const t = useT();
  const [revealKey] = useRevealKeyMutation();
  const apiError = useApiError();
  const [value, setValue] = React.useState<string | null>(null);
  const reveal = async () => {
    if (value !== null) return setValue(null);
    try {
      setValue(await revealKey({ licenseId, keyId: licenseKey.documentId }).unwrap());
    } catch (e) {
      apiError.notify(e);
    }
  };
  return (
    <Tr data-testid="key-row">
      <Td>
        <Typography textColor="neutral800">{licenseKey.label || t('keys.unlabelled')}</Typography>
      </Td>
      <Td>
        <Typography textColor="neutral800" style={{ fontFamily: 'monospace', wordBreak: 'break-all' }} data-testid="key-value">
          {value ?? licenseKey.maskedValue}
        </Typography>
      </Td>
      <Td>
        <Typography textColor="neutral800">{licenseKey.activationLimit ?? '-'}</Typography>
      </Td>
      <Td>
        {canReveal && (
          <IconButton label={value === null ? t('keys.reveal') : t('keys.hide')} variant="ghost" onClick={reveal}>
            {value === null ? <Eye /> : <EyeStriked />}
          </IconButton>
        )}
      </Td>
    </Tr>
  );
};

/** The detail view's keys: label, masked value, activation limit, and the reveal button. */
export const LicenseKeys = ({ license, canReveal }: { license: License; canReveal: boolean }) => {
  const t = useT();
  return license.keys?.length ? (
    <Table colCount={4} rowCount={license.keys.length + 1}>
      <ActionsTableHead labels={[t('keys.field.label'), t('keys.field.value'), t('keys.field.activationLimit')]} />
      <Tbody>
        {license.keys.map((k) => (
          <KeyRow key={k.documentId} licenseId={license.documentId} licenseKey={k} canReveal={canReveal} />
        ))}
      </Tbody>
    </Table>
  ) : (
    <Typography textColor="neutral600">{t('keys.empty')}</Typography>
  );
};
