import * as React from 'react';
import { Box, Button, Checkbox, Flex, Popover, Tag } from '@strapi/design-system';
import { Cross, Filter } from '@strapi/icons';
import { ASSIGNMENT_MODELS, LICENSE_STATUSES } from '../../../shared/constants';
import { useReferenceRecordQuery } from '../api/reference';
import type { RelationRef } from '../api/types';
import { labelOf, type ReferenceApiPath } from '../resources';
import { useT, type TranslationKey } from '../utils/translations';
import { DateField, SelectField } from './Fields';
import { useFormatDay } from '../utils/formatDates';
import { RelationCombobox } from './RelationCombobox';

/** The license list's filters (docs/api.md): they live in the URL, so a filtered list can be linked to. */
export interface LicenseFilterValues {
  software?: string;
  category?: string;
  organization?: string;
  status?: string;
  assignmentModel?: string;
  overAllocated?: string;
  validUntilFrom?: string;
  validUntilTo?: string;
}

export const FILTER_NAMES = ['software', 'category', 'organization', 'status', 'assignmentModel', 'overAllocated', 'validUntilFrom', 'validUntilTo'] as const;

/** The validity range: the last day a license and its purchases cover, from and to (a license without end is valid past any day). */
const VALIDITY_FILTERS = [
  { name: 'validUntilFrom', label: 'filters.validUntilFrom' },
  { name: 'validUntilTo', label: 'filters.validUntilTo' },
] as const;

const RELATION_FILTERS: { name: 'software' | 'category' | 'organization'; resource: ReferenceApiPath; label: TranslationKey }[] = [
  { name: 'software', resource: 'software', label: 'license.field.software' },
  { name: 'category', resource: 'categories', label: 'license.field.category' },
  { name: 'organization', resource: 'organizations', label: 'license.field.organization' },
];

/** A relation filter's tag names the record, which the URL holds only by documentId. */
const RelationTagLabel = ({ resource, documentId }: { resource: ReferenceApiPath; documentId: string }) => {
  const { data } = useReferenceRecordQuery({ resource, documentId });
  return <>{data ? labelOf(data) : '…'}</>;
};

export const LicenseFilters = ({ filters, onChange }: { filters: LicenseFilterValues; onChange: (next: LicenseFilterValues) => void }) => {
  const t = useT();
  const formatDay = useFormatDay();
  const [open, setOpen] = React.useState(false);
  const [draft, setDraft] = React.useState<LicenseFilterValues>(filters);
  const [refs, setRefs] = React.useState<Record<string, RelationRef | null>>({});
  React.useEffect(() => {
    if (open) setDraft(filters);
  }, [open, filters]);

  const apply = () => {
    onChange(draft);
    setOpen(false);
  };
  const remove = (name: keyof LicenseFilterValues) => onChange({ ...filters, [name]: undefined });

  const tags = FILTER_NAMES.filter((name) => filters[name]);

  return (
    <Flex gap={2} wrap="wrap">
      <Popover.Root open={open} onOpenChange={setOpen}>
        <Popover.Trigger>
          <Button variant="tertiary" startIcon={<Filter />} size="S">
            {t('filters.button')}
          </Button>
        </Popover.Trigger>
        <Popover.Content sideOffset={4} style={{ minWidth: '30rem' }}>
          {/* Escape in a search box closes the filters, not only the box's list of options (which, while
              open, takes the Escape from the popover); the popover then refocuses the Filters button. */}
          <Flex
            direction="column"
            alignItems="stretch"
            gap={4}
            padding={4}
            onKeyDownCapture={(e: React.KeyboardEvent) => {
              if (e.key === 'Escape' && e.target instanceof HTMLInputElement) setOpen(false);
            }}
          >
            {RELATION_FILTERS.map((f) => (
              <RelationCombobox
                key={f.name}
                name={`filter-${f.name}`}
                label={t(f.label)}
                resource={f.resource}
                value={draft[f.name] ? (refs[f.name] ?? { documentId: draft[f.name]! }) : null}
                onChange={(ref) => {
                  setRefs((r) => ({ ...r, [f.name]: ref }));
                  setDraft((d) => ({ ...d, [f.name]: ref?.documentId }));
                }}
              />
            ))}
            <SelectField
              name="filter-status"
              label={t('filters.status')}
              value={draft.status ?? ''}
              onChange={(status) => setDraft((d) => ({ ...d, status }))}
              placeholder={t('filters.any')}
              options={LICENSE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}` as TranslationKey) }))}
            />
            <SelectField
              name="filter-assignmentModel"
              label={t('license.field.assignmentModel')}
              value={draft.assignmentModel ?? ''}
              onChange={(assignmentModel) => setDraft((d) => ({ ...d, assignmentModel }))}
              placeholder={t('filters.any')}
              options={ASSIGNMENT_MODELS.map((m) => ({ value: m, label: t(`assignmentModel.${m}` as TranslationKey) }))}
            />
            <Flex gap={2} alignItems="flex-start">
              {VALIDITY_FILTERS.map((f) => (
                <Box key={f.name} flex="1">
                  <DateField
                    name={`filter-${f.name}`}
                    label={t(f.label)}
                    value={draft[f.name] ?? ''}
                    onChange={(day) => setDraft((d) => ({ ...d, [f.name]: day || undefined }))}
                  />
                </Box>
              ))}
            </Flex>
            <Checkbox
              checked={draft.overAllocated === 'true'}
              onCheckedChange={(checked) => setDraft((d) => ({ ...d, overAllocated: checked === true ? 'true' : undefined }))}
            >
              {t('filters.overAllocated')}
            </Checkbox>
            <Flex gap={2} justifyContent="flex-end">
              <Button variant="tertiary" onClick={() => setDraft({})}>
                {t('filters.clear')}
              </Button>
              <Button onClick={apply}>{t('filters.apply')}</Button>
            </Flex>
          </Flex>
        </Popover.Content>
      </Popover.Root>
      {tags.map((name) => {
        const value = filters[name]!;
        const relation = RELATION_FILTERS.find((f) => f.name === name);
        const validity = VALIDITY_FILTERS.find((f) => f.name === name);
        const valueLabel = relation ? (
          <RelationTagLabel resource={relation.resource} documentId={value} />
        ) : validity ? (
          formatDay(value)
        ) : name === 'status' ? (
          t(`status.${value}` as TranslationKey)
        ) : name === 'assignmentModel' ? (
          t(`assignmentModel.${value}` as TranslationKey)
        ) : (
          t('filters.yes')
        );
        const nameLabel = validity
          ? t(validity.label)
          : name === 'status'
            ? t('filters.status')
            : name === 'overAllocated'
              ? t('filters.overAllocated')
              : t(relation?.label ?? 'license.field.assignmentModel');
        return (
          <Tag key={name} icon={<Cross />} label={t('filters.remove')} onClick={() => remove(name)}>
            {nameLabel}: {valueLabel}
          </Tag>
        );
      })}
    </Flex>
  );
};
