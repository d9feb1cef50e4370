import { L2Breaker } from './l2-breaker';

describe('L2Breaker', () => {
  let now: number;
  let breaker: L2Breaker;

  beforeEach(() => {
    now = 0;
    breaker = new L2Breaker({ failureThreshold: 3, openMs: 1000, clock: () => now });
  });

  const fail = (times: number): void => {
    for (let i = 0; i < times; i++) breaker.onFailure(breaker.acquire() ?? 'call');
  };

  it('opens after the threshold of consecutive failures, not before', () => {
    fail(2);
    breaker.onSuccess('call');
    fail(2);
    expect(breaker.state).toBe('closed');
    fail(1);
    expect(breaker.state).toBe('open');
    expect(breaker.acquire()).toBeUndefined();
  });

  it('lets exactly one probe through after openMs and closes on its success', () => {
    fail(3);
    now = 999;
    expect(breaker.acquire()).toBeUndefined();
    now = 1000;
    expect(breaker.state).toBe('half-open');
    expect(breaker.acquire()).toBe('probe');
    expect(breaker.acquire()).toBeUndefined();
    breaker.onSuccess('probe');
    expect(breaker.state).toBe('closed');
    expect(breaker.acquire()).toBe('call');
  });

  it('reopens for another openMs when the probe fails, ignoring late outcomes of older calls', () => {
    fail(3);
    now = 1000;
    breaker.onFailure(breaker.acquire() ?? 'call');
    breaker.onSuccess('call');
    expect(breaker.state).toBe('open');
    now = 1999;
    expect(breaker.acquire()).toBeUndefined();
    now = 2000;
    expect(breaker.acquire()).toBe('probe');
  });
});
