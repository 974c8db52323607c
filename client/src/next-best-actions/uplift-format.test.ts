import { describe, expect, it } from 'vitest';
import type { NbaMetricsRow, RateWithInterval } from '../../../shared/nba';
import { formatCounts, formatInterval, formatPercent, formatPoints, formatPointsInterval, upliftVerdict } from './uplift-format';

const rate = (count: number, of: number, low: number | null = null, high: number | null = null): RateWithInterval => ({
  count,
  of,
  rate: of === 0 ? null : count / of,
  low,
  high,
});
const row = (low: number | null, high: number | null, difference: number | null = 0.2): NbaMetricsRow => ({
  learned: { offers: 10, acceptance: rate(5, 10), save: rate(0, 0) },
  holdout: { offers: 10, acceptance: rate(3, 10), save: rate(0, 0) },
  acceptanceUplift: { difference, low, high },
});

describe('uplift formatting', () => {
  it('writes rates and intervals as percentages, and a dash when there is no rate', () => {
    expect(formatPercent(0.3214)).toMatch(/^32\.1\s?%$/);
    expect(formatPercent(null)).toBe('—');
    expect(formatInterval(0.28, 0.364)).toMatch(/^28\.0\s?% – 36\.4\s?%$/);
    expect(formatInterval(null, 0.3)).toBe('—');
    expect(formatCounts(rate(45, 140))).toBe('45 of 140');
  });

  it('writes differences of rates in signed percentage points', () => {
    expect(formatPoints(0.051)).toBe('+5.1 pts');
    expect(formatPoints(-0.012)).toBe('-1.2 pts');
    expect(formatPoints(0)).toBe('0.0 pts');
    expect(formatPoints(null)).toBe('—');
    expect(formatPointsInterval(-0.012, 0.11)).toBe('-1.2 pts to +11.0 pts');
  });

  it('calls the learned ranking better or worse only when the whole interval is on one side of zero', () => {
    expect(upliftVerdict(row(0.01, 0.2))).toBe('better');
    expect(upliftVerdict(row(-0.3, -0.05))).toBe('worse');
    expect(upliftVerdict(row(-0.05, 0.2))).toBe('unclear');
    expect(upliftVerdict(row(null, null))).toBe('unclear');
    expect(upliftVerdict(row(null, null, null))).toBe('no_data');
  });
});
