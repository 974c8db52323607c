import * as hdr from 'hdr-histogram-js';

/** Latencies are recorded in microseconds: milliseconds would round away what a fast server does. */
export type LatencyHistogram = hdr.Histogram;

export function latencyHistogram(): LatencyHistogram {
  // Up to two minutes, three significant digits: a stalled server still lands in the histogram instead of overflowing it.
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
}

export function recordMs(histogram: LatencyHistogram, ms: number): void {
  histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
}

export interface LatencySummaryMs {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

const toMs = (us: number) => Math.round(us) / 1000;

export function summarise(histogram: LatencyHistogram): LatencySummaryMs {
  if (histogram.totalCount === 0) return { count: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0 };
  return {
    count: histogram.totalCount,
    p50: toMs(histogram.getValueAtPercentile(50)),
    p95: toMs(histogram.getValueAtPercentile(95)),
    p99: toMs(histogram.getValueAtPercentile(99)),
    max: toMs(histogram.maxValue),
    mean: toMs(histogram.mean),
  };
}
