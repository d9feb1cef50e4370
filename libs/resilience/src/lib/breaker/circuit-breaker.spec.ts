import { isResilienceError, ResilienceError } from '../errors/resilience.error';
import type { CallOutcome } from './call-outcome';
import { CircuitBreaker } from './circuit-breaker';
import type { CircuitBreakerOptions } from './circuit-breaker-options';
import type { CircuitState } from './circuit-state';
import type { StateChangeEvent } from './state-change-event';

/** A call of a scenario: `ok`/`fail`/`ignored` after `ms` of duration, `at` ms on the fake clock. */
type Step = { outcome: 'ok' | 'fail' | 'ignored'; ms?: number; at?: number };
const ok = (ms = 1, at?: number): Step => ({ outcome: 'ok', ms, at });
const fail = (ms = 1, at?: number): Step => ({ outcome: 'fail', ms, at });
const IGNORED = new Error('ignored on purpose');

function harness(options: Omit<CircuitBreakerOptions, 'name' | 'clock'> = {}) {
  const clock = { now: 0 };
  const breaker = new CircuitBreaker({
    name: 'db',
    clock: () => clock.now,
    classifyError: (error) => (error === IGNORED ? 'ignore' : 'failure'),
    ...options,
  });
  const events: StateChangeEvent[] = [];
  breaker.onStateChange((event) => events.push(event));
  /** Runs the steps through the permit API; returns how many were permitted. */
  const run = (steps: Step[]): number => {
    let permitted = 0;
    for (const step of steps) {
      if (step.at !== undefined) clock.now = step.at;
      const permit = breaker.tryAcquirePermission();
      if (permit === undefined) continue;
      permitted++;
      const ms = step.ms ?? 1;
      if (step.outcome === 'ok') breaker.onSuccess(permit, ms);
      else breaker.onError(permit, ms, step.outcome === 'ignored' ? IGNORED : new Error('boom'));
    }
    return permitted;
  };
  return { clock, breaker, events, run };
}

const times = (n: number, step: Step): Step[] => Array.from({ length: n }, () => ({ ...step }));

describe('CircuitBreaker', () => {
  describe('closed → open, by the sliding window', () => {
    it.each<[string, Omit<CircuitBreakerOptions, 'name'>, Step[], CircuitState]>([
      ['count: 50% failures over 4 calls trips at 50%', { slidingWindowSize: 4, minimumNumberOfCalls: 4 }, [ok(), fail(), ok(), fail()], 'open'],
      ['count: 25% failures stays closed', { slidingWindowSize: 4, minimumNumberOfCalls: 4 }, [ok(), ok(), ok(), fail()], 'closed'],
      ['count: below the minimum number of calls never trips', { slidingWindowSize: 10, minimumNumberOfCalls: 5 }, times(4, fail()), 'closed'],
      ['count: the minimum reached with 100% failures trips', { slidingWindowSize: 10, minimumNumberOfCalls: 5 }, times(5, fail()), 'open'],
      ['count: minimum above the window size is capped to it', { slidingWindowSize: 3, minimumNumberOfCalls: 50 }, times(3, fail()), 'open'],
      ['count: old failures leave the window', { slidingWindowSize: 4, minimumNumberOfCalls: 4, failureRateThreshold: 75 }, [fail(), fail(), ok(), ok(), ok(), ok(), fail(), fail()], 'closed'],
      ['count: failure threshold of 75% trips at 3 of 4', { slidingWindowSize: 4, minimumNumberOfCalls: 4, failureRateThreshold: 75 }, [fail(), ok(), fail(), fail()], 'open'],
      ['time: failures older than the window are forgotten', { slidingWindowType: 'time', slidingWindowSize: 10, minimumNumberOfCalls: 3 }, [fail(1, 0), fail(1, 500), fail(1, 11_000), ok(1, 11_100), ok(1, 11_200)], 'closed'],
      ['time: failures within the window trip', { slidingWindowType: 'time', slidingWindowSize: 10, minimumNumberOfCalls: 3 }, [fail(1, 0), ok(1, 5_000), fail(1, 9_999)], 'open'],
      ['time: the minimum counts calls in the window only', { slidingWindowType: 'time', slidingWindowSize: 2, minimumNumberOfCalls: 3 }, [fail(1, 0), fail(1, 1_000), fail(1, 2_500)], 'closed'],
      ['slow rate: half the calls slow trips at a 50% slow threshold', { slidingWindowSize: 4, minimumNumberOfCalls: 4, slowCallDurationThresholdMs: 100, slowCallRateThreshold: 50 }, [ok(150), ok(10), ok(150), ok(10)], 'open'],
      ['slow rate: default threshold (100%) needs every call slow', { slidingWindowSize: 4, minimumNumberOfCalls: 4, slowCallDurationThresholdMs: 100 }, [ok(150), ok(150), ok(150), ok(10)], 'closed'],
      ['slow rate: every call slow trips at the default threshold', { slidingWindowSize: 4, minimumNumberOfCalls: 4, slowCallDurationThresholdMs: 100 }, times(4, ok(100)), 'open'],
      ['ignored errors are not counted at all', { slidingWindowSize: 4, minimumNumberOfCalls: 4 }, [...times(10, { outcome: 'ignored' }), ok(), ok(), ok(), fail()], 'closed'],
    ])('%s', (_title, options, steps, expected) => {
      const { breaker, run } = harness(options);
      run(steps);
      expect(breaker.state).toBe(expected);
    });

    it('reports the window it decides by', () => {
      const { breaker, run } = harness({ slidingWindowSize: 10, minimumNumberOfCalls: 4, slowCallDurationThresholdMs: 50 });
      run([ok(), ok(60), fail()]);
      expect(breaker.metrics()).toMatchObject({ calls: 3, failedCalls: 1, slowCalls: 1, failureRate: -1, slowCallRate: -1 });
      run([ok()]);
      expect(breaker.metrics()).toMatchObject({ calls: 4, failureRate: 25, slowCallRate: 25, state: 'closed' });
    });
  });

  describe('open → half-open → closed or open again', () => {
    const tripped = (options: Omit<CircuitBreakerOptions, 'name'> = {}) => {
      const h = harness({ slidingWindowSize: 2, minimumNumberOfCalls: 2, waitDurationInOpenStateMs: 1_000, ...options });
      h.run([fail(), fail()]);
      expect(h.breaker.state).toBe('open');
      return h;
    };

    it('rejects until the open wait has passed, then lets probes through', () => {
      const { breaker, clock } = tripped();
      clock.now = 999;
      expect(breaker.tryAcquirePermission()).toBeUndefined();
      expect(breaker.metrics().remainingOpenMs).toBe(1);
      clock.now = 1_000;
      expect(breaker.state).toBe('half-open');
      expect(breaker.tryAcquirePermission()).toEqual(expect.any(Number));
    });

    it('permits N probes with at most M in flight', () => {
      const { breaker, clock } = tripped({ permittedNumberOfCallsInHalfOpenState: 3, maxConcurrentCallsInHalfOpenState: 2 });
      clock.now = 1_000;
      const first = breaker.tryAcquirePermission() as number;
      const second = breaker.tryAcquirePermission() as number;
      expect([first, second].every((permit) => permit > 0)).toBe(true);
      expect(breaker.tryAcquirePermission()).toBeUndefined(); // 2 in flight: the cap
      breaker.onSuccess(first, 1);
      const third = breaker.tryAcquirePermission() as number;
      expect(third).toBeGreaterThan(0);
      expect(breaker.tryAcquirePermission()).toBeUndefined(); // 3 issued: all permitted
      breaker.onSuccess(second, 1);
      expect(breaker.state).toBe('half-open');
      breaker.onSuccess(third, 1);
      expect(breaker.state).toBe('closed');
    });

    it.each<[string, Step[], CircuitState]>([
      ['all probes succeed: closed', [ok(), ok(), ok(), ok()], 'closed'],
      ['half the probes fail (threshold 50%): open again', [ok(), fail(), ok(), fail()], 'open'],
      ['one failure of four: closed', [ok(), fail(), ok(), ok()], 'closed'],
      ['an ignored probe gives its permit back', [{ outcome: 'ignored' }, ok(), ok(), ok(), ok()], 'closed'],
    ])('%s', (_title, probes, expected) => {
      const { breaker, clock, run } = tripped({ permittedNumberOfCallsInHalfOpenState: 4 });
      clock.now = 1_000;
      expect(run(probes)).toBe(probes.length);
      expect(breaker.state).toBe(expected);
    });

    it('grows the open wait on repeated trips, capped, and forgets it after a recovery', () => {
      const { breaker, clock, run, events } = tripped({
        permittedNumberOfCallsInHalfOpenState: 1,
        openWaitMultiplier: 2,
        maxWaitDurationInOpenStateMs: 3_000,
      });
      clock.now = 1_000;
      run([fail()]); // probe fails: 2 000 ms
      clock.now = 3_000;
      run([fail()]); // 4 000 capped to 3 000
      clock.now = 6_000;
      run([ok()]); // recovers
      expect(breaker.metrics().consecutiveTrips).toBe(0);
      run([fail(), fail()]); // trips again: back to 1 000
      expect(breaker.metrics().consecutiveTrips).toBe(1);
      const waits = events.filter((event) => event.to === 'open').map((event) => event.openForMs);
      expect(waits).toEqual([1_000, 2_000, 3_000, 1_000]);
    });

    it('ignores outcomes of calls that started in an earlier state', () => {
      const { breaker, clock } = harness({ slidingWindowSize: 2, minimumNumberOfCalls: 2, waitDurationInOpenStateMs: 1_000 });
      const late = breaker.tryAcquirePermission() as number;
      const a = breaker.tryAcquirePermission() as number;
      const b = breaker.tryAcquirePermission() as number;
      breaker.onError(a, 1, new Error('a'));
      breaker.onError(b, 1, new Error('b'));
      clock.now = 1_000;
      const probe = breaker.tryAcquirePermission() as number;
      breaker.onError(late, 1, new Error('late')); // from closed: no say in half-open
      expect(breaker.state).toBe('half-open');
      breaker.onSuccess(probe, 1);
      expect(breaker.metrics().calls).toBe(1);
    });
  });

  describe('manual control', () => {
    it('force-open rejects every call, whatever the time, until reset', async () => {
      const { breaker, clock, events } = harness();
      breaker.forceOpen();
      clock.now = 1e9;
      expect(breaker.state).toBe('forced-open');
      expect(breaker.tryAcquirePermission()).toBeUndefined();
      await expect(breaker.execute(() => 1)).rejects.toMatchObject({ code: 'BREAKER_OPEN', message: "circuit breaker 'db' is forced open" });
      breaker.reset();
      expect(breaker.state).toBe('closed');
      await expect(breaker.execute(() => 1)).resolves.toBe(1);
      expect(events.map((event) => `${event.from}→${event.to}`)).toEqual(['closed→forced-open', 'forced-open→closed']);
    });

    it('disable lets everything through and records nothing', () => {
      const { breaker, run } = harness({ slidingWindowSize: 2, minimumNumberOfCalls: 2 });
      breaker.disable();
      expect(run(times(10, fail()))).toBe(10);
      expect(breaker.state).toBe('disabled');
      expect(breaker.metrics().calls).toBe(0);
    });
  });

  describe('execute', () => {
    it('returns values, rethrows errors, and rejects while open with a stackless BREAKER_OPEN', async () => {
      const { breaker } = harness({ slidingWindowSize: 3, minimumNumberOfCalls: 3 });
      await expect(breaker.execute(async () => 'value')).resolves.toBe('value');
      const boom = new Error('boom');
      await expect(breaker.execute(() => Promise.reject(boom))).rejects.toBe(boom);
      await expect(breaker.execute(() => { throw boom; })).rejects.toBe(boom);
      const rejection = await breaker.execute(() => 1).catch((error: unknown) => error);
      expect(isResilienceError(rejection, 'BREAKER_OPEN')).toBe(true);
      expect((rejection as ResilienceError).stack).toBe("ResilienceError: circuit breaker 'db' is open");
      expect((rejection as ResilienceError).kind).toBe('Unavailable');
    });

    it('counts results that classifyResult calls failures', async () => {
      const { breaker } = harness({ slidingWindowSize: 2, minimumNumberOfCalls: 2, classifyResult: (value) => (value === 503 ? 'failure' : 'success') });
      await breaker.execute(() => 503);
      await breaker.execute(() => 503);
      expect(breaker.state).toBe('open');
    });

    it('tells call listeners every outcome, rejections included', async () => {
      const { breaker, clock } = harness({ slidingWindowSize: 3, minimumNumberOfCalls: 3, slowCallDurationThresholdMs: 10 });
      const seen: CallOutcome[] = [];
      breaker.onCall((outcome) => seen.push(outcome));
      await breaker.execute(() => 1);
      await breaker.execute(() => {
        clock.now += 20;
        return 1;
      });
      await breaker.execute(() => Promise.reject(IGNORED)).catch(() => undefined);
      await breaker.execute(() => Promise.reject(new Error('x'))).catch(() => undefined);
      breaker.forceOpen();
      await breaker.execute(() => 1).catch(() => undefined);
      expect(seen).toEqual(['success', 'slow', 'ignored', 'failure', 'rejected']);
    });

    it('ignores its own local rejections (bulkhead full, rate limited) by default', async () => {
      const breaker = new CircuitBreaker({ name: 'local', slidingWindowSize: 2, minimumNumberOfCalls: 2 });
      const full = new ResilienceError('BULKHEAD_FULL', 'full');
      for (let i = 0; i < 5; i++) await breaker.execute(() => Promise.reject(full)).catch(() => undefined);
      expect(breaker.state).toBe('closed');
    });
  });

  it.each<[string, Partial<CircuitBreakerOptions>]>([
    ['slidingWindowSize 0', { slidingWindowSize: 0 }],
    ['failureRateThreshold 150', { failureRateThreshold: 150 }],
    ['maxConcurrentCallsInHalfOpenState above the permitted calls', { permittedNumberOfCallsInHalfOpenState: 2, maxConcurrentCallsInHalfOpenState: 3 }],
    ['openWaitMultiplier below 1', { openWaitMultiplier: 0.5 }],
    ['an unknown window type', { slidingWindowType: 'sliding' as 'count' }],
  ])('rejects bad options: %s', (_title, options) => {
    expect(() => new CircuitBreaker({ name: 'bad', ...options })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
  });

  it.each<[string, Omit<CircuitBreakerOptions, 'name'>, boolean, boolean]>([
    ['no slow-call threshold, no listener', {}, false, false],
    ['a slow-call threshold', { slowCallDurationThresholdMs: 100 }, false, true],
    ['a call listener', {}, true, true],
  ])('says whether durations matter to it: %s', (_title, options, listen, expected) => {
    const breaker = new CircuitBreaker({ name: 'db', ...options });
    if (listen) breaker.onCall(() => undefined);
    expect(breaker.measuresDuration).toBe(expected);
  });
});
