import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while a request is handled carries under `req`. */
export interface RequestBinding {
  id: string;
  method: string;
  url: string;
}

/** What {@link RequestContext.run} needs of a response: its `close` event, emitted once it ends. */
interface Closable {
  on(event: 'close', listener: () => void): unknown;
}

/** How often the context checks whether it may turn its storage off (see {@link RequestContext}). */
const IDLE_CHECK_MS = 250;

/**
 * The request being handled, for the logger's mixin: a plain object per request (the pino child
 * logger a request used to get cost a redaction pass over its bindings even when nothing was
 * logged), kept in an AsyncLocalStorage.
 *
 * Once entered, an AsyncLocalStorage keeps Node 20's async hooks on for every async resource and
 * promise the process creates: about 10,000 instructions of the ≈ 100,000 a raw-lane cache hit
 * costs, although the raw lane never reads it. So the storage is on only while requests run
 * through it: `run` turns it on, and an idle check turns it off after a whole check period with
 * none in flight and none started (not at once: a toggle costs ≈ 1.7 µs, too much to pay per
 * request under mixed traffic). While it is off no line gets a binding, so a line logged by work a
 * finished request left running (a background reload, say) goes without `req`; such work gets its
 * binding back when the storage is next turned on.
 */
export class RequestContext {
  private readonly storage = new AsyncLocalStorage<RequestBinding>();
  private inFlight = 0;
  private startedSinceCheck = false;
  private idleCheck: NodeJS.Timeout | undefined;

  constructor(private readonly idleCheckMs = IDLE_CHECK_MS) {}

  /** Runs `callback` with `binding` as the current request, counted in flight until `response` closes. */
  run(binding: RequestBinding, response: Closable, callback: () => void): void {
    this.inFlight++;
    this.startedSinceCheck = true;
    response.on('close', this.ended);
    this.idleCheck ??= setInterval(this.checkIdle, this.idleCheckMs).unref();
    this.storage.run(binding, callback);
  }

  /** The binding of the request whose work is running, if any. */
  current(): RequestBinding | undefined {
    return this.storage.getStore();
  }

  /** Whether the storage is on, propagating bindings to new async work. */
  get active(): boolean {
    return this.idleCheck !== undefined;
  }

  private readonly ended = (): void => {
    this.inFlight--;
  };

  private readonly checkIdle = (): void => {
    const idle = this.inFlight === 0 && !this.startedSinceCheck;
    this.startedSinceCheck = false;
    if (!idle) return;
    clearInterval(this.idleCheck);
    this.idleCheck = undefined;
    this.storage.disable();
  };
}

/** The process's request context, shared by the request-logging hooks and the logger's mixin. */
export const requestContext = new RequestContext();
