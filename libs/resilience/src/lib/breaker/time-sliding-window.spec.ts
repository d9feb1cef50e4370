import { FAILED, SLOW } from './sliding-window';
import { TimeSlidingWindow } from './time-sliding-window';

describe('TimeSlidingWindow', () => {
  it.each<[string, Array<[number, number]>, number, { calls: number; failures: number; slow: number }]>([
    ['sums the calls of the last N seconds', [[0, FAILED], [1_500, 0], [2_999, SLOW]], 2_999, { calls: 3, failures: 1, slow: 1 }],
    ['drops a second once it leaves the window', [[0, FAILED], [1_500, 0], [2_999, SLOW]], 3_000, { calls: 2, failures: 0, slow: 1 }],
    ['empties after a silence longer than the window', [[0, FAILED], [500, FAILED]], 60_000, { calls: 0, failures: 0, slow: 0 }],
    ['keeps several calls of one second in one bucket', [[100, FAILED], [200, FAILED], [300, 0]], 900, { calls: 3, failures: 2, slow: 0 }],
  ])('%s', (_title, calls, readAt, expected) => {
    const window = new TimeSlidingWindow(3);
    for (const [at, flags] of calls) window.record(flags, at);
    window.advance(readAt);
    expect({ calls: window.calls, failures: window.failures, slow: window.slow }).toEqual(expected);
  });
});
