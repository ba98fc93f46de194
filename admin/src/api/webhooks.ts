/**
 * Strapi's own webhooks (its admin API, `/admin/webhooks`, behind `admin::webhooks.*`), for the
 * settings page's Events section. Through Strapi's fetch client (adminApi's base query) and under
 * Strapi's own `Webhook` tag: Strapi's Webhooks pages cache the same answers, and a stale copy
 * saved there would drop the events added here.
 */
import { adminApi } from '@strapi/strapi/admin';
import type { Modules } from '@strapi/strapi';

export type Webhook = Modules.WebhookStore.Webhook;

/** The webhook's events, then the chosen ones it did not have, each once. */
export const unionOfEvents = (had: readonly string[], chosen: readonly string[]) => [...new Set([...had, ...chosen])];

const webhooksApi = adminApi.enhanceEndpoints({ addTagTypes: ['Webhook'] }).injectEndpoints({
  endpoints: (build) => ({
    // Named apart from Strapi's own endpoints (getWebhooks, updateWebhook) in the same API.
    licenseManagerWebhooks: build.query<Webhook[], void>({
      query: () => '/admin/webhooks',
      transformResponse: (res: { data: Webhook[] }) => res.data,
      providesTags: (res) => [...(res ?? []).map(({ id }) => ({ type: 'Webhook' as const, id })), { type: 'Webhook' as const, id: 'LIST' }],
    }),
    licenseManagerAddWebhookEvents: build.mutation<Webhook, { id: string; events: readonly string[] }>({
      // The union is taken with the webhook as stored now, not as the page loaded it, and the PUT
      // sends every field Strapi's validator takes: it replaces the stored webhook.
      async queryFn({ id, events }, _api, _extra, baseQuery) {
        const current = await baseQuery(`/admin/webhooks/${id}`);
        if (current.error) return { error: current.error };
        const { name, url, headers, isEnabled, events: had } = (current.data as { data: Webhook }).data;
        const updated = await baseQuery({
          url: `/admin/webhooks/${id}`,
          method: 'PUT',
          data: { name, url, headers: headers ?? {}, isEnabled, events: unionOfEvents(had ?? [], events) },
        });
        if (updated.error) return { error: updated.error };
        return { data: (updated.data as { data: Webhook }).data };
      },
      invalidatesTags: (_result, error, { id }) =>
        error
          ? []
          : [
              { type: 'Webhook', id },
              { type: 'Webhook', id: 'LIST' },
            ],
    }),
  }),
});

export const { useLicenseManagerWebhooksQuery, useLicenseManagerAddWebhookEventsMutation } = webhooksApi;
