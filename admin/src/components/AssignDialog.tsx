import * as React from 'react';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Flex,
  IconButton,
  Loader,
  Modal,
  Searchbar,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import { ChevronLeft, ChevronRight } from '@strapi/icons';
import { useDebounce, useNotification } from '@strapi/strapi/admin';
import { FRESH_ON_OPEN } from '../api/base';
import { useAllAssignmentsQuery, useSetAssignedMutation, type AssignKind } from '../api/assignments';
import { useApiError } from '../api/errors';
import { useReferenceListQuery } from '../api/reference';
import type { Asset, License, Person } from '../api/types';
import { SEAT_UNITS } from '../../../shared/constants';
import { countsHardware, unitsOf } from '../../../shared/units';
import { labelOf } from '../resources';
import { useT } from '../utils/translations';
import { useReturnFocus } from '../hooks/useReturnFocus';

export type { AssignKind };

const PAGE_SIZE = 10;

/** Whether assigning this kind uses seats of the license (persons for per user, assets for the other models, none on a site license: no limit). */
export const countsSeats = (kind: AssignKind, license: Pick<License, 'assignmentModel'>) =>
  license.assignmentModel !== 'site' && (kind === 'person') === (license.assignmentModel === 'per_user');

/**
 * Seats left once the ticked set is saved (of the seat total: the quantity and what purchases add); negative means more are
 * ticked than there are seats. `used`: what the ticked set uses, in the license's units (a seat each, or an asset's cores or processors).
 */
export const seatsLeft = (license: Pick<License, 'seats' | 'assignmentModel'>, kind: AssignKind, used: number) =>
  countsSeats(kind, license) && license.seats.total !== null ? license.seats.total - used : null;

/**
 * The units the ticked set uses under a hardware model: what the license uses now, plus each newly ticked asset's units, less
 * each unticked current one's. `units` knows every asset toggled (only a listed asset can be toggled); an unknown one counts 0.
 */
export const tickedUnits = (used: number, current: ReadonlySet<string>, ticked: ReadonlySet<string>, units: ReadonlyMap<string, number | null>) => {
  let total = used;
  for (const id of ticked) if (!current.has(id)) total += units.get(id) ?? 0;
  for (const id of current) if (!ticked.has(id)) total -= units.get(id) ?? 0;
  return total;
};

/**
 * The detail view's "Assign persons" / "Assign assets": a searchable, paged list with checkboxes, the
 * current ones ticked; "Save" makes exactly the ticked ones assigned, in one request.
 */
export const AssignDialog = ({ license, kind, onClose, onSaved }: { license: License; kind: AssignKind; onClose: () => void; onSaved: () => void }) => {
  const t = useT();
  const returnFocus = useReturnFocus();
  const [setAssigned] = useSetAssignedMutation();
  const { toggleNotification } = useNotification();
  const apiError = useApiError();
  const current = useAllAssignmentsQuery({ licenseId: license.documentId, kind }, FRESH_ON_OPEN);
  const [ticked, setTicked] = React.useState<Set<string> | null>(null);
  // The assets assigned when the dialog opened, and the units of each asset toggled since (hardware models).
  const [initial, setInitial] = React.useState<Set<string>>(new Set());
  const [toggledUnits, setToggledUnits] = React.useState<Map<string, number | null>>(new Map());
  const hardware = kind === 'asset' && countsHardware(license.assignmentModel);
  const unit = SEAT_UNITS[license.assignmentModel];
  const [search, setSearch] = React.useState('');
  const [page, setPage] = React.useState(1);
  const [refusal, setRefusal] = React.useState<string | null>(null);
  const [isSaving, setIsSaving] = React.useState(false);
  const q = useDebounce(search, 250);
  const resource = kind === 'person' ? 'persons' : 'assets';
  const list = useReferenceListQuery({ resource, params: { page, pageSize: PAGE_SIZE, ...(q ? { _q: q } : {}) } });

  // "Save" sets exactly the ticked ones: tick from the server's answer of now, not from an older cached one.
  React.useEffect(() => {
    if (current.data && !current.isFetching && !ticked) {
      const ids = current.data.map((a) => (kind === 'person' ? a.person?.documentId : a.asset?.documentId)).filter(Boolean) as string[];
      setInitial(new Set(ids));
      setTicked(new Set(ids));
    }
  }, [current.data, current.isFetching, kind, ticked]);
  React.useEffect(() => setPage(1), [q]);

  // Hardware models count units from what the license uses now (the assets ticked at first may be on no listed page).
  const used = ticked ? (hardware ? tickedUnits(license.seats.used, initial, ticked, toggledUnits) : ticked.size) : 0;
  const left = ticked ? seatsLeft(license, kind, used) : null;
  const unitsOfRow = (row: Asset) => unitsOf(license, { processors: row.processors ?? 1, coresPerProcessor: row.coresPerProcessor ?? null });
  const blocked = left !== null && left < 0 && license.overAssignment === 'block';

  const toggle = (id: string, on: boolean, units: number | null) => {
    if (hardware) setToggledUnits((map) => new Map(map).set(id, units));
    setTicked((set) => {
      const next = new Set(set);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  };

  const save = async () => {
    if (!ticked) return;
    setIsSaving(true);
    setRefusal(null);
    try {
      await setAssigned({ licenseId: license.documentId, kind, ids: [...ticked] }).unwrap();
      toggleNotification({ type: 'success', message: t(kind === 'person' ? 'notification.assigned.persons' : 'notification.assigned.assets') });
      onSaved();
    } catch (error) {
      // A refusal (409: not enough seats) changes nothing on the server; the dialog stays as it was.
      const { message, status } = apiError.notify(error);
      if (status === 409) setRefusal(message);
    } finally {
      setIsSaving(false);
    }
  };

  const rows = (list.data?.data ?? []) as unknown as (Person | Asset)[];
  const pagination = list.data?.meta.pagination;
  const title = t(kind === 'person' ? 'assign.persons.title' : 'assign.assets.title', { name: license.name });

  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <Modal.Content onCloseAutoFocus={returnFocus} style={{ maxWidth: '72rem', width: '90vw' }}>
        <Modal.Header closeLabel={t('action.close')}>
          <Modal.Title>{title}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Flex justifyContent="space-between" gap={4}>
              <Box flex="1">
                <Searchbar
                  name="assign-search"
                  value={search}
                  onChange={(e) => setSearch(e.target.value)}
                  onClear={() => setSearch('')}
                  clearLabel={t('action.clear')}
                  placeholder={t(kind === 'person' ? 'assign.persons.search' : 'assign.assets.search')}
                >
                  {t(kind === 'person' ? 'assign.persons.search' : 'assign.assets.search')}
                </Searchbar>
              </Box>
              <Flex direction="column" alignItems="flex-end" data-testid="seats-left">
                {left !== null ? (
                  <Typography variant="omega" fontWeight="bold" textColor={left < 0 ? 'danger600' : 'neutral800'} aria-live="polite">
                    {hardware
                      ? left < 0
                        ? t('assign.unitsOver', { over: -left, total: license.seats.total ?? 0, unit })
                        : t('assign.unitsLeft', { left, total: license.seats.total ?? 0, unit })
                      : left < 0
                        ? t('assign.seatsOver', { over: -left, total: license.seats.total ?? 0 })
                        : t('assign.seatsLeft', { left, total: license.seats.total ?? 0 })}
                  </Typography>
                ) : (
                  <Typography variant="pi" textColor="neutral600">
                    {t(license.assignmentModel === 'site' ? 'assign.siteNoLimit' : 'assign.noSeatsUsed')}
                  </Typography>
                )}
                <Typography variant="pi" textColor="neutral600">
                  {t('assign.selected', { count: ticked?.size ?? 0 })}
                </Typography>
              </Flex>
            </Flex>
            {blocked && (
              <Typography variant="pi" textColor="danger600">
                {t('assign.tooMany', { unit: t(`seats.unit.${unit}`) })}
              </Typography>
            )}
            {refusal && (
              <Alert variant="danger" title={t('assign.refused')} closeLabel={t('action.close')} onClose={() => setRefusal(null)}>
                {refusal}
              </Alert>
            )}
            {list.isLoading || !ticked ? (
              <Flex justifyContent="center" padding={6}>
                <Loader>{t('list.loading')}</Loader>
              </Flex>
            ) : list.error || current.error ? (
              <Typography textColor="danger600">{t('notification.error')}</Typography>
            ) : (
              <Table colCount={3} rowCount={rows.length + 1}>
                <Thead>
                  <Tr>
                    <Th>
                      <VisuallyHidden>{t('assign.select')}</VisuallyHidden>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t(kind === 'person' ? 'field.name' : 'field.name')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t(kind === 'person' ? 'field.email' : 'field.inventoryNumber')}</Typography>
                    </Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {rows.length === 0 && (
                    <Tr>
                      <Td colSpan={3}>
                        <Typography textColor="neutral600">{t('assign.empty')}</Typography>
                      </Td>
                    </Tr>
                  )}
                  {rows.map((row) => {
                    const name = labelOf(row);
                    const second = kind === 'person' ? (row as Person).email : (row as Asset).inventoryNumber;
                    // What the asset will use of a hardware-counted license; null: its cores are unknown (a per-core license refuses it).
                    const units = hardware ? unitsOfRow(row as Asset) : 1;
                    const isTicked = ticked.has(row.documentId);
                    return (
                      <Tr key={row.documentId} data-testid="assign-row">
                        <Td>
                          <Checkbox
                            aria-label={t('assign.toggle', { name })}
                            checked={isTicked}
                            disabled={units === null && !isTicked}
                            onCheckedChange={(checked) => toggle(row.documentId, checked === true, units)}
                          />
                        </Td>
                        <Td>
                          <Flex direction="column" alignItems="flex-start" gap={1}>
                            <Typography textColor="neutral800">{name}</Typography>
                            {hardware && (
                              <Typography variant="pi" textColor={units === null ? 'danger600' : 'neutral600'} data-testid="assign-units">
                                {units === null
                                  ? t('assign.noCores', { type: (row as Asset).assetType ?? 'other' })
                                  : t(unit === 'processors' ? 'assign.needs.processors' : 'assign.needs.cores', {
                                      units,
                                      type: (row as Asset).assetType ?? 'other',
                                    })}
                              </Typography>
                            )}
                          </Flex>
                        </Td>
                        <Td>
                          <Typography textColor="neutral600">{second ?? '-'}</Typography>
                        </Td>
                      </Tr>
                    );
                  })}
                </Tbody>
              </Table>
            )}
            {pagination && pagination.pageCount > 1 && (
              <Flex justifyContent="flex-end" gap={2} alignItems="center">
                <IconButton label={t('pagination.previous')} variant="tertiary" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
                  <ChevronLeft />
                </IconButton>
                <Typography variant="pi">{t('pagination.pageOf', { page, pageCount: pagination.pageCount })}</Typography>
                <IconButton label={t('pagination.next')} variant="tertiary" disabled={page >= pagination.pageCount} onClick={() => setPage((p) => p + 1)}>
                  <ChevronRight />
                </IconButton>
              </Flex>
            )}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('action.cancel')}</Button>
          </Modal.Close>
          <Button onClick={save} loading={isSaving} disabled={!ticked}>
            {t('action.save')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
