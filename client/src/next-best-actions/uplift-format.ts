import type { NbaMetricsRow, RateWithInterval } from '../../../shared/nba';

export const NO_VALUE = '—';

const percentFormat = new Intl.NumberFormat(undefined, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const pointsFormat = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });

/** A rate as a percentage with one decimal; "—" when there is nothing to divide by. */
export function formatPercent(rate: number | null): string {
  return rate === null ? NO_VALUE : percentFormat.format(rate);
}

/** A 95% interval of a rate, "28.0–36.4%"-style, or "—". */
export function formatInterval(low: number | null, high: number | null): string {
  return low === null || high === null ? NO_VALUE : `${percentFormat.format(low)} – ${percentFormat.format(high)}`;
}

/** A difference of rates in percentage points, signed: "+5.1 pts". Points, not percent: 5% → 10% is +5 points, not +100%. */
export function formatPoints(difference: number | null): string {
  return difference === null ? NO_VALUE : `${pointsFormat.format(difference * 100)} pts`;
}

export function formatPointsInterval(low: number | null, high: number | null): string {
  return low === null || high === null ? NO_VALUE : `${formatPoints(low)} to ${formatPoints(high)}`;
}

export function formatCounts(rate: RateWithInterval): string {
  return `${rate.count} of ${rate.of}`;
}

/**
 * Whether the learned ranking's acceptance is above the holdout's beyond chance: the whole 95%
 * interval of the difference is above zero (or below, for worse). Otherwise it is not yet known.
 */
export function upliftVerdict(row: NbaMetricsRow): 'better' | 'worse' | 'unclear' | 'no_data' {
  const { difference, low, high } = row.acceptanceUplift;
  // An arm without offers: there is nothing to compare yet.
  if (difference === null) return 'no_data';
  if (low !== null && low > 0) return 'better';
  if (high !== null && high < 0) return 'worse';
  return 'unclear';
}
