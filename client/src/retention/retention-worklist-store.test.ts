import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { WorklistItem, WorklistPage } from '../../../shared/retention';
import { useRetentionWorklistStore } from './retention-worklist-store';

const item = (id: string, name: string): WorklistItem => ({
  customer: { id, name },
  risk: { score: 0.8, level: 'high', reasons: [{ code: 'profile.Contract', text: 'Month-to-month contract', weight: 0.7 }] },
  value: { monthly: 90, annual: 1080, basis: 'MonthlyCharges' },
  priority: 864,
  lastOutreach: null,
});
const pageOf = (page: number, items: WorklistItem[], total = 60): WorklistPage => ({ items, page, limit: 25, total, scoredAt: '2026-11-23T09:00:00.000Z' });

interface Sent {
  url: URL;
  method: string;
  body: unknown;
  respond(status: number, body: unknown): void;
}

describe('useRetentionWorklistStore', () => {
  let sent: Sent[];
  const take = (match: string) => {
    const index = sent.findIndex((request) => `${request.url.pathname}${request.url.search}`.includes(match));
    if (index < 0) throw new Error(`no request matching ${match}`);
    return sent.splice(index, 1)[0]!;
  };

  beforeEach(() => {
    setActivePinia(createPinia());
    sent = [];
    vi.stubGlobal(
      'fetch',
      (input: string, init: RequestInit = {}) =>
        new Promise<Response>((resolve) => {
          sent.push({
            url: new URL(input, 'http://console.test'),
            method: init.method ?? 'GET',
            body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
            respond: (status, body) => resolve(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })),
          });
        }),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it('shows the page asked for last, whatever order the answers come in', async () => {
    const store = useRetentionWorklistStore();
    const first = store.load(1);
    const second = store.load(2);
    take('page=2').respond(200, pageOf(2, [item('b', 'Bea')]));
    await second;
    take('page=1').respond(200, pageOf(1, [item('a', 'Al')]));
    await first;
    expect(store.page).toBe(2);
    expect(store.items.map((i) => i.customer.name)).toEqual(['Bea']);
    expect(store.pages).toBe(3);
  });

  it('logs an outreach once across retries, takes the row off, and shows field errors', async () => {
    const store = useRetentionWorklistStore();
    const loading = store.load(1);
    take('/retention/worklist').respond(200, pageOf(1, [item('a', 'Al'), item('b', 'Bea')], 2));
    await loading;

    store.openOutreach('a');
    expect(await store.submitOutreach()).toBe(false);
    expect(store.form?.fieldErrors.outcome).toBe('Pick what happened.');
    expect(sent).toHaveLength(0);

    store.form!.draft.outcome = 'reached_declined';
    store.form!.draft.offer = ' 10% off ';
    const refused = store.submitOutreach();
    const request = take('/retention/outreach');
    expect(request.method).toBe('POST');
    expect(request.body).toEqual({ customerId: 'a', outcome: 'reached_declined', channel: 'voice', offer: '10% off', clientRequestId: expect.any(String) });
    request.respond(400, { error: { code: 'invalid_request', message: 'offer: Too big', field: 'offer' } });
    expect(await refused).toBe(false);
    expect(store.form?.fieldErrors).toEqual({ offer: 'Too big' });

    const retried = store.submitOutreach();
    const again = take('/retention/outreach');
    expect((again.body as { clientRequestId: string }).clientRequestId).toBe((request.body as { clientRequestId: string }).clientRequestId);
    again.respond(201, { duplicate: false, event: {} });
    expect(await retried).toBe(true);
    expect(store.items.map((i) => i.customer.id)).toEqual(['b']);
    expect(store.total).toBe(1);
    expect(store.logged).toEqual({ customerName: 'Al', outcome: 'reached_declined' });
    expect(store.form).toBeNull();
  });
});
