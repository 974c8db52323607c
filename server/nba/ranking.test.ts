import { describe, expect, it } from 'vitest';
import { createActionSchema, eligibilityRuleSchema, type CatalogAction } from '../../shared/nba';
import type { ChurnRisk } from '../../shared/interactions';
import { rankNextBestActions, type ContactHistory, type RankingInput } from './arbitration';
import { isEligible } from './eligibility';
import { buildFacts, type NbaCustomer } from './facts';
import { betaDraw, PropensityLearner } from './propensity';
import { SEED_CATALOG } from './seed-catalog';
import { differenceOfRates, wilson } from './uplift';

const NOW = new Date('2026-11-23T12:00:00Z');
const catalog: CatalogAction[] = SEED_CATALOG.map((play, index) => ({
  ...createActionSchema.parse(play),
  id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
})) as CatalogAction[];
const byKey = (key: string) => catalog.find((a) => a.key === key)!;

const loyalCustomer: NbaCustomer = {
  attributes: { tenure: 40, Contract: 'Two year', InternetService: 'DSL', PhoneService: 'Yes', MultipleLines: 'No', OnlineSecurity: 'No', TechSupport: 'Yes', PaymentMethod: 'Credit card (automatic)', PaperlessBilling: 'Yes', SeniorCitizen: 0, MonthlyCharges: 55 },
  summary: { openComplaints: 0, lastNps: null },
  recentOffers: [],
};
const risk = (score: number, level: ChurnRisk['level'], reasons: string[] = []): ChurnRisk => ({
  score,
  level,
  reasons: reasons.map((code) => ({ code, text: code.replaceAll('_', ' '), weight: 0.5 })),
  model: { version: 'test' },
});
const noHistory: ContactHistory = { offersLast30d: new Map(), lastDeclinedAt: new Map() };

function input(overrides: Partial<RankingInput> & { customer?: NbaCustomer; risk?: ChurnRisk | null; intents?: string[] } = {}): RankingInput {
  const facts = buildFacts(overrides.customer ?? loyalCustomer, {
    channel: 'voice',
    risk: overrides.risk === undefined ? risk(0.1, 'low') : overrides.risk,
    intents: overrides.intents ?? [],
    sentiment: 0,
  });
  return {
    catalog,
    facts,
    codeTexts: new Map([['cancel_intent', 'Wants to cancel']]),
    history: noHistory,
    declinedHere: new Set(),
    propensity: () => ({ value: 0.3, mean: 0.3, evidence: 0 }),
    now: NOW,
    ...overrides,
  };
}

describe('eligibility rules', () => {
  it('are validated on save with the path and reason of the bad part', () => {
    const wrongOp = eligibilityRuleSchema.safeParse({ all: [{ fact: 'services', op: 'gt', value: 3 }] });
    expect(wrongOp.success).toBe(false);
    expect(wrongOp.error!.issues[0]).toMatchObject({ path: ['all', 0, 'op'], message: expect.stringMatching(/services is a list/) });
    const wrongValue = eligibilityRuleSchema.safeParse({ fact: 'tenureMonths', op: 'gte', value: 'ten' });
    expect(wrongValue.error!.issues[0]).toMatchObject({ path: ['value'], message: 'gte on tenureMonths needs a number' });
    expect(eligibilityRuleSchema.safeParse({ fact: 'shoeSize', op: 'eq', value: 9 }).success).toBe(false);
    expect(eligibilityRuleSchema.safeParse({ fact: 'contract', op: 'eq', value: 'x', extra: 1 }).success).toBe(false);
    expect(eligibilityRuleSchema.safeParse({ any: [] }).success).toBe(false);
  });

  it('every seeded play has a valid rule', () => {
    for (const play of SEED_CATALOG) expect(eligibilityRuleSchema.safeParse(play.eligibility).success, play.key).toBe(true);
    expect(SEED_CATALOG.length).toBeGreaterThanOrEqual(20);
  });

  it('evaluate all / any / not and every operator against the facts', () => {
    const facts = input().facts;
    expect(isEligible({ all: [] }, facts)).toBe(true);
    expect(isEligible({ fact: 'contract', op: 'eq', value: 'Two year' }, facts)).toBe(true);
    expect(isEligible({ fact: 'contract', op: 'in', value: ['Month-to-month'] }, facts)).toBe(false);
    expect(isEligible({ fact: 'tenureMonths', op: 'gte', value: 40 }, facts)).toBe(true);
    expect(isEligible({ fact: 'tenureMonths', op: 'gt', value: 40 }, facts)).toBe(false);
    expect(isEligible({ fact: 'services', op: 'includes', value: 'tech_support' }, facts)).toBe(true);
    expect(isEligible({ fact: 'services', op: 'excludes', value: 'online_security' }, facts)).toBe(true);
    expect(isEligible({ fact: 'services', op: 'includesAny', value: ['streaming_tv', 'internet'] }, facts)).toBe(true);
    expect(isEligible({ not: { fact: 'services', op: 'includesNone', value: ['phone'] } }, facts)).toBe(true);
    expect(isEligible({ any: [{ fact: 'risk.level', op: 'eq', value: 'high' }, { fact: 'seniorCitizen', op: 'eq', value: false }] }, facts)).toBe(true);
    // An unknown fact satisfies only the negative tests.
    expect(isEligible({ fact: 'lastNps', op: 'lte', value: 6 }, facts)).toBe(false);
    expect(isEligible({ fact: 'lastNps', op: 'exists', value: false }, facts)).toBe(true);
  });
});

describe('arbitration', () => {
  it('keeps retention offers off a calm, loyal low-risk call and ranks by priority with one action per group', () => {
    const ranked = rankNextBestActions(input());
    expect(ranked).toHaveLength(3);
    expect(ranked.every((r) => r.action.category !== 'retention')).toBe(true);
    expect(new Set(ranked.map((r) => r.action.group)).size).toBe(3);
    const priorities = ranked.map((r) => r.factors.priority);
    expect([...priorities].sort((a, b) => b - a)).toEqual(priorities);
    for (const r of ranked) {
      expect(r.factors.priority).toBeCloseTo(r.factors.propensity * r.factors.value * r.factors.contextWeight * r.factors.lever, 6);
    }
  });

  it('puts retention offers on top when the caller says they are leaving, and says why', () => {
    const ranked = rankNextBestActions(input({ risk: risk(0.72, 'high'), intents: ['cancel_intent'] }));
    expect(ranked[0]!.action.category).toBe('retention');
    expect(ranked[0]!.why).toMatch(/^Wants to cancel/);
    // Upsells to a customer on the way out are held back.
    expect(ranked.some((r) => r.action.category === 'sales')).toBe(false);
  });

  it('applies the contact policy: caps per 30 days, suppression after a decline, declines on this call', () => {
    const leaving = { risk: risk(0.72, 'high'), intents: ['cancel_intent'] };
    const top = rankNextBestActions(input(leaving))[0]!.action;
    const capped = rankNextBestActions(input({ ...leaving, history: { offersLast30d: new Map([[top.id, top.maxPerCustomer30d]]), lastDeclinedAt: new Map() } }));
    expect(capped.map((r) => r.action.id)).not.toContain(top.id);
    const declinedYesterday = new Date(NOW.getTime() - 86_400_000);
    const suppressed = rankNextBestActions(input({ ...leaving, history: { offersLast30d: new Map(), lastDeclinedAt: new Map([[top.id, declinedYesterday]]) } }));
    expect(suppressed.map((r) => r.action.id)).not.toContain(top.id);
    const longAgo = new Date(NOW.getTime() - (top.suppressDaysAfterDecline + 1) * 86_400_000);
    expect(rankNextBestActions(input({ ...leaving, history: { offersLast30d: new Map(), lastDeclinedAt: new Map([[top.id, longAgo]]) } }))[0]!.action.id).toBe(top.id);
    expect(rankNextBestActions(input({ ...leaving, declinedHere: new Set([top.id]) })).map((r) => r.action.id)).not.toContain(top.id);
  });

  it('lets the business lever and inactive flags steer the ranking', () => {
    const base = rankNextBestActions(input());
    const last = base[2]!.action;
    const boosted = catalog.map((a) => (a.id === last.id ? { ...a, lever: 10 } : a));
    expect(rankNextBestActions(input({ catalog: boosted }))[0]!.action.id).toBe(last.id);
    const withoutTop = catalog.map((a) => (a.id === base[0]!.action.id ? { ...a, active: false } : a));
    expect(rankNextBestActions(input({ catalog: withoutTop })).map((r) => r.action.id)).not.toContain(base[0]!.action.id);
  });

  it('offers voice-only plays on calls only', () => {
    const leaving = { risk: risk(0.8, 'high'), intents: ['cancel_intent'] };
    const specialist = byKey('retention-specialist');
    const onCall = rankNextBestActions({ ...input(leaving), limit: 30 });
    expect(onCall.map((r) => r.action.key)).toContain(specialist.key);
    const chat = input(leaving);
    const onChat = rankNextBestActions({ ...chat, facts: { ...chat.facts, channel: 'chat' }, limit: 30 });
    expect(onChat.map((r) => r.action.key)).not.toContain(specialist.key);
  });
});

describe('propensity learning', () => {
  it('starts a new action at an even chance and converges on the observed rate', () => {
    const learner = new PropensityLearner();
    expect(learner.estimate('a', 'monthly/high', false).mean).toBeCloseTo(0.5, 6);
    learner.record('a', 'monthly/high', 'accepted', 30);
    learner.record('a', 'monthly/high', 'declined', 70);
    const estimate = learner.estimate('a', 'monthly/high', false);
    expect(estimate.evidence).toBe(100);
    expect(estimate.mean).toBeGreaterThan(0.28);
    expect(estimate.mean).toBeLessThan(0.33);
  });

  it('lets a segment seen for the first time borrow from the action’s other segments', () => {
    const learner = new PropensityLearner();
    learner.record('a', 'term/low', 'accepted', 5);
    learner.record('a', 'term/low', 'declined', 95);
    expect(learner.estimate('a', 'monthly/high', false).mean).toBeLessThan(0.3);
    expect(learner.estimate('b', 'monthly/high', false).mean).toBeCloseTo(0.5, 6);
  });

  it('multiplies acceptance by staying for retention offers', () => {
    const learner = new PropensityLearner();
    learner.record('r', 's', 'accepted', 50);
    learner.record('r', 's', 'declined', 50);
    learner.record('r', 's', 'saved', 10);
    learner.record('r', 's', 'lost', 40);
    expect(learner.estimate('r', 's', false).mean).toBeCloseTo(0.5, 1);
    expect(learner.estimate('r', 's', true).mean).toBeLessThan(0.15);
  });

  it('draws Thompson samples around the posterior, repeatably with a seed', () => {
    const learner = new PropensityLearner();
    learner.record('a', 's', 'accepted', 20);
    learner.record('a', 's', 'declined', 80);
    const draw = betaDraw(7);
    const samples = Array.from({ length: 2000 }, () => learner.sample('a', 's', false, draw));
    const mean = samples.reduce((sum, x) => sum + x, 0) / samples.length;
    expect(mean).toBeCloseTo(learner.estimate('a', 's', false).mean, 2);
    const again = betaDraw(7);
    expect(learner.sample('a', 's', false, again)).toBe(samples[0]);
  });
});

describe('uplift statistics', () => {
  it('gives Wilson score intervals (checked against published values)', () => {
    // Newcombe (1998), table I: 81/263 → 0.2553–0.3662; 0/10 → 0–0.2775.
    const a = wilson(81, 263);
    expect(a.low!).toBeCloseTo(0.2553, 3);
    expect(a.high!).toBeCloseTo(0.3662, 3);
    const b = wilson(0, 10);
    expect(b.low).toBe(0);
    expect(b.high!).toBeCloseTo(0.2775, 3);
    expect(wilson(0, 0).rate).toBeNull();
  });

  it('gives Newcombe’s interval for a difference of proportions', () => {
    // Newcombe (1998), table II, example (a): 56/70 − 48/80 = 0.2, method 10 interval 0.0524–0.3339.
    const d = differenceOfRates(wilson(56, 70), wilson(48, 80));
    expect(d.difference!).toBeCloseTo(0.2, 6);
    expect(d.low!).toBeCloseTo(0.0524, 3);
    expect(d.high!).toBeCloseTo(0.3339, 3);
  });
});

