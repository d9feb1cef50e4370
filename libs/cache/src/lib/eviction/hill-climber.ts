const STEP_PERCENT = 0.0625;
const STEP_DECAY = 0.98;
const RESTART_THRESHOLD = 0.05;

/**
 * Caffeine's simple hill climber for the window size. It samples the hit rate over
 * `10 × maximumSize` reads; after each sample it moves the window by `step` entries in the current
 * direction if the hit rate did not get worse, and reverses otherwise. The step decays by 2% per
 * sample and restarts at 6.25% of the capacity when the hit rate jumps by 5 points or more (the
 * workload changed). Recording is O(1).
 *
 * A sample without a single miss is ignored: no window size could have done better, so it says
 * nothing about the direction. Counting it as "not worse" would walk the window, sample after
 * sample, up to the whole capacity while a hot set is served from cache — leaving no protected
 * segment (every hit then costs a promotion and a demotion) and no scan resistance for when misses
 * come back.
 */
export class HillClimber {
  private hits = 0;
  private misses = 0;
  private previousHitRate = 0;
  /** Signed: positive grows the window. Starts by growing, as a scan then shrinks it back. */
  private step: number;
  private readonly sampleSize: number;

  constructor(private readonly maximumSize: number) {
    this.sampleSize = 10 * maximumSize;
    this.step = STEP_PERCENT * maximumSize;
  }

  /** Records one read; returns the signed window-size change to apply now (usually 0). */
  record(hit: boolean): number {
    if (hit) this.hits++;
    else this.misses++;
    const requests = this.hits + this.misses;
    if (requests < this.sampleSize) return 0;
    if (this.misses === 0) {
      this.hits = 0;
      return 0;
    }

    const hitRate = this.hits / requests;
    const change = hitRate - this.previousHitRate;
    const amount = change >= 0 ? this.step : -this.step;
    this.step =
      Math.abs(change) >= RESTART_THRESHOLD
        ? STEP_PERCENT * this.maximumSize * Math.sign(amount || 1)
        : STEP_DECAY * amount;
    this.previousHitRate = hitRate;
    this.hits = 0;
    this.misses = 0;
    return Math.trunc(amount);
  }
}
