/**
 * Settings > License Manager, "Events": the plugin's webhook events, which Strapi's Settings >
 * Webhooks page does not list, and for an administrator who may read and update webhooks (Strapi's
 * own permissions), a way to add them to one. Not part of the settings form: it saves on its own.
 */
import * as React from 'react';
import { Box, Divider, Flex, Typography } from '@strapi/design-system';
import type { LicenseEventName } from '../../../../shared/events';
import { useWebhookPermissions } from '../../hooks/usePermissions';
import { useT } from '../../utils/translations';
import { EVENTS, EventTable } from './EventTable';
import { WebhookSubscribe } from './WebhookSubscribe';

export const EventsSection = () => {
  const t = useT();
  const { canSubscribe, isLoading } = useWebhookPermissions();
  const [chosen, setChosen] = React.useState<ReadonlySet<LicenseEventName>>(() => new Set(EVENTS.map((e) => e.event)));
  return (
    <Box background="neutral0" hasRadius shadow="filterShadow" paddingTop={6} paddingBottom={6} paddingLeft={7} paddingRight={7}>
      <Flex direction="column" alignItems="stretch" gap={4} tag="section" aria-labelledby="lm-events-title" data-testid="events-settings">
        <Flex direction="column" alignItems="stretch" gap={1}>
          <Typography variant="delta" tag="h2" id="lm-events-title">
            {t('events.title')}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {t('events.subtitle')}
          </Typography>
        </Flex>
        {canSubscribe ? <EventTable chosen={chosen} onChoose={setChosen} /> : <EventTable />}
        <Divider />
        {isLoading ? null : canSubscribe ? (
          // In the table's order, whatever order they were ticked in.
          <WebhookSubscribe chosen={EVENTS.map((e) => e.event).filter((event) => chosen.has(event))} />
        ) : (
          <Typography textColor="neutral600" data-testid="events-no-permission">
            {t('events.noPermission')}
          </Typography>
        )}
      </Flex>
    </Box>
  );
};
