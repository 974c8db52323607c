import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { CustomerListItem } from '../../../shared/customers';
import * as api from '../api/console-api';
import { asApiError, type ApiError } from '../api/http';

/** The server rejects shorter queries; asking would only produce a 400. */
export const MIN_QUERY_LENGTH = 2;
/** Long enough to skip the keystrokes of a typed word, short enough to feel instant. */
const DEBOUNCE_MS = 250;

export type SearchStatus = 'idle' | 'loading' | 'ready' | 'error';

export const useCustomerSearchStore = defineStore('customer-search', () => {
  const query = ref('');
  const results = shallowRef<CustomerListItem[]>([]);
  /** The query the current results answer, which lags `query` while the user types. */
  const resultsQuery = ref('');
  const status = ref<SearchStatus>('idle');
  const error = ref<ApiError | null>(null);
  const activeIndex = ref(0);

  const trimmedQuery = computed(() => query.value.trim());
  const isQueryTooShort = computed(() => trimmedQuery.value.length < MIN_QUERY_LENGTH);
  const activeResult = computed(() => results.value[activeIndex.value] ?? null);
  const resultsAreCurrent = computed(() => status.value === 'ready' && resultsQuery.value === trimmedQuery.value);

  let timer: ReturnType<typeof setTimeout> | undefined;
  // Responses can arrive out of order (a short query is slower than the longer one typed after
  // it); only the answer to the latest request may land, older ones are dropped on arrival.
  let latestRequest = 0;

  function setQuery(text: string) {
    query.value = text;
    clearTimeout(timer);
    if (isQueryTooShort.value) {
      latestRequest += 1;
      results.value = [];
      resultsQuery.value = '';
      status.value = 'idle';
      error.value = null;
      return;
    }
    timer = setTimeout(() => void runSearch(), DEBOUNCE_MS);
  }

  /** Skips the debounce (Enter, Retry); resolves once the results for the current query are in. */
  async function searchNow(): Promise<void> {
    clearTimeout(timer);
    if (isQueryTooShort.value || resultsAreCurrent.value) return;
    await runSearch();
  }

  async function runSearch(): Promise<void> {
    const q = trimmedQuery.value;
    const requestId = ++latestRequest;
    status.value = 'loading';
    error.value = null;
    try {
      const response = await api.searchCustomers(q);
      if (requestId !== latestRequest) return;
      results.value = response.customers;
      resultsQuery.value = q;
      activeIndex.value = 0;
      status.value = 'ready';
    } catch (caught) {
      if (requestId !== latestRequest) return;
      error.value = asApiError(caught);
      status.value = 'error';
    }
  }

  /** Moves the keyboard highlight, wrapping around the ends of the list. */
  function moveActive(step: number) {
    const count = results.value.length;
    if (count === 0) return;
    activeIndex.value = (activeIndex.value + step + count) % count;
  }

  function setActive(index: number) {
    if (index >= 0 && index < results.value.length) activeIndex.value = index;
  }

  function $reset() {
    clearTimeout(timer);
    latestRequest += 1;
    query.value = '';
    results.value = [];
    resultsQuery.value = '';
    status.value = 'idle';
    error.value = null;
    activeIndex.value = 0;
  }

  return {
    query,
    results,
    resultsQuery,
    status,
    error,
    activeIndex,
    trimmedQuery,
    isQueryTooShort,
    activeResult,
    resultsAreCurrent,
    setQuery,
    searchNow,
    moveActive,
    setActive,
    $reset,
  };
});
