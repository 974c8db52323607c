import { z } from 'zod';
import { INTERACTION_CHANNELS } from './interactions';

export const ACTION_CATEGORIES = ['retention', 'service', 'sales', 'education'] as const;
export type ActionCategory = (typeof ACTION_CATEGORIES)[number];

export const ACTION_RESPONSES = ['accepted', 'declined'] as const;
export type ActionResponse = (typeof ACTION_RESPONSES)[number];

/** Why a customer said no: the list the agent picks from, so declines can be counted and learned from. */
export const DECLINE_REASONS = [
  'too_expensive',
  'not_interested',
  'already_has_it',
  'not_relevant_now',
  'needs_to_think',
  'customer_upset',
  'other',
] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export const DECLINE_REASON_TEXT: Record<DeclineReason, string> = {
  too_expensive: 'too expensive',
  not_interested: 'not interested',
  already_has_it: 'already has it',
  not_relevant_now: 'not relevant now',
  needs_to_think: 'wants to think about it',
  customer_upset: 'customer too upset',
  other: 'other reason',
};

/** Which arm of the uplift experiment ranked an interaction's actions. */
export const NBA_ARMS = ['learned', 'holdout'] as const;
export type NbaArm = (typeof NBA_ARMS)[number];

// --- Eligibility rules ----------------------------------------------------------------------

/**
 * The facts an eligibility rule can test, with their type. The server builds them for every
 * interaction from the live risk, the conversation and the customer's profile.
 */
export const ELIGIBILITY_FACTS = {
  'risk.level': 'string',
  'risk.score': 'number',
  /** Codes of the churn-risk reasons, e.g. `billing_dispute_open`, `profile.Contract`. */
  'risk.reasons': 'list',
  /** Live signal codes detected in this conversation: `cancel_intent`, `price_complaint`, ... */
  intents: 'list',
  /** Rolling customer sentiment, −1..1; 0 before the customer has spoken. */
  sentiment: 'number',
  channel: 'string',
  segment: 'string',
  tenureMonths: 'number',
  contract: 'string',
  internet: 'string',
  /** Subscribed services: phone, multiple_lines, internet, online_security, online_backup, device_protection, tech_support, streaming_tv, streaming_movies. */
  services: 'list',
  monthlyCharges: 'number',
  paymentMethod: 'string',
  paperlessBilling: 'boolean',
  seniorCitizen: 'boolean',
  /** Action keys offered to this customer in the last 30 days. */
  recentOffers: 'list',
  openComplaints: 'number',
  lastNps: 'number',
} as const;
export type EligibilityFact = keyof typeof ELIGIBILITY_FACTS;
type FactType = (typeof ELIGIBILITY_FACTS)[EligibilityFact];

/** Operators per fact type: a rule that compares a list with `gt` is refused on save. */
const OPERATORS_BY_TYPE: Record<FactType, readonly string[]> = {
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'exists'],
  string: ['eq', 'neq', 'in', 'nin', 'exists'],
  boolean: ['eq', 'exists'],
  list: ['includes', 'excludes', 'includesAny', 'includesNone', 'exists'],
};
export const RULE_OPERATORS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'includes', 'excludes', 'includesAny', 'includesNone', 'exists'] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

export interface Condition {
  fact: EligibilityFact;
  op: RuleOperator;
  value?: string | number | boolean | (string | number)[];
}
/** `{all: []}` is always true: an action for everyone. */
export type EligibilityRule = { all: EligibilityRule[] } | { any: EligibilityRule[] } | { not: EligibilityRule } | Condition;

const factName = z.enum(Object.keys(ELIGIBILITY_FACTS) as [EligibilityFact, ...EligibilityFact[]]);
const scalar = z.union([z.string().max(200), z.number(), z.boolean()]);

const conditionSchema = z
  .strictObject({ fact: factName, op: z.enum(RULE_OPERATORS), value: z.union([scalar, z.array(z.union([z.string().max(200), z.number()])).max(100)]).optional() })
  .superRefine((condition, ctx) => {
    const type = ELIGIBILITY_FACTS[condition.fact];
    if (!OPERATORS_BY_TYPE[type].includes(condition.op)) {
      ctx.addIssue({ code: 'custom', path: ['op'], message: `${condition.fact} is a ${type}: use one of ${OPERATORS_BY_TYPE[type].join(', ')}` });
      return;
    }
    const { op, value } = condition;
    const fail = (expected: string) => ctx.addIssue({ code: 'custom', path: ['value'], message: `${op} on ${condition.fact} needs ${expected}` });
    if (op === 'exists') {
      if (value !== undefined && typeof value !== 'boolean') fail('true, false or no value');
    } else if (op === 'in' || op === 'nin' || op === 'includesAny' || op === 'includesNone') {
      if (!Array.isArray(value) || value.length === 0) fail('a non-empty list');
    } else if (type === 'number') {
      if (typeof value !== 'number') fail('a number');
    } else if (type === 'boolean') {
      if (typeof value !== 'boolean') fail('true or false');
    } else if (typeof value !== 'string') {
      fail('a string');
    }
  });

export const eligibilityRuleSchema: z.ZodType<EligibilityRule> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(eligibilityRuleSchema).max(50) }),
    z.strictObject({ any: z.array(eligibilityRuleSchema).min(1).max(50) }),
    z.strictObject({ not: eligibilityRuleSchema }),
    conditionSchema,
  ]),
);

// --- The catalog ----------------------------------------------------------------------------

const actionKey = z.string().trim().regex(/^[a-z0-9][a-z0-9_-]{1,63}$/, 'lower-case letters, digits, - and _, 2–64 characters');
/** Codes of live signals or risk reasons an action answers: a match lifts its context weight. */
const answersCode = z.string().trim().min(2).max(64);

const actionFields = {
  title: z.string().trim().min(3).max(120),
  category: z.enum(ACTION_CATEGORIES),
  script: z.string().trim().min(10).max(2000),
  channels: z.array(z.enum(INTERACTION_CHANNELS)).min(1).max(INTERACTION_CHANNELS.length),
  eligibility: eligibilityRuleSchema,
  /** What an accepted action is worth to the business, in the account's currency. */
  value: z.number().min(0).max(1_000_000),
  /** What it costs when accepted (the discount given, the truck roll). Priority uses value − cost. */
  cost: z.number().min(0).max(1_000_000),
  /** The business's own dial: 1 is neutral, 2 pushes the action, 0.5 holds it back. */
  lever: z.number().min(0).max(10),
  /** Only the best action of a group is shown at once (two price offers never compete on screen). */
  group: z.string().trim().min(1).max(64),
  answers: z.array(answersCode).max(20),
  maxPerCustomer30d: z.number().int().min(1).max(100),
  suppressDaysAfterDecline: z.number().int().min(0).max(365),
  active: z.boolean(),
};

export const createActionSchema = z.strictObject({
  key: actionKey,
  ...actionFields,
  lever: actionFields.lever.default(1),
  answers: actionFields.answers.default([]),
  maxPerCustomer30d: actionFields.maxPerCustomer30d.default(3),
  suppressDaysAfterDecline: actionFields.suppressDaysAfterDecline.default(14),
  active: actionFields.active.default(true),
});
export type CreateAction = z.infer<typeof createActionSchema>;

export const updateActionSchema = z
  .strictObject(actionFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'change at least one field' });
export type UpdateAction = z.infer<typeof updateActionSchema>;

export interface CatalogAction extends Required<CreateAction> {
  id: string;
  createdAt: string;
  updatedAt: string;
}

export interface CatalogResponse {
  actions: CatalogAction[];
}

// --- What the agent sees ------------------------------------------------------------------

export interface RankingFactors {
  /** Learned probability the customer accepts (for retention offers: accepts and stays), 0..1. */
  propensity: number;
  /** Responses the propensity was learned from, in this segment. */
  evidence: number;
  /** Value minus cost. */
  value: number;
  /** How much this moment calls for the action (a cancel intent lifts retention offers). */
  contextWeight: number;
  lever: number;
  priority: number;
}

export interface RankedAction {
  /** The offer: this action shown on this interaction. Responses refer to it. */
  offerId: string;
  actionId: string;
  key: string;
  title: string;
  category: ActionCategory;
  script: string;
  /** One line for the agent: why this action, now. */
  why: string;
  rank: number;
  factors: RankingFactors;
  response: ActionResponse | null;
  declineReason: DeclineReason | null;
}

export const actionRespondSchema = z
  .strictObject({
    interactionId: z.uuid(),
    actionId: z.uuid(),
    response: z.enum(ACTION_RESPONSES),
    reason: z.enum(DECLINE_REASONS).optional(),
    clientRequestId: z.string().min(8).max(64),
  })
  .refine((r) => r.response === 'accepted' || r.reason !== undefined, { message: 'give a reason when declining', path: ['reason'] });
export type ActionRespondRequest = z.infer<typeof actionRespondSchema>;

// --- Uplift -----------------------------------------------------------------------------------

export interface RateWithInterval {
  count: number;
  of: number;
  rate: number | null;
  /** 95% Wilson score interval. */
  low: number | null;
  high: number | null;
}

export interface ArmMetrics {
  offers: number;
  acceptance: RateWithInterval;
  /** Retention offers accepted that ended with the customer staying, over retention offers shown. */
  save: RateWithInterval;
}

export interface NbaMetricsRow {
  learned: ArmMetrics;
  holdout: ArmMetrics;
  /** Learned minus holdout acceptance rate, with a 95% interval (Newcombe's hybrid score method). */
  acceptanceUplift: { difference: number | null; low: number | null; high: number | null };
}

export interface NbaMetricsResponse {
  since: string | null;
  overall: NbaMetricsRow;
  actions: (NbaMetricsRow & { actionId: string; key: string; title: string })[];
}

export const nbaMetricsQuerySchema = z.object({ since: z.iso.datetime({ offset: true }).optional() });
