/**
 * Churn signals from a customer's own timeline. The profile model (trained on a snapshot table)
 * cannot see what happened to the customer lately; these named signals add it, each as a fixed
 * log-odds weight on top of the model's calibrated log-odds.
 *
 * The weights are PRIORS, not learned: neither the telco data nor any table we have joins
 * profiles to timelines and outcomes. They are set on the scale of what the model learned from
 * the profile (on telco, a month-to-month contract adds about +0.7 to the average customer's
 * log-odds, a first-year tenure about +0.9, a two-year contract −1.1), so a signal is never
 * worth more than the strongest profile fact; +0.7 roughly doubles the odds (e^0.7 ≈ 2.0),
 * +0.35 multiplies them by 1.4. Once saved/lost outcomes are logged, they can be re-estimated by
 * a logistic regression on the signal indicators with the model's log-odds as an offset.
 */
import { CUSTOMER_CONTACT_TYPES, type EventType } from '../../shared/timeline';

/** One timeline event, as `shared/timeline.ts` has them (a `TimelineEvent` fits). Types this layer does not know are ignored. */
export interface HistoryEvent {
  type: EventType | (string & {});
  occurredAt: string | Date;
  data?: Readonly<Record<string, unknown>> | null;
}

/** A named reason with its log-odds weight: history signals, live conversation signals, model attributes. */
export interface RiskSignal {
  code: string;
  text: string;
  weight: number;
}

const DAY_MS = 86_400_000;

/** Every weight and window in one place, so the documentation and the code cannot drift. */
export const HISTORY_SIGNAL_RULES = {
  /**
   * A complaint opened and not resolved (no complaint.resolved with its complaintId): the
   * customer is waiting on us right now, the classic trigger for leaving. ≈ doubles the odds.
   * Opened more than 180 days ago and still "open" is more likely a resolution the CRM never
   * sent than a live grievance, so it no longer counts.
   */
  complaintOpen: { code: 'complaint_open', weight: 0.7, withinDays: 180 },
  /** A complaint opened in the last 30 days and since resolved: the dissatisfaction is recent, the fix may not have won them back. ×1.4 odds. */
  complaintRecent: { code: 'complaint_recent', weight: 0.35, withinDays: 30 },
  /**
   * Repeat contacts: 3 or more customer-initiated contacts (CUSTOMER_CONTACT_TYPES) in 10 days
   * means an issue not solved at first contact; 5 or more, a customer chasing us. 0.5 (×1.65
   * odds) and 0.8 (×2.2).
   */
  repeatContacts: { code: 'repeat_contacts', weight: 0.5, heavyWeight: 0.8, minContacts: 3, heavyContacts: 5, windowDays: 10 },
  /**
   * Detractor NPS: the customer's latest NPS answer (within 180 days) is 0–6 — Reichheld's
   * "detractor" band. 0–3 is an angry customer (0.6), 4–6 an unhappy one (0.35). A later
   * promoter or passive answer replaces an earlier detractor one.
   */
  npsDetractor: { code: 'nps_detractor', weight: 0.6, mildWeight: 0.35, angryAtMost: 3, detractorAtMost: 6, withinDays: 180 },
  /** A billing dispute opened with no billing.dispute_resolved for its disputeId (within 180 days): money in contention. ×1.8 odds. */
  billingDisputeOpen: { code: 'billing_dispute_open', weight: 0.6, withinDays: 180 },
  /**
   * A price rise (billing.price_change with newAmount > oldAmount, or no amounts) that took or
   * takes effect within the last 90 days — the notice and the first bills at the new price are
   * when customers shop around; the window runs from the effective date when one is given. ×1.5.
   */
  priceRise: { code: 'price_rise_recent', weight: 0.4, withinDays: 90 },
} as const;

/**
 * A competitor named (live, or by a detector over recent text): the customer is comparing
 * offers, the strongest single signal we accept (×2.5 odds). The live detector reports it
 * through `competitorMentionSignal` so the weight stays documented here.
 */
export const COMPETITOR_MENTION = { code: 'competitor_mention', weight: 0.9 } as const;

export function competitorMentionSignal(competitor?: string): RiskSignal {
  return {
    code: COMPETITOR_MENTION.code,
    text: competitor ? `Mentioned competitor ${competitor}` : 'Mentioned a competitor',
    weight: COMPETITOR_MENTION.weight,
  };
}

function timeOf(value: string | Date): number {
  return value instanceof Date ? value.getTime() : Date.parse(value);
}

function stringField(data: HistoryEvent['data'], key: string): string | null {
  const value = data?.[key];
  return typeof value === 'string' && value.length > 0 ? value : typeof value === 'number' ? String(value) : null;
}

function numberField(data: HistoryEvent['data'], key: string): number | null {
  const value = data?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;
const money = (amount: number): string => `$${amount.toFixed(amount % 1 === 0 ? 0 : 2)}`;
const daysAgo = (ms: number): string => {
  const days = Math.floor(ms / DAY_MS);
  return days <= 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`;
};

/** The history signals that apply at `now`, strongest first. Events after `now` are ignored. */
export function detectHistorySignals(history: readonly HistoryEvent[], now: Date): RiskSignal[] {
  const nowMs = now.getTime();
  const events = history
    .map((event) => ({ event, at: timeOf(event.occurredAt) }))
    .filter(({ at }) => Number.isFinite(at) && at <= nowMs)
    .sort((a, b) => a.at - b.at);
  const within = (at: number, days: number): boolean => nowMs - at <= days * DAY_MS;
  const signals: RiskSignal[] = [];
  const rules = HISTORY_SIGNAL_RULES;

  // Complaints: open (never resolved) vs recent and resolved.
  const resolvedComplaints = new Set(events.filter(({ event }) => event.type === 'complaint.resolved').map(({ event }) => stringField(event.data, 'complaintId')));
  const openComplaints: number[] = [];
  const recentResolved: number[] = [];
  for (const { event, at } of events) {
    if (event.type !== 'complaint.opened') continue;
    const id = stringField(event.data, 'complaintId');
    if (id !== null && !resolvedComplaints.has(id) && within(at, rules.complaintOpen.withinDays)) openComplaints.push(at);
    else if (within(at, rules.complaintRecent.withinDays)) recentResolved.push(at);
  }
  if (openComplaints.length > 0) {
    const oldest = nowMs - openComplaints[0]!;
    signals.push({
      code: rules.complaintOpen.code,
      weight: rules.complaintOpen.weight,
      text: openComplaints.length === 1 ? `Open complaint, raised ${daysAgo(oldest)}` : `${openComplaints.length} open complaints, oldest raised ${daysAgo(oldest)}`,
    });
  }
  if (recentResolved.length > 0) {
    signals.push({
      code: rules.complaintRecent.code,
      weight: rules.complaintRecent.weight,
      text: recentResolved.length === 1 ? `Complaint ${daysAgo(nowMs - recentResolved[0]!)}` : `${recentResolved.length} complaints in the last ${rules.complaintRecent.withinDays} days`,
    });
  }

  // Repeat contacts in a short window.
  const contacts = events.filter(({ event, at }) => CUSTOMER_CONTACT_TYPES.includes(event.type as EventType) && within(at, rules.repeatContacts.windowDays)).length;
  if (contacts >= rules.repeatContacts.minContacts) {
    signals.push({
      code: rules.repeatContacts.code,
      weight: contacts >= rules.repeatContacts.heavyContacts ? rules.repeatContacts.heavyWeight : rules.repeatContacts.weight,
      text: `${contacts} contacts in ${rules.repeatContacts.windowDays} days`,
    });
  }

  // The latest NPS answer.
  const lastNps = events.filter(({ event }) => event.type === 'survey.nps' && numberField(event.data, 'score') !== null).at(-1);
  if (lastNps && within(lastNps.at, rules.npsDetractor.withinDays)) {
    const score = numberField(lastNps.event.data, 'score')!;
    if (score <= rules.npsDetractor.detractorAtMost) {
      signals.push({
        code: rules.npsDetractor.code,
        weight: score <= rules.npsDetractor.angryAtMost ? rules.npsDetractor.weight : rules.npsDetractor.mildWeight,
        text: `Last NPS ${score}`,
      });
    }
  }

  // Billing disputes with no resolution.
  const resolvedDisputes = new Set(events.filter(({ event }) => event.type === 'billing.dispute_resolved').map(({ event }) => stringField(event.data, 'disputeId')));
  const openDisputes = events.filter(({ event, at }) => {
    if (event.type !== 'billing.dispute_opened') return false;
    const id = stringField(event.data, 'disputeId');
    return id !== null && !resolvedDisputes.has(id) && within(at, rules.billingDisputeOpen.withinDays);
  });
  if (openDisputes.length > 0) {
    const amount = openDisputes.length === 1 ? numberField(openDisputes[0]!.event.data, 'amount') : null;
    signals.push({
      code: rules.billingDisputeOpen.code,
      weight: rules.billingDisputeOpen.weight,
      text: openDisputes.length === 1 ? `Unresolved billing dispute${amount !== null ? ` (${money(amount)})` : ''}` : `${plural(openDisputes.length, 'unresolved billing dispute')}`,
    });
  }

  // The latest price rise, counted from when it takes effect.
  const rise = events
    .filter(({ event }) => {
      if (event.type !== 'billing.price_change') return false;
      const before = numberField(event.data, 'oldAmount');
      const after = numberField(event.data, 'newAmount');
      return before === null || after === null || after > before;
    })
    .map(({ event, at }) => {
      const effective = Date.parse(stringField(event.data, 'effectiveDate') ?? '');
      return { event, at, from: Number.isFinite(effective) ? Math.max(at, effective) : at };
    })
    .filter(({ from }) => nowMs - from <= rules.priceRise.withinDays * DAY_MS)
    .at(-1);
  if (rise) {
    const before = numberField(rise.event.data, 'oldAmount');
    const after = numberField(rise.event.data, 'newAmount');
    const amounts = before !== null && after !== null ? ` from ${money(before)} to ${money(after)}` : '';
    const effectiveDays = Math.floor((nowMs - rise.from) / DAY_MS);
    const when =
      rise.from > nowMs
        ? `notified ${daysAgo(nowMs - rise.at)}, not yet in effect`
        : rise.from > rise.at
          ? effectiveDays === 0 ? 'in effect from today' : `in effect for ${plural(effectiveDays, 'day')}`
          : `notified ${daysAgo(nowMs - rise.at)}`;
    signals.push({ code: rules.priceRise.code, weight: rules.priceRise.weight, text: `Price rise${amounts} (${when})` });
  }

  return signals.sort((a, b) => b.weight - a.weight);
}
