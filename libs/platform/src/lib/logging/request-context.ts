import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while a request is handled carries under `req`. */
export interface RequestBinding {
  id: string;
  method: string;
  url: string;
}

/**
 * The request being handled, for the logger's mixin. A plain object per request: the pino child
 * logger a request used to get cost a redaction pass over its bindings even when nothing was logged.
 */
export const requestContext = new AsyncLocalStorage<RequestBinding>();
