import { CountSlidingWindow } from './count-sliding-window';
import { FAILED, SLOW } from './sliding-window';

describe('CountSlidingWindow', () => {
  it.each<[string, number[], { calls: number; failures: number; slow: number }]>([
    ['fills up to its size', [0, FAILED, SLOW], { calls: 3, failures: 1, slow: 1 }],
    ['evicts the oldest call once full', [FAILED, FAILED | SLOW, 0, 0, 0, 0], { calls: 4, failures: 0, slow: 0 }],
    ['keeps counting across the ring wrap', [0, 0, 0, 0, FAILED, SLOW, FAILED | SLOW], { calls: 4, failures: 2, slow: 2 }],
  ])('%s', (_title, flags, expected) => {
    const window = new CountSlidingWindow(4);
    for (const flag of flags) window.record(flag);
    expect({ calls: window.calls, failures: window.failures, slow: window.slow }).toEqual(expected);
  });
});
