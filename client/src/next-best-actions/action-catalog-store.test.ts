import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { CatalogAction } from '../../../shared/nba';
import { installFakeFetch, settle } from '../testing/fake-fetch';
import { changesOf, draftOf, parseDraft, parseNewDraft } from './action-draft';
import { useActionCatalogStore } from './action-catalog-store';

function makeCatalogAction(overrides: Partial<CatalogAction> = {}): CatalogAction {
  return {
    id: '0b6c3c8e-8f0e-4a8e-9d43-3f6f1c2a5b70',
    key: 'loyalty-discount-20',
    title: 'Loyalty discount: 20% for 12 months',
    category: 'retention',
    script: 'Because you have been with us a while, I can take 20% off for the next year.',
    channels: ['voice', 'chat'],
    eligibility: { all: [{ fact: 'risk.level', op: 'in', value: ['medium', 'high'] }] },
    value: 900,
    cost: 170,
    lever: 1,
    group: 'price-offer',
    answers: ['cancel_intent', 'price_complaint'],
    maxPerCustomer30d: 3,
    suppressDaysAfterDecline: 14,
    active: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('action drafts', () => {
  it('round-trips an action through the form unchanged, so saving it untouched changes nothing', () => {
    const action = makeCatalogAction();
    const parsed = parseDraft(draftOf(action));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(changesOf(action, parsed.input)).toEqual({});
  });

  it('names what it can tell is wrong before asking the server: JSON syntax, numbers, required text', () => {
    const draft = { ...draftOf(makeCatalogAction()), eligibility: '{"all": [', value: 'lots', maxPerCustomer30d: '2.5', title: '  ', channels: [] };
    const parsed = parseNewDraft({ ...draft, key: '' });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.eligibility).toMatch(/^Not valid JSON: /);
    expect(parsed.errors).toMatchObject({ key: 'Required.', title: 'Required.', value: 'Enter a number.', maxPerCustomer30d: 'Enter a whole number.', channels: 'Pick at least one channel.' });
  });

  it('patches only the fields that changed, with numbers as numbers (a number input gives either)', () => {
    const action = makeCatalogAction();
    const draft = { ...draftOf(action), lever: 1.5, answers: 'cancel_intent, price_complaint, switch_intent', active: false };
    const parsed = parseDraft(draft);
    expect(parsed.ok && changesOf(action, parsed.input)).toEqual({ lever: 1.5, answers: ['cancel_intent', 'price_complaint', 'switch_intent'], active: false });
  });
});

describe('useActionCatalogStore', () => {
  let network: ReturnType<typeof installFakeFetch>;

  beforeEach(() => {
    setActivePinia(createPinia());
    network = installFakeFetch();
  });
  afterEach(() => vi.unstubAllGlobals());

  async function loaded(actions: CatalogAction[]) {
    const store = useActionCatalogStore();
    const loading = store.load();
    network.take('/api/v1/actions').respond(200, { actions });
    await loading;
    return store;
  }

  it('shows the server’s field-named 400 at the eligibility field, whole', async () => {
    const store = await loaded([makeCatalogAction()]);
    store.startEdit(makeCatalogAction().id);
    store.draft.eligibility = '{"all": [{"fact": "services", "op": "gt", "value": 2}]}';
    const saving = store.save();
    await settle();
    network
      .take(`/api/v1/actions/${makeCatalogAction().id}`)
      .respond(400, { error: { code: 'invalid_request', message: 'eligibility.all.0.op: services is a list: use one of includes, excludes', field: 'eligibility.all.0.op' } });
    expect(await saving).toBe(false);
    expect(store.fieldErrors).toEqual({ eligibility: 'eligibility.all.0.op: services is a list: use one of includes, excludes' });
    expect(store.editing).toBe(makeCatalogAction().id);
  });

  it('creates an action and adds it to the table; a duplicate key is shown at the key', async () => {
    const store = await loaded([]);
    store.startNew();
    Object.assign(store.draft, { key: 'paperless', title: 'Go paperless', script: 'Shall I switch you to paperless bills?', group: 'billing-setup' });

    const duplicate = store.save();
    await settle();
    network.take('/api/v1/actions').respond(409, { error: { code: 'conflict', message: 'key: an action with key paperless already exists', field: 'key' } });
    expect(await duplicate).toBe(false);
    expect(store.fieldErrors.key).toMatch(/already exists/);

    store.draft.key = 'paperless-2';
    const creating = store.save();
    await settle();
    network.take('/api/v1/actions').respond(201, { action: makeCatalogAction({ id: 'new-id', key: 'paperless-2' }) });
    expect(await creating).toBe(true);
    expect(store.actions.map((action) => action.key)).toEqual(['paperless-2']);
    expect(store.editing).toBeNull();
    expect(store.savedKey).toBe('paperless-2');
  });

  it('sends nothing for a JSON syntax error or an unchanged form', async () => {
    const store = await loaded([makeCatalogAction()]);
    store.startEdit(makeCatalogAction().id);
    expect(await store.save()).toBe(false);
    expect(store.formError).toBe('Nothing changed.');
    store.draft.eligibility = '{"all": [}';
    expect(await store.save()).toBe(false);
    expect(store.fieldErrors.eligibility).toMatch(/Not valid JSON/);
    expect(network.pending).toHaveLength(0);
  });
});
