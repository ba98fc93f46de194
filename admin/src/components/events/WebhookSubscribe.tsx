/**
 * Adds the chosen plugin events to one of Strapi's webhooks (its admin API: GET /admin/webhooks,
 * PUT /admin/webhooks/:id with the union of its events and the chosen ones), and shows the events
 * the webhook sends. Without a webhook, a link to Strapi's page that creates one.
 */
import * as React from 'react';
import { Box, Button, Flex, LinkButton, Typography } from '@strapi/design-system';
import { Plus, WarningCircle } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { Link } from 'react-router-dom';
import type { LicenseEventName } from '../../../../shared/events';
import { FRESH_ON_OPEN } from '../../api/base';
import { useApiError } from '../../api/errors';
import { useLicenseManagerAddWebhookEventsMutation, useLicenseManagerWebhooksQuery } from '../../api/webhooks';
import { useT } from '../../utils/translations';
import { SelectField } from '../Fields';

export const WebhookSubscribe = ({ chosen }: { chosen: readonly LicenseEventName[] }) => {
  const t = useT();
  const apiError = useApiError();
  const { toggleNotification } = useNotification();
  const { data: webhooks, error, isLoading } = useLicenseManagerWebhooksQuery(undefined, FRESH_ON_OPEN);
  const [addEvents, { isLoading: isAdding }] = useLicenseManagerAddWebhookEventsMutation();
  const [selectedId, setSelectedId] = React.useState<string>();
  const webhook = webhooks?.find((w) => w.id === selectedId) ?? webhooks?.[0];

  if (isLoading) return <Typography textColor="neutral600">{t('list.loading')}</Typography>;
  if (error) return <Typography textColor="danger600">{apiError.describe(error).message}</Typography>;
  if (!webhook) {
    return (
      <Flex direction="column" alignItems="flex-start" gap={3} padding={4} background="neutral100" hasRadius>
        <Typography textColor="neutral600">{t('events.subscribe.none')}</Typography>
        <LinkButton tag={Link} to="/settings/webhooks/create" variant="secondary" startIcon={<Plus />}>
          {t('events.subscribe.create')}
        </LinkButton>
      </Flex>
    );
  }

  const missing = chosen.filter((event) => !webhook.events.includes(event));
  const add = async () => {
    try {
      await addEvents({ id: webhook.id, events: chosen }).unwrap();
      toggleNotification({ type: 'success', message: t('events.subscribe.done', { count: missing.length, name: webhook.name }) });
    } catch (e) {
      apiError.notify(e);
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={4} tag="section" aria-labelledby="lm-events-subscribe">
      <Flex direction="column" alignItems="stretch" gap={1}>
        <Typography variant="delta" tag="h3" id="lm-events-subscribe">
          {t('events.subscribe.title')}
        </Typography>
        <Typography variant="pi" textColor="neutral600">
          {t('events.subscribe.hint')}
        </Typography>
      </Flex>
      <Flex gap={4} alignItems="flex-end" wrap="wrap">
        <Box minWidth="320px">
          <SelectField
            name="events.webhook"
            label={t('events.subscribe.webhook')}
            hint={webhook.url}
            value={webhook.id}
            options={webhooks!.map((w) => ({ value: w.id, label: w.name }))}
            onChange={setSelectedId}
          />
        </Box>
        <Box paddingBottom={webhook.url ? 6 : 0}>
          <Button type="button" startIcon={<Plus />} disabled={missing.length === 0} loading={isAdding} onClick={add}>
            {t('events.subscribe.add', { count: missing.length })}
          </Button>
        </Box>
      </Flex>
      <Flex direction="column" alignItems="stretch" gap={1}>
        <Typography variant="pi" fontWeight="bold" textColor="neutral800">
          {t('events.subscribe.sends')}
        </Typography>
        <Typography textColor="neutral800" style={{ fontFamily: 'monospace', whiteSpace: 'normal' }} data-testid="webhook-events">
          {webhook.events.length ? webhook.events.join(', ') : t('events.subscribe.noEvent')}
        </Typography>
        {/* No warning tone reaches 4.5:1 on white as text: the icon carries the colour. */}
        {!webhook.isEnabled && (
          <Flex gap={1} alignItems="center">
            <WarningCircle fill="warning600" aria-hidden />
            <Typography textColor="neutral800">{t('events.subscribe.disabled')}</Typography>
          </Flex>
        )}
      </Flex>
    </Flex>
  );
};
