import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { NbaMetricsResponse } from '../../../shared/nba';
import * as api from '../api/console-api';
import { asApiError } from '../api/http';

/** The periods the report offers; "all" is every offer ever logged. */
export const UPLIFT_PERIODS = { all: 'All time', '7d': 'Last 7 days', '30d': 'Last 30 days', '90d': 'Last 90 days' } as const;
export type UpliftPeriod = keyof typeof UPLIFT_PERIODS;
const PERIOD_DAYS: Record<Exclude<UpliftPeriod, 'all'>, number> = { '7d': 7, '30d': 30, '90d': 90 };

export function sinceOf(period: UpliftPeriod, now = new Date()): string | null {
  return period === 'all' ? null : new Date(now.getTime() - PERIOD_DAYS[period] * 24 * 60 * 60 * 1000).toISOString();
}

/** Learned ranking against the holdout: acceptance and save rates with their intervals, overall and per action. */
export const useNbaUpliftStore = defineStore('nba-uplift', () => {
  const period = ref<UpliftPeriod>('30d');
  const report = shallowRef<NbaMetricsResponse | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  /** The period last asked for wins: an older, slower answer arriving last is dropped. */
  let token = 0;

  async function load(next: UpliftPeriod = period.value): Promise<void> {
    const mine = ++token;
    period.value = next;
    loading.value = true;
    error.value = null;
    try {
      const answer = await api.fetchNbaMetrics(sinceOf(next));
      if (mine === token) report.value = answer;
    } catch (caught) {
      if (mine === token) error.value = asApiError(caught).message;
    } finally {
      if (mine === token) loading.value = false;
    }
  }

  function $reset() {
    token += 1;
    period.value = '30d';
    report.value = null;
    loading.value = false;
    error.value = null;
  }

  return { period, report, loading, error, load, $reset };
});
