/**
 * The churn risk a person sees: `scoreChurnRisk` = the profile model's calibrated log-odds
 * + the customer's history signals + any live conversation signals, as one probability with
 * its reasons. Everything is added on the log-odds scale, so the result is always a
 * probability and every reason's weight means the same thing (e^weight multiplies the odds).
 */
import type { CustomerAttributes } from './encoding';
import { detectHistorySignals, type HistoryEvent, type RiskSignal } from './history-signals';
import { sigmoid } from './metrics';
import { baseLogOddsOf, explainChurnRisk, type ChurnModel } from './model';

export type RiskLevel = 'low' | 'medium' | 'high';

export interface RiskThresholds {
  /** Scores at or above this are `medium`. */
  medium: number;
  /** Scores at or above this are `high`. */
  high: number;
}

/**
 * Telco's base rate is 26.5 %. `medium` from 0.3: above an average customer's risk. `high` from
 * 0.6: more likely to leave than to stay, and a list short enough for a retention team to work.
 * On the default model's cross-validated (out-of-fold) scores this splits telco into
 *   low    63 % of customers, of whom 10 % churn (24 % of all churners),
 *   medium 23 %, of whom 44 % churn (39 % of churners),
 *   high   14 %, of whom 72 % churn (38 % of churners);
 * train-default.ts prints this table again for every retraining.
 */
export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = { medium: 0.3, high: 0.6 };

/**
 * A profile attribute moving the log-odds by less than this is not shown as a reason: 0.05 is
 * a 5 % change of the odds, below what an agent could act on ("Gender: female +0.003").
 */
export const MIN_REASON_WEIGHT = 0.05;

export interface RiskReason extends RiskSignal {
  source: 'profile' | 'history' | 'live';
}

export interface ChurnRisk {
  score: number;
  level: RiskLevel;
  /** What pushes the risk up, strongest first: profile attributes, history and live signals together. */
  reasons: RiskReason[];
  /** The strongest few that hold it down ("Two-year contract"), strongest first; useful to the agent, not part of `reasons`. */
  mitigatingReasons: RiskReason[];
  /** The score's log-odds, for callers that add further signals themselves. */
  logOdds: number;
  model: { version: string };
}

export interface ScoreChurnRiskInput {
  model: ChurnModel;
  /** The customer's profile in the model's columns; null when unknown (the average customer's baseline is used). */
  attributes?: CustomerAttributes | null;
  history?: readonly HistoryEvent[];
  /** Signals from the live conversation (cancel intent, competitor named...), each with its own documented weight. */
  liveSignals?: readonly RiskSignal[];
  now: Date;
  thresholds?: Partial<RiskThresholds>;
  /** At most this many reasons (default 6) and a third as many mitigating ones. */
  maxReasons?: number;
}

export function riskLevelOf(score: number, thresholds: RiskThresholds = DEFAULT_RISK_THRESHOLDS): RiskLevel {
  return score >= thresholds.high ? 'high' : score >= thresholds.medium ? 'medium' : 'low';
}

function resolveThresholds(overrides: Partial<RiskThresholds> | undefined): RiskThresholds {
  const thresholds = { ...DEFAULT_RISK_THRESHOLDS, ...overrides };
  if (!(thresholds.medium > 0 && thresholds.medium < thresholds.high && thresholds.high < 1)) {
    throw new RangeError(`risk thresholds must satisfy 0 < medium < high < 1, got medium ${thresholds.medium}, high ${thresholds.high}`);
  }
  return thresholds;
}

/**
 * Live signals repeat (a caller names the competitor twice): per code only the strongest one
 * counts, so saying it again does not add the weight again.
 */
function strongestPerCode(signals: readonly RiskSignal[]): RiskSignal[] {
  const byCode = new Map<string, RiskSignal>();
  for (const signal of signals) {
    if (!Number.isFinite(signal.weight)) throw new RangeError(`signal ${signal.code} has weight ${signal.weight}`);
    const held = byCode.get(signal.code);
    if (!held || signal.weight > held.weight) byCode.set(signal.code, signal);
  }
  return [...byCode.values()];
}

export function scoreChurnRisk(input: ScoreChurnRiskInput): ChurnRisk {
  const thresholds = resolveThresholds(input.thresholds);
  const maxReasons = input.maxReasons ?? 6;
  const all: RiskReason[] = [];
  let logOdds: number;
  if (input.attributes) {
    const explanation = explainChurnRisk(input.model, input.attributes);
    logOdds = explanation.logOdds;
    for (const c of explanation.contributions) all.push({ code: `profile.${c.feature}`, text: c.text, weight: c.weight, source: 'profile' });
  } else {
    logOdds = baseLogOddsOf(input.model);
  }
  const history = detectHistorySignals(input.history ?? [], input.now);
  const historyCodes = new Set(history.map((s) => s.code));
  // A live signal with a history signal's code (a competitor named in a past chat and again now) counts once.
  const live = strongestPerCode(input.liveSignals ?? []).filter((s) => !historyCodes.has(s.code));
  for (const s of history) all.push({ ...s, source: 'history' });
  for (const s of live) all.push({ ...s, source: 'live' });
  for (const s of [...history, ...live]) logOdds += s.weight;
  const score = sigmoid(logOdds);
  const reasons = all.filter((r) => r.weight >= MIN_REASON_WEIGHT).sort((a, b) => b.weight - a.weight).slice(0, maxReasons);
  const mitigatingReasons = all
    .filter((r) => r.weight <= -MIN_REASON_WEIGHT)
    .sort((a, b) => a.weight - b.weight)
    .slice(0, Math.max(1, Math.round(maxReasons / 3)));
  return { score, level: riskLevelOf(score, thresholds), reasons, mitigatingReasons, logOdds, model: { version: input.model.modelVersion } };
}
