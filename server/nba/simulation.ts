import type { ProfileAttributes } from '../../shared/customers';
import type { ChurnRisk, RiskLevel } from '../../shared/interactions';
import { createActionSchema, type CatalogAction, type CreateAction } from '../../shared/nba';
import { SeededRandom } from '../risk/random';
import { contextWeight, rankNextBestActions, type ContactHistory, type Propensity } from './arbitration';
import { buildFacts } from './facts';
import { betaDraw, PropensityLearner } from './propensity';
import { SEED_CATALOG } from './seed-catalog';

export const POLICIES = ['oracle', 'learner', 'static', 'random'] as const;
export type PolicyName = (typeof POLICIES)[number];

export interface SimulationOptions {
  interactions: number;
  seed: number;
  catalog?: readonly CreateAction[];
  /** After how many interactions to report the running totals. */
  checkpoints?: readonly number[];
}

export interface PolicyResult {
  policy: PolicyName;
  reward: number;
  /** The oracle's reward minus this policy's. */
  regret: number;
  /** This policy's reward over the oracle's. */
  shareOfOracle: number;
  acceptanceRate: number;
  checkpoints: { after: number; reward: number; regret: number }[];
}

/** One simulated caller: their profile, the moment, and the hidden dice that decide how they answer. */
interface SimulatedCall {
  attributes: ProfileAttributes;
  risk: ChurnRisk;
  intents: string[];
  sentiment: number;
  acceptDie: number;
  saveDie: number;
}

const NO_HISTORY: ContactHistory = { offersLast30d: new Map(), lastDeclinedAt: new Map() };
const EMPTY = new Set<string>();
/** Mean log-odds of acceptance per category before an action's and a segment's own effects: upsells are taken least. */
const CATEGORY_LOG_ODDS = { retention: -1.0, service: -0.3, sales: -2.0, education: -1.2 } as const;

/**
 * Offline proof of the ranking: the real arbitration and learner against a simulated
 * population whose true acceptance (and, for retention offers, staying) rates differ by action
 * and segment and are hidden from the learner. Each interaction the agent offers the top action;
 * the reward is its value in context (value − cost, times the context weight, the same value the
 * ranking reasons about) when the customer accepts — and, for a retention offer, stays. The
 * oracle ranks with the true rates, so it is the best this arbitration can do; regret is
 * measured against it. Every policy meets the same callers with the same dice.
 */
export function simulateNextBestActions(options: SimulationOptions): PolicyResult[] {
  const random = new SeededRandom(options.seed);
  const catalog: CatalogAction[] = (options.catalog ?? SEED_CATALOG).map((play, index) => ({
    ...(createActionSchema.parse(play) as Required<CreateAction>),
    id: `action-${index}`,
    createdAt: '',
    updatedAt: '',
  }));
  const truth = hiddenRates(catalog, random);
  const calls = Array.from({ length: options.interactions }, () => simulateCall(random));
  const checkpoints = options.checkpoints ?? [1_000, 2_000, 5_000, 10_000].filter((n) => n <= options.interactions);

  const runs = POLICIES.map((policy) => run(policy, catalog, truth, calls, options.seed));
  const oracle = runs[0]!;
  return runs.map((r) => ({
    policy: r.policy,
    reward: r.cumulative.at(-1) ?? 0,
    regret: (oracle.cumulative.at(-1) ?? 0) - (r.cumulative.at(-1) ?? 0),
    shareOfOracle: (r.cumulative.at(-1) ?? 0) / (oracle.cumulative.at(-1) || 1),
    acceptanceRate: r.accepted / Math.max(1, r.offered),
    checkpoints: checkpoints.map((after) => ({
      after,
      reward: r.cumulative[after - 1] ?? 0,
      regret: (oracle.cumulative[after - 1] ?? 0) - (r.cumulative[after - 1] ?? 0),
    })),
  }));
}

interface Truth {
  accept(actionId: string, segment: string): number;
  stay(actionId: string, segment: string): number;
}

const SEGMENTS = ['monthly', 'term'].flatMap((term) => ['low', 'medium', 'high'].map((level) => `${term}/${level}`));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Rates per action and segment: an action's own appeal plus a segment effect as large, so what works differs by segment. */
function hiddenRates(catalog: readonly CatalogAction[], random: SeededRandom): Truth {
  const accept = new Map<string, number>();
  const stay = new Map<string, number>();
  for (const action of catalog) {
    const appeal = CATEGORY_LOG_ODDS[action.category] + gaussian(random) * 0.7;
    for (const segment of SEGMENTS) {
      accept.set(`${action.id}|${segment}`, sigmoid(appeal + gaussian(random)));
      stay.set(`${action.id}|${segment}`, sigmoid(0.8 + gaussian(random) * 0.8));
    }
  }
  return { accept: (id, segment) => accept.get(`${id}|${segment}`) ?? 0, stay: (id, segment) => stay.get(`${id}|${segment}`) ?? 0 };
}

function run(policy: PolicyName, catalog: readonly CatalogAction[], truth: Truth, calls: readonly SimulatedCall[], seed: number) {
  const learner = new PropensityLearner();
  const draw = betaDraw(seed);
  const order = new SeededRandom(seed + 1);
  const cumulative: number[] = [];
  let total = 0;
  let offered = 0;
  let accepted = 0;
  for (const call of calls) {
    const facts = buildFacts({ attributes: call.attributes, summary: { openComplaints: 0, lastNps: null }, recentOffers: [] }, {
      channel: 'voice',
      risk: call.risk,
      intents: call.intents,
      sentiment: call.sentiment,
    });
    const segment = facts.segment!;
    const trueRate = (action: CatalogAction) => truth.accept(action.id, segment) * (action.category === 'retention' ? truth.stay(action.id, segment) : 1);
    const propensity = (action: CatalogAction): Propensity => {
      const retention = action.category === 'retention';
      switch (policy) {
        case 'oracle':
          return { value: trueRate(action), mean: trueRate(action), evidence: 0 };
        case 'learner':
          return { value: learner.sample(action.id, segment, retention, draw), ...learner.estimate(action.id, segment, retention) };
        default:
          return { value: 0.5, mean: 0.5, evidence: 0 };
      }
    };
    const [top] = rankNextBestActions({
      catalog,
      facts,
      codeTexts: new Map(),
      history: NO_HISTORY,
      declinedHere: EMPTY,
      propensity,
      randomOrder: policy === 'random' ? () => order.next() : undefined,
      now: new Date(0),
      limit: 1,
    });
    if (top) {
      const action = top.action;
      offered += 1;
      const yes = call.acceptDie < truth.accept(action.id, segment);
      const stays = call.saveDie < truth.stay(action.id, segment);
      learner.record(action.id, segment, yes ? 'accepted' : 'declined');
      if (yes) {
        accepted += 1;
        if (action.category === 'retention') learner.record(action.id, segment, stays ? 'saved' : 'lost');
        if (action.category !== 'retention' || stays) {
          total += Math.max(action.value - action.cost, 0) * contextWeight(action, facts, new Map()).weight * action.lever;
        }
      }
    }
    cumulative.push(total);
  }
  return { policy, cumulative, offered, accepted };
}

/** A caller drawn to look like a telco base: contract mix and risk as in the IBM sample, moments as a contact center sees them. */
function simulateCall(random: SeededRandom): SimulatedCall {
  const pick = <T>(choices: readonly (readonly [T, number])[]): T => {
    let u = random.next();
    for (const [value, p] of choices) {
      if (u < p) return value;
      u -= p;
    }
    return choices.at(-1)![0];
  };
  const contract = pick([['Month-to-month', 0.55], ['One year', 0.21], ['Two year', 0.24]] as const);
  const level: RiskLevel =
    contract === 'Month-to-month' ? pick([['low', 0.35], ['medium', 0.35], ['high', 0.3]] as const) : pick([['low', 0.8], ['medium', 0.17], ['high', 0.03]] as const);
  const score = level === 'low' ? 0.05 + random.next() * 0.25 : level === 'medium' ? 0.3 + random.next() * 0.3 : 0.6 + random.next() * 0.35;
  const internet = pick([['DSL', 0.34], ['Fiber optic', 0.44], ['No', 0.22]] as const);
  const yes = (p: number) => (random.next() < p ? 'Yes' : 'No');
  const attributes: ProfileAttributes = {
    Contract: contract,
    tenure: contract === 'Month-to-month' ? random.below(30) : 12 + random.below(60),
    InternetService: internet,
    PhoneService: yes(0.9),
    MultipleLines: yes(0.42),
    OnlineSecurity: internet === 'No' ? 'No' : yes(0.37),
    TechSupport: internet === 'No' ? 'No' : yes(0.37),
    StreamingTV: internet === 'No' ? 'No' : yes(0.5),
    PaymentMethod: pick([['Electronic check', 0.34], ['Mailed check', 0.23], ['Bank transfer (automatic)', 0.22], ['Credit card (automatic)', 0.21]] as const),
    PaperlessBilling: yes(0.59),
    SeniorCitizen: random.next() < 0.16 ? 1 : 0,
    MonthlyCharges: 20 + random.next() * 95,
  };
  const leaving = level === 'high' ? 0.4 : level === 'medium' ? 0.12 : 0.03;
  const intents = [
    ...(random.next() < leaving ? ['cancel_intent'] : []),
    ...(random.next() < leaving / 2 ? ['competitor_named'] : []),
    ...(random.next() < 0.15 ? ['price_complaint'] : []),
    ...(random.next() < 0.1 ? ['complaint_intent'] : []),
    ...(random.next() < 0.04 ? ['supervisor_request'] : []),
  ];
  const reasons = [
    ...(random.next() < 0.08 ? ['billing_dispute_open'] : []),
    ...(random.next() < 0.15 ? ['price_rise_recent'] : []),
    ...(random.next() < 0.1 ? ['complaint_open'] : []),
    ...(random.next() < 0.12 ? ['repeat_contacts'] : []),
  ];
  return {
    attributes,
    risk: { score, level, reasons: reasons.map((code) => ({ code, text: code, weight: 0.5 })), model: { version: 'simulated' } },
    intents,
    sentiment: intents.length > 0 ? -0.2 - random.next() * 0.6 : random.next() * 0.6 - 0.1,
    acceptDie: random.next(),
    saveDie: random.next(),
  };
}

/** Box–Muller: a standard normal from two uniforms. */
function gaussian(random: SeededRandom): number {
  const u = 1 - random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}
