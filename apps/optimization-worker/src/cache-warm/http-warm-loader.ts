import type { BatchLoader, HttpWarmSource } from '@hotpath/cache';

/**
 * Loads a batch with `POST <url>` and `{ namespace, keys }`; a 200 answer `{ values: { key: value } }`
 * gives the values (keys left out, or null, are missing), any other answer fails the batch. The request is
 * aborted after the source's `timeoutMs` or when the cache's hard timeout aborts the load.
 */
export function httpWarmLoader(namespace: string, source: HttpWarmSource): BatchLoader<unknown> {
  return async (keys, { signal }) => {
    const response = await fetch(source.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ namespace, keys }),
      signal: AbortSignal.any([signal, AbortSignal.timeout(source.timeoutMs)]),
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new Error(`warm source ${source.url} answered ${response.status}`);
    }
    const body = (await response.json()) as { values?: unknown };
    if (!body || typeof body.values !== 'object' || body.values === null || Array.isArray(body.values)) {
      throw new Error(`warm source ${source.url} answered without a "values" object`);
    }
    const values = new Map<string, unknown>();
    for (const [key, value] of Object.entries(body.values)) if (value != null) values.set(key, value);
    return values;
  };
}
