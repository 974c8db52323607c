import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { installFakeFetch, settle } from '../testing/fake-fetch';
import { useCustomerSearchStore } from './customer-search-store';

const customer = (id: string, name: string) => ({ id, name, identities: [] });

describe('useCustomerSearchStore', () => {
  let network: ReturnType<typeof installFakeFetch>;

  beforeEach(() => {
    setActivePinia(createPinia());
    network = installFakeFetch();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('waits for the typing to pause before asking the server', async () => {
    vi.useFakeTimers();
    const search = useCustomerSearchStore();
    search.setQuery('ma');
    search.setQuery('mar');
    search.setQuery('mari');
    expect(network.pending).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(300);
    expect(network.pending.map((r) => r.url.searchParams.get('q'))).toEqual(['mari']);
  });

  it('never lets an older answer overwrite the results of a newer query', async () => {
    const search = useCustomerSearchStore();
    search.setQuery('ma');
    const older = search.searchNow();
    search.setQuery('maria');
    const newer = search.searchNow();

    network.take('q=maria').respond(200, { customers: [customer('1', 'Maria Lopez')] });
    await newer;
    network.take('q=ma').respond(200, { customers: [customer('2', 'Mark Ode'), customer('1', 'Maria Lopez')] });
    await older;
    await settle();

    expect(search.resultsQuery).toBe('maria');
    expect(search.results.map((c) => c.name)).toEqual(['Maria Lopez']);
    expect(search.status).toBe('ready');
  });

  it('drops an answer that arrives after the query became too short', async () => {
    const search = useCustomerSearchStore();
    search.setQuery('jo');
    const request = search.searchNow();
    search.setQuery('j');
    network.take('q=jo').respond(200, { customers: [customer('3', 'Jo Park')] });
    await request;
    expect(search.results).toEqual([]);
    expect(search.status).toBe('idle');
  });

  it('keeps the server message when the search fails', async () => {
    const search = useCustomerSearchStore();
    search.setQuery('zz');
    const request = search.searchNow();
    network.take('q=zz').respond(500, { error: { code: 'internal', message: 'database unavailable' } });
    await request;
    expect(search.status).toBe('error');
    expect(search.error).toMatchObject({ status: 500, code: 'internal', message: 'database unavailable' });
  });

  it('moves the highlight around the results, wrapping at the ends', async () => {
    const search = useCustomerSearchStore();
    search.setQuery('lopez');
    const request = search.searchNow();
    network.take('q=lopez').respond(200, { customers: [customer('1', 'A'), customer('2', 'B'), customer('3', 'C')] });
    await request;
    search.moveActive(-1);
    expect(search.activeResult?.name).toBe('C');
    search.moveActive(1);
    search.moveActive(1);
    expect(search.activeResult?.name).toBe('B');
  });
});
