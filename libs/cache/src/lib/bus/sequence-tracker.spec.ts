import { CacheError } from '../errors/cache.error';
import { SequenceTracker } from './sequence-tracker';
import type { SequenceVerdict } from './sequence-verdict';

type Step = [origin: string, seq: number, verdict: SequenceVerdict];

describe('SequenceTracker', () => {
  it.each<[string, Step[]]>([
    ['a first message of an unknown origin, whatever its seq', [['x', 7, 'first']]],
    [
      'consecutive numbers',
      [
        ['x', 1, 'first'],
        ['x', 2, 'next'],
        ['x', 3, 'next'],
      ],
    ],
    [
      'a skipped number',
      [
        ['x', 1, 'first'],
        ['x', 3, 'gap'],
        ['x', 4, 'next'],
      ],
    ],
    [
      'a repeated number',
      [
        ['x', 1, 'first'],
        ['x', 2, 'next'],
        ['x', 2, 'gap'],
      ],
    ],
    [
      'a number going back',
      [
        ['x', 5, 'first'],
        ['x', 2, 'gap'],
        ['x', 3, 'next'],
      ],
    ],
    [
      'origins apart',
      [
        ['x', 1, 'first'],
        ['y', 10, 'first'],
        ['x', 2, 'next'],
        ['y', 12, 'gap'],
      ],
    ],
  ])('%s', (_case, steps) => {
    const tracker = new SequenceTracker();
    expect(steps.map(([origin, seq]) => tracker.observe(origin, seq))).toEqual(steps.map((step) => step[2]));
  });

  it('treats every origin as unknown again after clear()', () => {
    const tracker = new SequenceTracker();
    tracker.observe('x', 1);
    tracker.clear();
    expect(tracker.size).toBe(0);
    expect(tracker.observe('x', 5)).toBe('first');
  });

  it('remembers at most maxOrigins, forgetting the least recently heard', () => {
    const tracker = new SequenceTracker(2);
    tracker.observe('a', 1);
    tracker.observe('b', 1);
    tracker.observe('a', 2); // a is now the most recently heard
    tracker.observe('c', 1); // forgets b
    expect(tracker.size).toBe(2);
    expect(tracker.observe('a', 3)).toBe('next');
    expect(tracker.observe('b', 2)).toBe('first');
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses maxOrigins %p', (maxOrigins) => {
    expect(() => new SequenceTracker(maxOrigins)).toThrow(CacheError);
  });
});
