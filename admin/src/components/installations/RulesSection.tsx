/**
 * The recognition rules in the order they are tried: add, edit, delete, and move up or down (a PUT of
 * the rule's position: a rule written at a position goes before the rules from there on).
 */
import * as React from 'react';
import { Button, Flex, IconButton, Typography } from '@strapi/design-system';
import { ArrowDown, ArrowUp, Pencil, Plus, Trash } from '@strapi/icons';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Page, Table, useNotification } from '@strapi/strapi/admin';
import { FRESH_ON_OPEN } from '../../api/base';
import { useApiError } from '../../api/errors';
import { useDeleteInstallationRuleMutation, useInstallationRulesQuery, useUpdateInstallationRuleMutation } from '../../api/installations';
import type { InstallationRule } from '../../api/types';
import { pressFromKeyboard } from '../../pages/LicenseListPage';
import { useT } from '../../utils/translations';
import { ConfirmDialog } from '../ConfirmDialog';
import { TableHeaderCell } from '../TableHeaderCell';
import { RuleFormModal } from './RuleFormModal';
import { RuleMatchText, RuleResult, useVersionsText } from './RuleText';

/** The position that moves `rules[index]` one place up or down. */
export const movedPosition = (rules: InstallationRule[], index: number, by: -1 | 1) => (by < 0 ? rules[index - 1].position : rules[index + 1].position + 1);

export const RulesSection = ({ canManage }: { canManage: boolean }) => {
  const t = useT();
  const apiError = useApiError();
  const { toggleNotification } = useNotification();
  const versionsText = useVersionsText();
  const { data: rules = [], error, isLoading } = useInstallationRulesQuery(undefined, FRESH_ON_OPEN);
  const [updateRule, { isLoading: isMoving }] = useUpdateInstallationRuleMutation();
  const [deleteRule] = useDeleteInstallationRuleMutation();
  // `{}` opens the form for a new rule; a rule, to edit it (with its number in the list).
  const [editing, setEditing] = React.useState<{ rule?: InstallationRule; number?: number } | null>(null);
  const [deleting, setDeleting] = React.useState<{ rule: InstallationRule; number: number } | null>(null);

  const move = async (index: number, by: -1 | 1) => {
    try {
      await updateRule({ documentId: rules[index].documentId, data: { position: movedPosition(rules, index, by) } }).unwrap();
    } catch (err) {
      apiError.notify(err);
    }
  };
  const remove = async () => {
    if (!deleting) return;
    try {
      await deleteRule(deleting.rule.documentId).unwrap();
      toggleNotification({ type: 'success', message: t('notification.deleted') });
    } catch (err) {
      apiError.notify(err);
    } finally {
      setDeleting(null);
    }
  };

  const rows = rules.map((r) => ({ ...r, id: r.documentId }));
  const headers = [
    { name: 'position', label: t('rules.column.position') },
    { name: 'match', label: t('rules.column.match') },
    { name: 'versions', label: t('rules.column.versions') },
    { name: 'result', label: t('rules.column.result') },
    ...(canManage ? [{ name: 'actions', label: t('list.actions') }] : []),
  ];
  if (error) return <Page.Error />;
  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex justifyContent="space-between" gap={4}>
        <Typography textColor="neutral600">{t('rules.hint')}</Typography>
        {canManage && (
          <Button startIcon={<Plus />} onClick={() => setEditing({})}>
            {t('rules.add')}
          </Button>
        )}
      </Flex>
      <Table.Root rows={rows} headers={headers.map((h) => ({ ...h, sortable: false }))} isLoading={isLoading}>
        <Table.Content>
          <Table.Head>
            {headers.map((h) => (
              <TableHeaderCell key={h.name} {...h} />
            ))}
          </Table.Head>
          <Table.Loading />
          <Table.Empty content={t('rules.empty')} icon={<EmptyDocuments width="16rem" />} />
          <Table.Body>
            {rows.map((rule, index) => {
              const position = index + 1;
              return (
                <Table.Row key={rule.id} data-testid="rule-row">
                  <Table.Cell>
                    <Typography textColor="neutral800">{position}</Typography>
                  </Table.Cell>
                  <Table.Cell>
                    <RuleMatchText rule={rule} />
                  </Table.Cell>
                  <Table.Cell>
                    <Typography textColor="neutral800">{versionsText(rule)}</Typography>
                  </Table.Cell>
                  <Table.Cell>
                    <RuleResult rule={rule} />
                  </Table.Cell>
                  {canManage && (
                    <Table.Cell>
                      <Flex gap={1} justifyContent="flex-end" onKeyDown={pressFromKeyboard}>
                        <IconButton label={t('rules.moveUp', { position })} variant="ghost" disabled={index === 0 || isMoving} onClick={() => move(index, -1)}>
                          <ArrowUp />
                        </IconButton>
                        <IconButton
                          label={t('rules.moveDown', { position })}
                          variant="ghost"
                          disabled={index === rows.length - 1 || isMoving}
                          onClick={() => move(index, 1)}
                        >
                          <ArrowDown />
                        </IconButton>
                        <IconButton label={t('rules.edit', { position })} variant="ghost" onClick={() => setEditing({ rule, number: position })}>
                          <Pencil />
                        </IconButton>
                        <IconButton label={t('rules.delete', { position })} variant="ghost" onClick={() => setDeleting({ rule, number: position })}>
                          <Trash />
                        </IconButton>
                      </Flex>
                    </Table.Cell>
                  )}
                </Table.Row>
              );
            })}
          </Table.Body>
        </Table.Content>
      </Table.Root>
      {editing && <RuleFormModal rule={editing.rule} number={editing.number} onClose={() => setEditing(null)} />}
      <ConfirmDialog open={!!deleting} onCancel={() => setDeleting(null)} onConfirm={remove}>
        {t('rules.delete.confirm', { position: deleting?.number ?? 0 })}
      </ConfirmDialog>
    </Flex>
  );
};
