import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { CustomerDetail } from '../../../shared/customers';
import * as api from '../api/console-api';
import { asApiError, type ApiError } from '../api/http';

export type CustomerStatus = 'idle' | 'loading' | 'ready' | 'error';

/** The customer open on the customer page: profile, identities and summary. */
export const useCustomerStore = defineStore('customer', () => {
  const customerId = ref<string | null>(null);
  const customer = shallowRef<CustomerDetail | null>(null);
  const status = ref<CustomerStatus>('idle');
  const error = ref<ApiError | null>(null);

  // Going from one customer to another quickly (an identity-conflict link, back/forward) must
  // not let the slower, older answer replace the customer now on screen.
  let latestRequest = 0;

  async function load(id: string): Promise<void> {
    const requestId = ++latestRequest;
    if (customerId.value !== id) customer.value = null;
    customerId.value = id;
    status.value = 'loading';
    error.value = null;
    try {
      const response = await api.fetchCustomer(id);
      if (requestId !== latestRequest) return;
      customer.value = response.customer;
      status.value = 'ready';
    } catch (caught) {
      if (requestId !== latestRequest) return;
      error.value = asApiError(caught);
      status.value = 'error';
    }
  }

  function retry() {
    if (customerId.value) void load(customerId.value);
  }

  function $reset() {
    latestRequest += 1;
    customerId.value = null;
    customer.value = null;
    status.value = 'idle';
    error.value = null;
  }

  return { customerId, customer, status, error, load, retry, $reset };
});
