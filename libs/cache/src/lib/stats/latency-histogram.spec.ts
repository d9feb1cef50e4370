import { LatencyHistogram } from './latency-histogram';

describe('LatencyHistogram', () => {
  it('times the first call, then one in `every`, each with the weight of the calls it stands for', () => {
    const histogram = new LatencyHistogram();
    const weights: number[] = [];
    for (let call = 0; call < 17; call++) {
      const weight = histogram.sample(8);
      weights.push(weight);
      if (weight > 0) histogram.record(0.2, weight);
    }
    expect(weights).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 8]);
    expect(histogram.count).toBe(17);
    expect(histogram.percentile(0.5)).toBe(0.25);
  });

  it('keeps percentiles of weighted samples as if every call had been timed', () => {
    const sampled = new LatencyHistogram();
    const full = new LatencyHistogram();
    for (let call = 0; call < 800; call++) {
      const ms = call % 100 === 99 ? 40 : 0.3;
      full.record(ms);
      const weight = sampled.sample(8);
      if (weight > 0) sampled.record(call % 100 === 99 ? 40 : 0.3, weight);
    }
    expect(sampled.percentile(0.5)).toBe(full.percentile(0.5));
    expect(sampled.count).toBe(full.count - 7); // the calls after the last timed one wait for the next
  });
});
