import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { RequestContext } from './request-context';

const CHECK_MS = 1_000;

describe('RequestContext', () => {
  let context: RequestContext;

  beforeEach(() => {
    jest.useFakeTimers();
    context = new RequestContext(CHECK_MS);
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  /** Starts a request and returns its response, which ends the request when it emits `close`. */
  function start(id: string, work: () => void = () => undefined): EventEmitter {
    const response = new EventEmitter();
    context.run({ id, method: 'GET', url: `/${id}` }, response, work);
    return response;
  }

  it('binds the request for its synchronous and asynchronous work', async () => {
    let inside: string | undefined;
    let later: Promise<string | undefined> = Promise.resolve(undefined);
    start('r-1', () => {
      inside = context.current()?.id;
      later = Promise.resolve().then(() => context.current()?.id);
    });
    expect(inside).toBe('r-1');
    await expect(later).resolves.toBe('r-1');
    expect(context.current()).toBeUndefined();
  });

  it('stays on while a request is in flight, however long it takes', () => {
    const response = start('slow');
    jest.advanceTimersByTime(10 * CHECK_MS);
    expect(context.active).toBe(true);
    response.emit('close');
    jest.advanceTimersByTime(2 * CHECK_MS);
    expect(context.active).toBe(false);
  });

  it('turns off only after a whole check period in which no request started', () => {
    start('a').emit('close');
    // The first check sees that a request started since the last one: still on.
    jest.advanceTimersByTime(CHECK_MS);
    expect(context.active).toBe(true);
    start('b').emit('close');
    jest.advanceTimersByTime(CHECK_MS);
    expect(context.active).toBe(true);
    jest.advanceTimersByTime(CHECK_MS);
    expect(context.active).toBe(false);
  });

  it('no longer hands a binding to work created while off, and binds again with the next request', async () => {
    let resume: (() => Promise<string | undefined>) | undefined;
    start('before', () => {
      resume = () => Promise.resolve().then(() => context.current()?.id);
    }).emit('close');
    jest.advanceTimersByTime(2 * CHECK_MS);
    expect(context.active).toBe(false);
    await expect((resume as () => Promise<string | undefined>)()).resolves.toBeUndefined();

    let next: string | undefined;
    start('after', () => {
      next = context.current()?.id;
    });
    expect(context.active).toBe(true);
    expect(next).toBe('after');
  });
});
