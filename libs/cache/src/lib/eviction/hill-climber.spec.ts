import { HillClimber } from './hill-climber';

const CAPACITY = 100;
const SAMPLE = 10 * CAPACITY;

/** Feeds one sample of `SAMPLE` reads with `misses` misses; returns the adjustments made. */
function sample(climber: HillClimber, misses: number): number[] {
  const adjustments: number[] = [];
  for (let i = 0; i < SAMPLE; i++) {
    const adjustment = climber.record(i >= misses);
    if (adjustment !== 0) adjustments.push(adjustment);
  }
  return adjustments;
}

describe('HillClimber', () => {
  it('moves the window once per sample: first up, on by a decaying step while the hit rate holds', () => {
    const climber = new HillClimber(CAPACITY);
    expect(sample(climber, 200)).toEqual([6]); // 6.25% of 100, truncated
    expect(sample(climber, 200)).toEqual([6]); // same hit rate: same direction, step × 0.98
    expect(sample(climber, 400)).toEqual([-6]); // worse by 20 points: back, at a restarted step
  });

  it('ignores samples without a miss, however many, and climbs again once misses return', () => {
    const climber = new HillClimber(CAPACITY);
    for (let i = 0; i < 50; i++) expect(sample(climber, 0)).toEqual([]);
    expect(sample(climber, 100)).toEqual([6]);
  });
});
