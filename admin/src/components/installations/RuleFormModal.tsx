/**
 * Add or edit a recognition rule: its match on the name and the publisher, its version range, and the
 * software it recognizes or "ignore". Test shows what the rule would take, without saving it.
 */
import * as React from 'react';
import { Button, Grid, Modal, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useApiError } from '../../api/errors';
import { useCreateInstallationRuleMutation, useTestInstallationRuleMutation, useUpdateInstallationRuleMutation } from '../../api/installations';
import type { Installation, InstallationRule, ListResponse, RelationRef } from '../../api/types';
import { useReturnFocus } from '../../hooks/useReturnFocus';
import { useT } from '../../utils/translations';
import { SelectField, TextField } from '../Fields';
import { FormModalFooter } from '../FormModalFooter';
import { RelationCombobox } from '../RelationCombobox';
import { RuleTestResult } from './RuleTestResult';
import { MATCH_OPS, opLabel, ruleFieldOf, ruleFormValues, rulePayload, type RuleFormValues } from './ruleForm';

/** The installations a test shows. */
export const TEST_PAGE_SIZE = 10;
const NONE = 'none';

export const RuleFormModal = ({ rule, number, onClose }: { rule?: InstallationRule; number?: number; onClose: () => void }) => {
  const t = useT();
  const returnFocus = useReturnFocus();
  const apiError = useApiError();
  const { toggleNotification } = useNotification();
  const [createRule] = useCreateInstallationRuleMutation();
  const [updateRule] = useUpdateInstallationRuleMutation();
  const [testRule, { isLoading: isTesting }] = useTestInstallationRuleMutation();
  const [values, setValues] = React.useState<RuleFormValues>(() => ruleFormValues(rule));
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [isSaving, setIsSaving] = React.useState(false);
  const [tested, setTested] = React.useState<ListResponse<Installation> | null>(null);
  const set =
    <K extends keyof RuleFormValues>(name: K) =>
    (value: RuleFormValues[K]) => {
      setValues((v) => ({ ...v, [name]: value }));
      setTested(null);
    };

  /** The server's 400 on the form's fields; anything else in a notification. */
  const showError = (err: unknown) => {
    const { fields } = apiError.describe(err);
    const mapped: Record<string, string> = {};
    for (const [path, message] of Object.entries(fields)) mapped[ruleFieldOf(path)] ??= message;
    setErrors(mapped);
    if (!Object.keys(mapped).length) apiError.notify(err);
  };

  // A rule under test is tried at its own place: an edited rule at its position, a new one after every rule.
  const payload = () => ({ ...rulePayload(values), ...(rule ? { position: rule.position } : {}) });

  const test = async () => {
    setErrors({});
    try {
      setTested(await testRule({ data: payload(), pageSize: TEST_PAGE_SIZE }).unwrap());
    } catch (err) {
      showError(err);
    }
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    e.stopPropagation();
    setErrors({});
    setIsSaving(true);
    try {
      if (rule) await updateRule({ documentId: rule.documentId, data: rulePayload(values) }).unwrap();
      else await createRule(rulePayload(values)).unwrap();
      toggleNotification({ type: 'success', message: t(rule ? 'notification.saved' : 'notification.created') });
      onClose();
    } catch (err) {
      showError(err);
    } finally {
      setIsSaving(false);
    }
  };

  const opOptions = [{ value: NONE, label: t('rules.op.none') }, ...MATCH_OPS.map((op) => ({ value: op, label: t(opLabel(op)) }))];
  const matchPart = (part: 'name' | 'publisher') => {
    const op = values[`${part}Op`];
    return (
      <>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <SelectField
            name={`${part}Op`}
            label={t(`rules.field.${part}Op` as const)}
            error={errors[`${part}Op`]}
            value={op || NONE}
            options={opOptions}
            onChange={(v) => set(`${part}Op`)(v === NONE ? '' : (v as RuleFormValues['nameOp']))}
          />
        </Grid.Item>
        <Grid.Item col={8} s={12} direction="column" alignItems="stretch">
          <TextField
            name={`${part}Value`}
            label={t(`rules.field.${part}Value` as const)}
            hint={t('rules.field.value.hint')}
            error={errors[`${part}Value`]}
            disabled={!op}
            value={values[`${part}Value`]}
            onChange={set(`${part}Value`)}
          />
        </Grid.Item>
      </>
    );
  };

  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <Modal.Content onCloseAutoFocus={returnFocus}>
        <form onSubmit={submit} noValidate>
          <Modal.Header closeLabel={t('action.close')}>
            <Modal.Title>{rule ? t('rules.form.edit', { position: number ?? rule.position }) : t('rules.form.create')}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Grid.Root gap={4}>
              {errors.match && (
                <Grid.Item col={12} direction="column" alignItems="stretch">
                  <Typography textColor="danger600" role="alert">
                    {errors.match}
                  </Typography>
                </Grid.Item>
              )}
              {matchPart('name')}
              {matchPart('publisher')}
              {(['versionMin', 'versionBelow'] as const).map((name) => (
                <Grid.Item key={name} col={6} s={12} direction="column" alignItems="stretch">
                  <TextField
                    name={name}
                    label={t(`rules.field.${name}` as const)}
                    hint={t(`rules.field.${name}.hint` as const)}
                    error={errors[name]}
                    value={values[name]}
                    onChange={set(name)}
                  />
                </Grid.Item>
              ))}
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <SelectField
                  name="outcome"
                  label={t('rules.field.outcome')}
                  value={values.outcome}
                  options={[
                    { value: 'software', label: t('rules.outcome.software') },
                    { value: 'ignore', label: t('rules.outcome.ignore') },
                  ]}
                  onChange={(v) => set('outcome')(v as RuleFormValues['outcome'])}
                />
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                {values.outcome === 'software' ? (
                  <RelationCombobox
                    name="software"
                    label={t('rules.field.software')}
                    required
                    resource="software"
                    error={errors.software}
                    value={values.software}
                    onChange={(v: RelationRef | null) => set('software')(v)}
                  />
                ) : (
                  errors.software && <Typography textColor="danger600">{errors.software}</Typography>
                )}
              </Grid.Item>
              <Grid.Item col={12} direction="column" alignItems="flex-start">
                <Button variant="secondary" type="button" onClick={test} loading={isTesting}>
                  {t('rules.test')}
                </Button>
              </Grid.Item>
              {tested && (
                <Grid.Item col={12} direction="column" alignItems="stretch">
                  <RuleTestResult result={tested} />
                </Grid.Item>
              )}
            </Grid.Root>
          </Modal.Body>
          <FormModalFooter isSaving={isSaving} />
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};
