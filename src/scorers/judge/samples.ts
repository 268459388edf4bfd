/** `samples: N`: the spread of N independent judge verdicts for one case, and whether they straddle the threshold. */

export interface SampleStats {
  n: number;
  values: number[];
  mean: number;
  /** Population standard deviation of the values. */
  stdev: number;
  min: number;
  max: number;
  /** Samples with value >= threshold. */
  above: number;
  /** Samples with value < threshold. */
  below: number;
  /** min(above, below) / n: 0 when every sample falls on one side, up to 0.5. */
  crossRate: number;
  /** Samples fell on both sides of the threshold: the case passes or fails by luck. */
  flaky: boolean;
}

export function sampleStats(values: number[], threshold: number): SampleStats {
  const n = values.length;
  const mean = values.reduce((a, v) => a + v, 0) / n;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
  const above = values.filter((v) => v >= threshold).length;
  const below = n - above;
  return {
    n,
    values,
    mean,
    stdev: Math.sqrt(variance),
    min: Math.min(...values),
    max: Math.max(...values),
    above,
    below,
    crossRate: Math.min(above, below) / n,
    flaky: above > 0 && below > 0,
  };
}
