import { Op } from 'sequelize';
import type { CustomerValue, OutreachOutcome, WorklistItem, WorklistPage, WorklistQuery } from '../../shared/retention';
import type { ProfileAttributes } from '../../shared/customers';
import type { Database } from '../db/database';
import type { CustomerRow } from '../db/models';
import type { Logger } from '../logger';
import type { CustomerAttributes } from '../risk/encoding';
import type { HistoryEvent } from '../risk/history-signals';
import { coversModel, HISTORY_DAYS, HISTORY_TYPES } from '../risk/live-risk';
import type { ChurnModel } from '../risk/model';
import { scoreChurnRisk, type RiskThresholds } from '../risk/score';

const DAY_MS = 86_400_000;
/** Customers scored per database round trip; the event loop gets a turn between batches. */
const BATCH = 250;
/** As the live scorer: the newest 500 history events of a customer are plenty for every signal. */
const HISTORY_PER_CUSTOMER = 500;
/** Scores are recomputed this often; live contacts and outreach are read fresh on every request. */
export const DEFAULT_SCORE_TTL_MS = 5 * 60 * 1000;

/**
 * How long a customer stays off the list after an outreach. Someone reached (saved or not) has
 * heard the offer: a month before calling again. No answer or a voicemail is worth another
 * try the next day.
 */
export const OUTREACH_COOLDOWN_DAYS: Readonly<Record<OutreachOutcome, number>> = {
  reached_saved: 30,
  reached_declined: 30,
  no_answer: 1,
  left_message: 1,
};
/** A retention outcome on a call or chat (saved or lost) counts as being reached. */
const RETENTION_OUTCOME_COOLDOWN_DAYS = 30;
/** How far back the last outreach is shown on a row. */
const LAST_OUTREACH_DAYS = 90;

/**
 * The profile attributes read as monthly recurring revenue, compared without case or
 * punctuation: telco's `MonthlyCharges`, and the usual CRM names for the same figure.
 */
const MONTHLY_KEYS = ['monthlycharges', 'monthlycharge', 'monthlyrevenue', 'monthlyspend', 'mrr', 'arpu'];
/** Lifetime figures divided by tenure in months when no monthly figure is there. */
const LIFETIME_KEYS = ['totalcharges', 'lifetimevalue', 'ltv', 'totalrevenue'];
const TENURE_KEYS = ['tenure', 'tenuremonths'];

interface ScoredCustomer {
  id: string;
  name: string | null;
  score: number;
  level: 'high';
  reasons: { code: string; text: string; weight: number }[];
  monthly: number | null;
  basis: string;
}

interface Snapshot {
  scoredAt: Date;
  /** High-risk customers, by priority, value already settled (median for unknown). */
  items: Omit<WorklistItem, 'lastOutreach'>[];
}

/**
 * The retention desk's proactive list: customers at high churn risk who are not in contact
 * with us right now, most valuable risk first.
 *
 * Priority = churn score × annual value, the revenue expected to leave within a year if
 * nobody calls. Annual value is 12 × monthly recurring revenue from the profile (see
 * `customerValueOf`); where the profile has no such figure, the median of the customers who
 * do stands in, so those customers rank by their risk against an ordinary customer's value
 * rather than dropping to the bottom or jumping to the top.
 *
 * Scoring every customer (profile model + timeline history, as the live scorer does) takes
 * seconds on a large book, so scores are a snapshot kept for `ttlMs` and recomputed in the
 * background; who is on a live contact and who was just called are read on every request.
 */
export class RetentionWorklist {
  private snapshot: Snapshot | null = null;
  private refreshing: Promise<Snapshot> | null = null;

  constructor(
    private readonly db: Database,
    private readonly model: ChurnModel,
    private readonly options: { thresholds?: Partial<RiskThresholds>; ttlMs?: number; logger?: Logger } = {},
  ) {}

  async page({ page, limit }: WorklistQuery, now = new Date()): Promise<WorklistPage> {
    const snapshot = await this.currentSnapshot(now);
    const [live, recent] = await Promise.all([this.customersOnLiveContact(), this.recentContacts(now)]);
    const open = snapshot.items.filter((item) => !live.has(item.customer.id) && !recent.cooling.has(item.customer.id));
    const start = (page - 1) * limit;
    return {
      items: open.slice(start, start + limit).map((item) => ({ ...item, lastOutreach: recent.last.get(item.customer.id) ?? null })),
      page,
      limit,
      total: open.length,
      scoredAt: snapshot.scoredAt.toISOString(),
    };
  }

  /** Scores again now (the next request waits for it); for tests and after a bulk import. */
  async refresh(now = new Date()): Promise<void> {
    this.snapshot = await this.startRefresh(now);
  }

  private async currentSnapshot(now: Date): Promise<Snapshot> {
    const ttl = this.options.ttlMs ?? DEFAULT_SCORE_TTL_MS;
    if (!this.snapshot) return (this.snapshot = await this.startRefresh(now));
    if (now.getTime() - this.snapshot.scoredAt.getTime() >= ttl) {
      // Stale: answer with the scores at hand and let the next request see the new ones.
      void this.startRefresh(now)
        .then((fresh) => (this.snapshot = fresh))
        .catch((error: unknown) => this.options.logger?.error({ err: error }, 'could not rescore the retention worklist'));
    }
    return this.snapshot;
  }

  private startRefresh(now: Date): Promise<Snapshot> {
    this.refreshing ??= scoreHighRiskCustomers(this.db, this.model, now, this.options.thresholds).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async customersOnLiveContact(): Promise<Set<string>> {
    const rows = await this.db.models.Interaction.findAll({
      attributes: ['customerId'],
      where: { state: { [Op.in]: ['queued', 'assigned', 'active'] } },
    });
    return new Set(rows.map((row) => row.customerId));
  }

  /** Who was reached or tried lately (off the list while cooling down), and each customer's last outreach. */
  private async recentContacts(now: Date): Promise<{ cooling: Set<string>; last: Map<string, { at: string; outcome: OutreachOutcome }> }> {
    const since = (days: number) => new Date(now.getTime() - days * DAY_MS);
    const [outreach, outcomes] = await Promise.all([
      this.db.models.TimelineEvent.findAll({
        attributes: ['customerId', 'occurredAt', 'data'],
        where: { type: 'retention.outreach', occurredAt: { [Op.gte]: since(LAST_OUTREACH_DAYS) } },
        order: [['occurredAt', 'ASC']],
      }),
      this.db.models.TimelineEvent.findAll({
        attributes: ['customerId', 'data'],
        where: { type: 'outcome.recorded', occurredAt: { [Op.gte]: since(RETENTION_OUTCOME_COOLDOWN_DAYS) } },
      }),
    ]);
    const cooling = new Set<string>();
    const last = new Map<string, { at: string; outcome: OutreachOutcome }>();
    for (const event of outreach) {
      const outcome = event.data.outcome as OutreachOutcome;
      last.set(event.customerId, { at: event.occurredAt.toISOString(), outcome });
      const days = OUTREACH_COOLDOWN_DAYS[outcome] ?? 1;
      if (event.occurredAt.getTime() >= since(days).getTime()) cooling.add(event.customerId);
    }
    for (const event of outcomes) if (typeof event.data.saved === 'boolean') cooling.add(event.customerId);
    return { cooling, last };
  }
}

/** Every customer scored as the live loop scores them, keeping the high ones, ranked by priority. */
export async function scoreHighRiskCustomers(db: Database, model: ChurnModel, now: Date, thresholds?: Partial<RiskThresholds>): Promise<Snapshot> {
  const high: ScoredCustomer[] = [];
  const from = new Date(now.getTime() - HISTORY_DAYS * DAY_MS);
  let after: string | null = null;
  for (;;) {
    const customers: CustomerRow[] = await db.models.Customer.findAll({
      attributes: ['id', 'name', 'attributes'],
      where: after ? { id: { [Op.gt]: after } } : {},
      order: [['id', 'ASC']],
      limit: BATCH,
    });
    if (customers.length === 0) break;
    after = customers.at(-1)!.id;
    const events = await db.models.TimelineEvent.findAll({
      attributes: ['customerId', 'type', 'occurredAt', 'data'],
      where: { customerId: { [Op.in]: customers.map((c) => c.id) }, type: { [Op.in]: [...HISTORY_TYPES] }, occurredAt: { [Op.gte]: from } },
      order: [['occurredAt', 'DESC']],
    });
    const history = new Map<string, HistoryEvent[]>();
    for (const event of events) {
      const list = history.get(event.customerId) ?? [];
      if (list.length < HISTORY_PER_CUSTOMER) list.push({ type: event.type, occurredAt: event.occurredAt, data: event.data });
      history.set(event.customerId, list);
    }
    for (const customer of customers) {
      const attributes = coversModel(customer.attributes, model) ? (customer.attributes as CustomerAttributes) : null;
      const risk = scoreChurnRisk({ model, attributes, history: history.get(customer.id) ?? [], now, thresholds, maxReasons: 3 });
      if (risk.level !== 'high') continue;
      const { monthly, basis } = monthlyValueOf(customer.attributes);
      high.push({
        id: customer.id,
        name: customer.name,
        score: risk.score,
        level: 'high',
        reasons: risk.reasons.map(({ code, text, weight }) => ({ code, text, weight })),
        monthly,
        basis,
      });
    }
    // Scoring is CPU work: let sockets and requests through between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const known = high.flatMap((c) => (c.monthly === null ? [] : [c.monthly])).sort((a, b) => a - b);
  const medianMonthly = known.length > 0 ? known[Math.floor(known.length / 2)]! : 0;
  const items = high.map((c) => {
    const value: CustomerValue = {
      monthly: c.monthly,
      annual: round2(12 * (c.monthly ?? medianMonthly)),
      basis: c.monthly === null ? 'median' : c.basis,
    };
    return {
      customer: { id: c.id, name: c.name },
      risk: { score: c.score, level: c.level, reasons: c.reasons },
      value,
      priority: round2(c.score * value.annual),
    };
  });
  // Equal priorities (unknown values) fall back to the higher risk, then a stable order.
  items.sort((a, b) => b.priority - a.priority || b.risk.score - a.risk.score || (a.customer.id < b.customer.id ? -1 : 1));
  return { scoredAt: now, items };
}

/** Monthly recurring revenue from the profile, and the attribute it came from; null when it does not say. */
export function monthlyValueOf(attributes: ProfileAttributes): { monthly: number | null; basis: string } {
  const byKey = new Map(Object.entries(attributes).map(([key, value]) => [key.toLowerCase().replace(/[^a-z0-9]/g, ''), { key, value: toNumber(value) }]));
  for (const name of MONTHLY_KEYS) {
    const found = byKey.get(name);
    if (found?.value !== undefined && found.value >= 0) return { monthly: round2(found.value), basis: found.key };
  }
  const tenure = TENURE_KEYS.map((name) => byKey.get(name)).find((found) => found?.value !== undefined && found.value > 0);
  for (const name of LIFETIME_KEYS) {
    const found = byKey.get(name);
    if (found?.value !== undefined && found.value >= 0 && tenure?.value) return { monthly: round2(found.value / tenure.value), basis: `${found.key} / ${tenure.key}` };
  }
  return { monthly: null, basis: 'median' };
}

function toNumber(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(number) ? number : undefined;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
