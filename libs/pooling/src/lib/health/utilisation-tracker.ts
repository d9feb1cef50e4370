/**
 * Whether utilisation has stayed at or above a threshold for a whole window, from samples taken by
 * the housekeeper (and by every snapshot). One dip below the threshold restarts the window, so a
 * burst is not a degradation; only a sustained one is.
 */
export class UtilisationTracker {
  private highSince: number | undefined;

  constructor(
    private readonly threshold: number,
    private readonly windowMs: number,
  ) {}

  sample(now: number, utilisation: number): void {
    if (utilisation >= this.threshold) this.highSince ??= now;
    else this.highSince = undefined;
  }

  isSustained(now: number): boolean {
    return this.highSince !== undefined && now - this.highSince >= this.windowMs;
  }
}
