import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeLiveTransport } from '../testing/fake-live-transport';
import { rewatchCustomers, watchCustomer, watchedCustomers } from './customer-watches';

describe('customer watches', () => {
  let live: ReturnType<typeof installFakeLiveTransport>;
  beforeEach(() => {
    live = installFakeLiveTransport();
  });
  afterEach(() => live.uninstall());

  it('follows a customer once however many views show them, and stops with the last one', () => {
    const consoleView = watchCustomer('c-1');
    const customerPage = watchCustomer('c-1');
    expect(live.sent.map((r) => [r.event, r.payload])).toEqual([['customer:watch', { customerId: 'c-1' }]]);

    customerPage();
    customerPage();
    expect(live.sent).toHaveLength(1);
    consoleView();
    expect(live.sent.map((r) => r.event)).toEqual(['customer:watch', 'customer:unwatch']);
    expect(watchedCustomers()).toEqual([]);
  });

  it('joins every watched customer again on a new connection', () => {
    const release = watchCustomer('c-2');
    rewatchCustomers();
    expect(live.sent.map((r) => [r.event, r.payload])).toEqual([
      ['customer:watch', { customerId: 'c-2' }],
      ['customer:watch', { customerId: 'c-2' }],
    ]);
    release();
  });
});
