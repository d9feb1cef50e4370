import { UtilisationTracker } from './utilisation-tracker';

describe('UtilisationTracker', () => {
  it.each<[string, [number, number][], number, boolean]>([
    ['never sampled', [], 1000, false],
    [
      'high for the whole window',
      [
        [0, 0.9],
        [500, 0.85],
        [1000, 1],
      ],
      1000,
      true,
    ],
    [
      'high, but not for long enough',
      [
        [0, 0.9],
        [500, 0.9],
      ],
      900,
      false,
    ],
    [
      'exactly at the threshold counts as high',
      [
        [0, 0.8],
        [1000, 0.8],
      ],
      1000,
      true,
    ],
    [
      'a dip restarts the window',
      [
        [0, 0.9],
        [400, 0.5],
        [500, 0.9],
      ],
      1200,
      false,
    ],
    [
      'high again for a full window after a dip',
      [
        [0, 0.9],
        [400, 0.5],
        [500, 0.9],
      ],
      1500,
      true,
    ],
    [
      'below the threshold now',
      [
        [0, 0.9],
        [1000, 0.7],
      ],
      1000,
      false,
    ],
  ])('%s', (_name, samples, now, sustained) => {
    const tracker = new UtilisationTracker(0.8, 1000);
    for (const [at, utilisation] of samples) tracker.sample(at, utilisation);

    expect(tracker.isSustained(now)).toBe(sustained);
  });
});
