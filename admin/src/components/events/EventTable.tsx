/**
 * The plugin's webhook events (shared/events.ts): when each is sent and what its body holds beside
 * `event`, `createdAt` and `license`. With `chosen`, each row has a tick box to pick it.
 */
import { Checkbox, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { LICENSE_EVENTS, type LicenseEventName } from '../../../../shared/events';
import { useT, type TranslationKey } from '../../utils/translations';

export const EVENTS = Object.values(LICENSE_EVENTS);

const Code = ({ children }: { children: string }) => (
  <Typography tag="code" variant="omega" fontWeight="semiBold" textColor="neutral800" style={{ fontFamily: 'monospace' }}>
    {children}
  </Typography>
);

export const EventTable = ({ chosen, onChoose }: { chosen?: ReadonlySet<LicenseEventName>; onChoose?: (next: Set<LicenseEventName>) => void }) => {
  const t = useT();
  const selectable = Boolean(chosen && onChoose);
  const toggle = (event: LicenseEventName, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(event);
    else next.delete(event);
    onChoose?.(next);
  };
  const all = chosen?.size === EVENTS.length;
  return (
    <Table colCount={selectable ? 4 : 3} rowCount={EVENTS.length + 1}>
      <Thead>
        <Tr>
          {selectable && (
            <Th>
              <Checkbox
                aria-label={t('events.selectAll')}
                checked={all ? true : chosen?.size ? 'indeterminate' : false}
                onCheckedChange={() => onChoose?.(new Set(all ? [] : EVENTS.map((e) => e.event)))}
              />
            </Th>
          )}
          {(['events.column.event', 'events.column.when', 'events.column.body'] as const).map((label) => (
            <Th key={label}>
              <Typography variant="sigma">{t(label)}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {EVENTS.map(({ event, carries }) => (
          <Tr key={event} data-testid="event-row">
            {selectable && (
              <Td>
                <Checkbox
                  aria-label={t('events.select', { event })}
                  checked={chosen?.has(event) ?? false}
                  onCheckedChange={(checked) => toggle(event, checked === true)}
                />
              </Td>
            )}
            <Td>
              <Code>{event}</Code>
            </Td>
            <Td>
              <Typography textColor="neutral800" style={{ whiteSpace: 'normal' }}>
                {t(`events.${event}.when` as TranslationKey)}
              </Typography>
            </Td>
            <Td>
              <Flex direction="column" alignItems="flex-start" gap={1} paddingTop={2} paddingBottom={2}>
                {carries.length > 0 && <Code>{carries.join(', ')}</Code>}
                <Typography variant="pi" textColor="neutral600" style={{ whiteSpace: 'normal' }}>
                  {t(`events.${event}.body` as TranslationKey)}
                </Typography>
              </Flex>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
