/** "Recognize as…": a rule that recognizes one reported name (and publisher) as the software picked. */
import * as React from 'react';
import { Flex, Modal, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useApiError } from '../../api/errors';
import { useCreateInstallationRuleMutation } from '../../api/installations';
import type { RelationRef, UnrecognizedName } from '../../api/types';
import { useReturnFocus } from '../../hooks/useReturnFocus';
import { labelOf } from '../../resources';
import { useT } from '../../utils/translations';
import { FormModalFooter } from '../FormModalFooter';
import { RelationCombobox } from '../RelationCombobox';
import { exactRule, ruleFieldOf } from './ruleForm';

export const RecognizeDialog = ({ entry, onClose }: { entry: UnrecognizedName; onClose: () => void }) => {
  const t = useT();
  const returnFocus = useReturnFocus();
  const apiError = useApiError();
  const { toggleNotification } = useNotification();
  const [createRule, { isLoading }] = useCreateInstallationRuleMutation();
  const [software, setSoftware] = React.useState<RelationRef | null>(null);
  const [error, setError] = React.useState<string>();

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    e.stopPropagation();
    if (!software) return setError(t('form.error.required'));
    try {
      await createRule(exactRule(entry.rawName, entry.rawPublisher, { software: software.documentId })).unwrap();
      toggleNotification({ type: 'success', message: t('notification.rule.recognized', { name: entry.rawName, software: labelOf(software) }) });
      onClose();
    } catch (err) {
      const { fields } = apiError.describe(err);
      const message = Object.entries(fields).find(([path]) => ruleFieldOf(path) === 'software')?.[1];
      if (message) setError(message);
      else apiError.notify(err);
    }
  };

  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <Modal.Content onCloseAutoFocus={returnFocus}>
        <form onSubmit={submit} noValidate>
          <Modal.Header closeLabel={t('action.close')}>
            <Modal.Title>{t('unrecognized.recognize.title', { name: entry.rawName })}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={4}>
              {entry.rawPublisher && <Typography textColor="neutral600">{t('unrecognized.publisher', { publisher: entry.rawPublisher })}</Typography>}
              <RelationCombobox
                name="software"
                label={t('rules.field.software')}
                hint={t('unrecognized.recognize.hint')}
                required
                resource="software"
                value={software}
                error={error}
                onChange={(value) => {
                  setSoftware(value);
                  setError(undefined);
                }}
              />
            </Flex>
          </Modal.Body>
          <FormModalFooter isSaving={isLoading} />
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};
