import type { ArmMetrics, NbaMetricsRow, RateWithInterval } from '../../shared/nba';

/** z for a two-sided 95% interval. */
const Z = 1.959964;

/**
 * Wilson's score interval for a proportion: unlike the normal approximation it stays inside
 * 0..1 and behaves with few trials or rates near 0 — both normal for a new action.
 */
export function wilson(count: number, of: number): RateWithInterval {
  if (of === 0) return { count, of, rate: null, low: null, high: null };
  const p = count / of;
  const denominator = 1 + (Z * Z) / of;
  const centre = (p + (Z * Z) / (2 * of)) / denominator;
  const half = (Z * Math.sqrt((p * (1 - p)) / of + (Z * Z) / (4 * of * of))) / denominator;
  return { count, of, rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * The difference of two independent proportions with Newcombe's hybrid score interval (method 10
 * in Newcombe, Statistics in Medicine 1998), built from the two Wilson intervals.
 */
export function differenceOfRates(a: RateWithInterval, b: RateWithInterval): NbaMetricsRow['acceptanceUplift'] {
  if (a.rate === null || b.rate === null || a.low === null || a.high === null || b.low === null || b.high === null) {
    return { difference: null, low: null, high: null };
  }
  const difference = a.rate - b.rate;
  const low = difference - Math.sqrt((a.rate - a.low) ** 2 + (b.high - b.rate) ** 2);
  const high = difference + Math.sqrt((a.high - a.rate) ** 2 + (b.rate - b.low) ** 2);
  return { difference, low, high };
}

export interface ArmCounts {
  offers: number;
  accepted: number;
  retentionOffers: number;
  saved: number;
}

export const emptyCounts = (): ArmCounts => ({ offers: 0, accepted: 0, retentionOffers: 0, saved: 0 });

const armMetrics = (c: ArmCounts): ArmMetrics => ({ offers: c.offers, acceptance: wilson(c.accepted, c.offers), save: wilson(c.saved, c.retentionOffers) });

export function metricsRow(learned: ArmCounts, holdout: ArmCounts): NbaMetricsRow {
  const l = armMetrics(learned);
  const h = armMetrics(holdout);
  return { learned: l, holdout: h, acceptanceUplift: differenceOfRates(l.acceptance, h.acceptance) };
}
