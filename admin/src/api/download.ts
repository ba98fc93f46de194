/**
 * CSV downloads (compliance report, license and assignment exports). They go through the admin's
 * fetch client, which sends the user's token (a plain link would not), and save the answer as a file.
 */
import * as React from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { API } from './base';
import { isoDay } from '../../../shared/days';

/** The file name the browser saves: the server's, or `<prefix>-<today>.csv`. */
const fileNameOf = (disposition: string | null | undefined, prefix: string) =>
  /filename="?([^";]+)"?/.exec(disposition ?? '')?.[1] ?? `${prefix}-${isoDay(new Date())}.csv`;

export type DownloadParams = Record<string, string | number | undefined>;

/** `download('/licenses/export', params, 'licenses')`: the plugin path, its query, the file name's fallback prefix. */
export const useCsvDownload = () => {
  const { get } = useFetchClient();
  return React.useCallback(
    async (path: string, params: DownloadParams, prefix: string) => {
      const res = (await get(`${API}${path}`, { params: { ...params, format: 'csv' }, responseType: 'blob' })) as { data: Blob; headers?: Headers };
      const url = URL.createObjectURL(res.data);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileNameOf(res.headers?.get?.('content-disposition'), prefix);
      document.body.appendChild(a);
      a.click();
      a.remove();
      URL.revokeObjectURL(url);
    },
    [get],
  );
};
