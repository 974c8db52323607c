// Live defection signals: what in a customer's turn says they may leave, in words an agent reads
// at a glance, each with a log-odds weight for the churn risk and the exact words that triggered
// it. A pure function of the text and a little context, so the live loop can call it on every
// customer utterance (well under a millisecond for a typical turn) and tests need no server.
//
// Every detector proposes phrases; one judge applies the same rules to all of them:
//   negated          "I don't want to cancel", "I'm not switching", "I would never leave" → dropped
//   someone else's   "my friend cancelled her Verizon", "they cancelled my order"        → dropped
//   past, resolved   "I was going to cancel but you fixed it", "I almost switched"      → dropped
//   a condition      "if I cancel, is there a fee?" (cancelling as a question)         → cancellation_inquiry
//   a threat         "if this isn't fixed I'll cancel", "fix it or I'm leaving"         → kept, conditional, weaker
//   the price of it  "what would it cost to cancel?"                                    → cancellation_inquiry
// and which object is cancelled is the cancel detector's business ("cancel the add-on" is no
// defection).
import {
  DEFAULT_COMPETITORS,
  findCompetitorMentions,
  type CompetitorEntry,
  type CompetitorMention,
} from './competitors';
import type { DefectionSignalCode, Detection, DetectorInput } from './detection';
import { detectCancelIntents, detectCancellationInquiries, detectSwitchIntents } from './defection-intents';
import { detectComplaintIntents, detectPriceComplaints, detectSupervisorRequests } from './frustration-signals';
import { FEE_WORDS } from './lexicon';
import { isNegated, isPastForm, laterClauseResolves, pastIntentionOf, subjectOf } from './modality';
import { detectSentimentSlide } from './sentiment-slide';
import { readUtterance, type Utterance } from './utterance';

export { DEFECTION_SIGNAL_CODES, type DefectionSignalCode } from './detection';
export { DEFAULT_COMPETITORS, type CompetitorEntry, type CompetitorName } from './competitors';
export { SENTIMENT_SLIDE } from './sentiment-slide';

export interface SignalTrigger {
  /** The exact words of the utterance that triggered the signal. */
  readonly words: string;
  /** UTF-16 offsets into the utterance text, end exclusive: `text.slice(start, end) === words`. */
  readonly start: number;
  readonly end: number;
}

export interface DefectionSignal {
  readonly code: DefectionSignalCode;
  /** Plain words for the agent: "Wants to cancel", "Mentions competitor Verizon". */
  readonly text: string;
  /** Log-odds to add to the churn risk (see DEFECTION_SIGNAL_WEIGHTS). */
  readonly weight: number;
  /**
   * A threat tied to a condition ("if this isn't fixed I'll cancel"). Its weight is already
   * discounted by CONDITIONAL_THREAT_FACTOR; it still counts as a defection moment.
   */
  readonly conditional: boolean;
  /**
   * For sentiment_sliding, which has no words of its own, the whole turn on which the slide was
   * confirmed (the integrator marks that turn).
   */
  readonly trigger: SignalTrigger;
  /** The competitor named, for competitor_named and for switch signals that name one. */
  readonly competitor?: string;
}

export interface DefectionSignalContext {
  /** The customer's per-turn sentiment, −1..1, oldest first, this turn included. */
  readonly recentSentiment?: readonly number[];
  /** Competitors of this contact center; DEFAULT_COMPETITORS when absent. */
  readonly competitors?: readonly CompetitorEntry[];
  /** Per-code weights replacing the priors, e.g. once they are fitted on logged outcomes. */
  readonly weights?: Partial<Record<DefectionSignalCode, number>>;
}

/**
 * Log-odds bumps to the churn risk, one per code. They are priors, set by judgement from how
 * telco retention works, until outcomes logged by Cue let them be fitted (a logistic regression
 * of churn on these indicators replaces them, through `context.weights`). For scale: with a
 * baseline risk of 25%, +0.5 makes 35%, +1.0 makes 48%, +2.0 makes 71%.
 */
export const DEFECTION_SIGNAL_WEIGHTS: Readonly<Record<DefectionSignalCode, number>> = {
  // The strongest thing a customer can say: they are asking to leave. Odds × 7.4, not more,
  // because this is exactly the moment retention offers are made and many such callers are saved.
  cancel_intent: 2.0,
  // Nearly as strong, but "T-Mobile would give me this for less" is often a price-match
  // negotiation rather than a decision, so a little below cancelling.
  switch_intent: 1.8,
  // A name alone may be a comparison or an anecdote; it adds to a switch intent when both occur
  // (1.8 + 0.5), and on its own it only nudges.
  competitor_named: 0.5,
  // Asking the early termination fee or what happens if they cancel is a usual step before
  // cancelling, but also what people moving house or checking their contract ask.
  cancellation_inquiry: 0.9,
  // Price is the reason US telco customers give most often for leaving; one complaint is often
  // settled with a credit or a plan change, hence a moderate weight.
  price_complaint: 0.6,
  // Escalation says the first answer did not satisfy; unresolved problems drive churn, yet most
  // escalations are about one problem, not the relationship.
  supervisor_request: 0.5,
  // A formal complaint, a regulator or a lawyer marks a relationship gone wrong (the spec lists
  // open complaints among churn signals); stronger than an escalation, weaker than an intent.
  complaint_intent: 0.7,
  // Per-turn sentiment is noisy and a bad minute passes; a slide corroborates the others.
  sentiment_sliding: 0.4,
};

/**
 * Conditional threats keep 60% of the intent's weight (cancel 2.0 → 1.2, odds × 3.3): saying "if
 * this isn't fixed I'll cancel" shows leaving has been considered, yet it is leverage for a fix,
 * and most such callers stay when the fix comes.
 */
export const CONDITIONAL_THREAT_FACTOR = 0.6;

/** Codes that make a defection moment (issue 4, item 6): an explicit intent to leave. */
export const DEFECTION_MOMENT_CODES: readonly DefectionSignalCode[] = ['cancel_intent', 'switch_intent'];

/** True when the signals include an explicit cancel or switch intent, conditional threats too. */
export function isDefectionMoment(signals: readonly DefectionSignal[]): boolean {
  return signals.some((signal) => DEFECTION_MOMENT_CODES.includes(signal.code));
}

const LEAVING_A_COMPETITOR_VERBS = new Set(['cancel', 'leave', 'quit', 'drop', 'ditch', 'dump', 'terminate']);
const POSSESSIVES = new Set(['my', 'her', 'his', 'their', 'our', 'the', 'your']);

/**
 * The defection signals in one customer utterance, in the order their words appear, the sentiment
 * slide last. At most one signal per code (the strongest), and one competitor_named per competitor.
 */
export function detectDefectionSignals(text: string, context: DefectionSignalContext = {}): DefectionSignal[] {
  const weights = { ...DEFECTION_SIGNAL_WEIGHTS, ...context.weights };
  const utterance = readUtterance(text);
  const mentions = findCompetitorMentions(utterance, context.competitors ?? DEFAULT_COMPETITORS);
  const competitorByToken = new Map<number, string>();
  for (const mention of mentions) {
    for (let i = mention.first; i <= mention.last; i++) competitorByToken.set(i, mention.name);
  }
  const input: DetectorInput = {
    utterance,
    isCompetitor: (index) => competitorByToken.has(index),
    competitorAt: (index) => competitorByToken.get(index),
  };

  const detections = [
    ...detectCancelIntents(input),
    ...detectSwitchIntents(input),
    ...detectCancellationInquiries(input),
    ...detectPriceComplaints(input),
    ...detectSupervisorRequests(input),
    ...detectComplaintIntents(input),
  ];
  const signals: DefectionSignal[] = [];
  // Where a negated or resolved intent sits: a competitor named inside it was not a defection either.
  const withdrawnRanges: [number, number][] = [];
  for (const detection of detections) {
    const verdict = judge(detection, input);
    if (verdict === 'withdrawn') withdrawnRanges.push([detection.first, detection.last]);
    if (verdict === 'withdrawn' || verdict === 'dropped') continue;
    const weight = weights[verdict.code] * (verdict.conditional ? CONDITIONAL_THREAT_FACTOR : 1);
    const competitor = competitorIn(detection, competitorByToken);
    signals.push({
      code: verdict.code,
      text: verdict.text,
      weight,
      conditional: verdict.conditional,
      trigger: triggerOf(utterance, detection.first, detection.last),
      ...(competitor !== undefined && verdict.code === 'switch_intent' ? { competitor } : {}),
    });
  }
  for (const mention of mentions) {
    const withdrawn = withdrawnRanges.some(([first, last]) => mention.first >= first && mention.last <= last);
    if (withdrawn || isBeingLeft(utterance, mention)) continue;
    signals.push({
      code: 'competitor_named',
      text: `Mentions competitor ${mention.name}`,
      weight: weights.competitor_named,
      conditional: false,
      trigger: triggerOf(utterance, mention.first, mention.last),
      competitor: mention.name,
    });
  }

  const strongest = keepStrongestPerCode(signals).sort((a, b) => a.trigger.start - b.trigger.start);
  const slide = context.recentSentiment === undefined ? null : detectSentimentSlide(context.recentSentiment);
  if (slide !== null) {
    const first = slide.scores[0]!;
    const latest = slide.scores[slide.scores.length - 1]!;
    const start = text.length - text.trimStart().length;
    const end = text.trimEnd().length;
    strongest.push({
      code: 'sentiment_sliding',
      text: `Sentiment sliding over the last ${slide.scores.length} turns (${first.toFixed(2)} → ${latest.toFixed(2)})`,
      weight: weights.sentiment_sliding,
      conditional: false,
      trigger: { words: text.slice(start, Math.max(start, end)), start, end: Math.max(start, end) },
    });
  }
  return strongest;
}

type Verdict =
  | { code: Detection['code']; text: string; conditional: boolean }
  /** Not this customer's intent, or a hypothetical that is no signal. */
  | 'dropped'
  /** Negated or resolved: the customer said they are not leaving. */
  | 'withdrawn';

function judge(detection: Detection, { utterance, isCompetitor }: DetectorInput): Verdict {
  const { tokens, clauses } = utterance;
  // The head too: in "my bill isn't going up" the negation sits between the noun and the verb.
  const negated = isNegated(utterance, detection.first) || (detection.head > detection.first && isNegated(utterance, detection.head));
  if (detection.checks.negation && negated) return 'withdrawn';
  const leaving = detection.code === 'cancel_intent' || detection.code === 'switch_intent';
  if (detection.checks.subject) {
    // Whose it is shows left of the trigger's first word: "my sister's bill went up".
    const subject = subjectOf(utterance, Math.min(detection.first, detection.head), isCompetitor);
    if (subject === 'third_party') return 'dropped';
    if (subject === 'company' && detection.code !== 'price_complaint') return 'dropped';
    // "you cancelled my service" reports what the company did; "can you cancel it" asks. (For a
    // complaint, "you raised my rate" is the complaint.)
    if (leaving && subject === 'addressee' && isPastForm(tokens[detection.head]!)) return 'dropped';
  }
  const pastIntention = pastIntentionOf(utterance, detection.first);
  if (pastIntention === 'counterfactual') return 'withdrawn';
  const told = pastIntention === 'reported' || isPastForm(tokens[detection.head]!) ||
    ['was', 'were'].includes(tokens[detection.first - 1]?.word ?? '');
  if (told && laterClauseResolves(utterance, detection.last)) return 'withdrawn';

  const clause = clauses[tokens[detection.first]!.clause]!;
  const verb = detection.code === 'switch_intent' ? 'switch' : 'cancel';
  if (clause.role === 'condition') {
    // "if I cancel, what happens?", "whether I can switch": exploring leaving, not announcing it.
    if (leaving) return { code: 'cancellation_inquiry', text: `Asks what happens if they ${verb}`, conditional: false };
    return detection.code === 'cancellation_inquiry' ? { code: detection.code, text: detection.text, conditional: false } : 'dropped';
  }
  if (leaving && clauseMentionsFee(utterance, clause.first, clause.last)) {
    return { code: 'cancellation_inquiry', text: `Asks what it costs to ${verb}`, conditional: false };
  }
  const conditional = clause.role === 'consequence' && leaving;
  const text = conditional ? threatText(detection) : detection.text;
  return { code: detection.code, text, conditional };
}

function clauseMentionsFee(utterance: Utterance, first: number, last: number): boolean {
  for (let i = first; i <= last; i++) {
    const token = utterance.tokens[i]!;
    // "charge" and "cost" as nouns or as the cost of leaving; "I can't pay" is no fee question.
    if (FEE_WORDS.has(token.word) && token.word !== 'policy' && token.word !== 'terms') return true;
  }
  return false;
}

function threatText(detection: Detection): string {
  if (detection.code === 'cancel_intent') return 'Threatens to cancel';
  if (detection.text.startsWith('Wants to ')) return `Threatens to ${detection.text.slice('Wants to '.length)}`;
  return 'Threatens to switch provider';
}

/** "switched from Verizon", "cancelled her Comcast", "left AT&T": leaving a competitor, for us. */
function isBeingLeft(utterance: Utterance, mention: CompetitorMention): boolean {
  let i = mention.first - 1;
  while (i >= 0 && POSSESSIVES.has(utterance.tokens[i]!.word)) i--;
  const before = utterance.tokens[i];
  if (before === undefined || before.clause !== utterance.tokens[mention.first]!.clause) return false;
  return before.word === 'from' || LEAVING_A_COMPETITOR_VERBS.has(before.lemma);
}

function competitorIn(detection: Detection, competitorByToken: ReadonlyMap<number, string>): string | undefined {
  for (let i = detection.first; i <= detection.last; i++) {
    const name = competitorByToken.get(i);
    if (name !== undefined) return name;
  }
  return undefined;
}

function triggerOf(utterance: Utterance, first: number, last: number): SignalTrigger {
  const start = utterance.tokens[first]!.start;
  const end = utterance.tokens[last]!.end;
  return { words: utterance.text.slice(start, end), start, end };
}

function keepStrongestPerCode(signals: DefectionSignal[]): DefectionSignal[] {
  const byKey = new Map<string, DefectionSignal>();
  for (const signal of signals) {
    const key = signal.code === 'competitor_named' ? `${signal.code}:${signal.competitor ?? ''}` : signal.code;
    const kept = byKey.get(key);
    if (kept === undefined || signal.weight > kept.weight || (signal.weight === kept.weight && signal.trigger.start < kept.trigger.start)) {
      byKey.set(key, signal);
    }
  }
  return [...byKey.values()];
}

