import type { CatalogAction, RankingFactors } from '../../shared/nba';
import { isEligible, type NbaFacts } from './eligibility';

/** What this customer has already been offered, outside the interaction being ranked. */
export interface ContactHistory {
  /** Offers per action id in the last 30 days. */
  offersLast30d: ReadonlyMap<string, number>;
  /** The last decline per action id. */
  lastDeclinedAt: ReadonlyMap<string, Date>;
}

export interface Propensity {
  /** What the ranking multiplies by: a Thompson draw for the learner, the mean for a fixed ranking. */
  value: number;
  mean: number;
  evidence: number;
}

export interface RankingInput {
  catalog: readonly CatalogAction[];
  facts: NbaFacts;
  /** Plain words for the codes in facts (live signals and risk reasons), for the "why". */
  codeTexts: ReadonlyMap<string, string>;
  history: ContactHistory;
  /** Declined on this very interaction: the agent has moved on from them. */
  declinedHere: ReadonlySet<string>;
  propensity: (action: CatalogAction) => Propensity;
  /** The holdout arm orders the eligible actions by this instead of by priority. */
  randomOrder?: (action: CatalogAction) => number;
  now: Date;
  limit?: number;
}

export interface ScoredAction {
  action: CatalogAction;
  factors: RankingFactors;
  why: string;
}

const DAY_MS = 86_400_000;
/** The caller said it just now: the strongest cue there is. */
const LIVE_CUE_WEIGHT = 3;
/** It is in their history (an open dispute, a price rise): a cue, weaker than words on the call. */
const HISTORY_CUE_WEIGHT = 1.5;

/**
 * Next-best-action arbitration as the decisioning platforms do it: eligibility first, then
 * contact policy (caps, suppression after a decline), then priority = propensity × value ×
 * context weight × lever, keeping only the best action of each group.
 */
export function rankNextBestActions(input: RankingInput): ScoredAction[] {
  const { facts, now } = input;
  const candidates = input.catalog.filter(
    (action) =>
      action.active &&
      facts.channel !== null &&
      action.channels.includes(facts.channel as CatalogAction['channels'][number]) &&
      !input.declinedHere.has(action.id) &&
      allowedByContactPolicy(action, input.history, now) &&
      isEligible(action.eligibility, facts),
  );
  const scored = candidates.map((action) => {
    const propensity = input.propensity(action);
    const context = contextWeight(action, facts, input.codeTexts);
    const value = Math.max(action.value - action.cost, 0);
    const priority = propensity.value * value * context.weight * action.lever;
    return {
      action,
      factors: { propensity: propensity.mean, evidence: propensity.evidence, value, contextWeight: context.weight, lever: action.lever, priority },
      why: explain(context.cues, propensity, facts.segment),
      order: input.randomOrder ? input.randomOrder(action) : priority,
    };
  });
  scored.sort((a, b) => b.order - a.order || a.action.key.localeCompare(b.action.key));
  const groups = new Set<string>();
  const ranked: ScoredAction[] = [];
  for (const { action, factors, why } of scored) {
    if (groups.has(action.group)) continue;
    groups.add(action.group);
    ranked.push({ action, factors, why });
    if (ranked.length === (input.limit ?? 3)) break;
  }
  return ranked;
}

function allowedByContactPolicy(action: CatalogAction, history: ContactHistory, now: Date): boolean {
  if ((history.offersLast30d.get(action.id) ?? 0) >= action.maxPerCustomer30d) return false;
  const declined = history.lastDeclinedAt.get(action.id);
  return !declined || now.getTime() - declined.getTime() >= action.suppressDaysAfterDecline * DAY_MS;
}

/**
 * How much the live moment calls for this action. A code the action answers (a cancel intent for
 * a retention offer, a billing dispute for a billing fix) lifts it; retention offers rise with
 * the churn risk; upsells fall when the customer is at risk or upset, because pitching to a
 * customer on the way out costs trust and rarely converts.
 */
export function contextWeight(action: CatalogAction, facts: NbaFacts, codeTexts: ReadonlyMap<string, string>): { weight: number; cues: string[] } {
  let weight = 1;
  const cues: string[] = [];
  const live = action.answers.filter((code) => facts.intents.includes(code));
  const history = action.answers.filter((code) => facts['risk.reasons'].includes(code));
  if (live.length > 0) {
    weight *= LIVE_CUE_WEIGHT;
    cues.push(...live.map((code) => codeTexts.get(code) ?? code.replaceAll('_', ' ')));
  } else if (history.length > 0) {
    weight *= HISTORY_CUE_WEIGHT;
    cues.push(...history.map((code) => codeTexts.get(code) ?? code.replaceAll('_', ' ')));
  }
  const risk = facts['risk.score'];
  if (action.category === 'retention') {
    weight *= 0.5 + 2 * (risk ?? 0.2);
    if (facts['risk.level'] === 'high') cues.push('high churn risk');
  } else if (action.category === 'sales') {
    weight *= facts['risk.level'] === 'high' ? 0.2 : facts['risk.level'] === 'medium' ? 0.6 : 1;
    if ((facts.sentiment ?? 0) < -0.3) weight *= 0.5;
  }
  return { weight: round(weight), cues };
}

function explain(cues: readonly string[], propensity: Propensity, segment: string | null): string {
  const learned =
    propensity.evidence < 5
      ? 'new for this kind of customer, still learning'
      : `${Math.round(propensity.mean * 100)}% of ${describeSegment(segment)} customers say yes`;
  const because = cues.slice(0, 2).join('; ');
  return because ? `${capitalise(because)} · ${learned}` : capitalise(learned);
}

function describeSegment(segment: string | null): string {
  const [term, risk] = (segment ?? '').split('/');
  const contract = term === 'monthly' ? 'month-to-month' : term === 'term' ? 'contract' : '';
  const level = risk && risk !== 'unscored' ? `${risk}-risk` : '';
  return [contract, level].filter(Boolean).join(', ') || 'similar';
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const round = (n: number) => Math.round(n * 1000) / 1000;
