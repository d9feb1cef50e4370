/**
 * The next delay of AWS's "decorrelated jitter" backoff: a random value between `base` and three
 * times the previous delay, capped. It grows exponentially on average while spreading the retries
 * of many clients apart, so they do not come back in synchronised waves.
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function decorrelatedJitter(previousMs: number, baseMs: number, capMs: number, random: () => number): number {
  const upper = Math.max(baseMs, previousMs * 3);
  return Math.min(capMs, baseMs + random() * (upper - baseMs));
}
