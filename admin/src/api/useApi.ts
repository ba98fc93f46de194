/** A small data-fetching hook over Strapi's fetch client: loading, error, refetch. */
import * as React from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { PLUGIN_ID } from '../pluginId';

/** The admin API's base path: Strapi mounts admin routes at /<plugin id>/... */
export const API = `/${PLUGIN_ID}`;

export interface ApiState<T> {
  data?: T;
  error?: unknown;
  isLoading: boolean;
  refetch: () => void;
}

/** GETs `url` with `params` whenever either changes; `url` null waits. */
export const useGet = <T>(url: string | null, params?: Record<string, unknown>): ApiState<T> => {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ data?: T; error?: unknown; isLoading: boolean }>({ isLoading: !!url });
  const [tick, setTick] = React.useState(0);
  const paramsKey = JSON.stringify(params ?? {});

  React.useEffect(() => {
    if (!url) return;
    let current = true;
    setState((s) => ({ ...s, isLoading: true }));
    get<T>(url, { params: JSON.parse(paramsKey) })
      .then((res) => current && setState({ data: res.data, isLoading: false }))
      .catch((error) => current && setState({ error, isLoading: false }));
    return () => {
      current = false;
    };
  }, [get, url, paramsKey, tick]);

  const refetch = React.useCallback(() => setTick((t) => t + 1), []);
  return { ...state, refetch };
};
