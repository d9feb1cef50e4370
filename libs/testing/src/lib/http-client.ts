/** Minimal HTTP client for e2e tests: real requests over loopback with fetch. */
export interface HttpTestClient {
  baseUrl: string;
  get(path: string, key?: string, headers?: Record<string, string>): Promise<Response>;
  request(
    method: string,
    path: string,
    options?: { key?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
}

export function httpClient(baseUrl: string): HttpTestClient {
  const request: HttpTestClient['request'] = (method, path, options = {}) =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  return {
    baseUrl,
    request,
    get: (path, key, headers) => request('GET', path, { key, headers }),
  };
}
