import type { ChurnRisk, LiveSignal } from '../../shared/interactions';
import { CUSTOMER_CONTACT_TYPES, type EventType } from '../../shared/timeline';
import type { Database } from '../db/database';
import { sqlDate } from '../db/bulk';
import { placeholders, readDate, readJson } from '../db/raw-values';
import type { RiskScorer } from '../interactions/interactions';
import type { CustomerAttributes } from './encoding';
import type { ChurnModel } from './model';
import { scoreChurnRisk, type RiskThresholds } from './score';

const DAY_MS = 86_400_000;
/** The history signals look back at most 180 days; a year also catches complaints opened earlier and resolved inside the window. */
export const HISTORY_DAYS = 365;
export const HISTORY_TYPES: readonly EventType[] = [
  ...CUSTOMER_CONTACT_TYPES,
  'complaint.opened',
  'complaint.resolved',
  'billing.dispute_opened',
  'billing.dispute_resolved',
  'billing.price_change',
  'survey.nps',
];

/**
 * A profile that lacks most of the model's columns is scored as an average customer: encoding
 * them all as "missing" would read the training table's blanks into it (on telco, a blank
 * TotalCharges means a brand-new customer who never churned), a confident score from nothing.
 */
export function coversModel(attributes: Record<string, unknown>, model: ChurnModel): boolean {
  const present = model.columns.filter((column) => attributes[column.name] !== undefined && attributes[column.name] !== null).length;
  return present >= model.columns.length / 2;
}

/** How long a customer's profile and history are reused between turns before they are read again. */
const CONTEXT_FRESH_MS = 10_000;
/** Above this many cached customers, those not read within the freshness window are dropped. */
const MAX_CACHED_CONTEXTS = 2_000;

interface RiskContext {
  attributes: CustomerAttributes | null;
  history: { type: EventType; occurredAt: Date; data: Record<string, unknown> }[];
}

/**
 * Live churn risk for the live loop: the churn model on the customer's profile, their timeline's
 * history signals, and the conversation's signals so far. A call scores every customer turn, so
 * the profile and history are read once and reused for CONTEXT_FRESH_MS; after that the next
 * turn is scored on what was read and a fresh read starts behind it, so an event ingested a
 * moment ago counts within seconds and no turn waits for the database.
 */
export function createRiskScorer(db: Database, model: ChurnModel, thresholds?: Partial<RiskThresholds>): RiskScorer {
  const contexts = new Map<string, { readAt: number; context: Promise<RiskContext> }>();

  const read = async (customerId: string): Promise<RiskContext> => {
    const since = new Date(Date.now() - HISTORY_DAYS * DAY_MS);
    const [[customer], history] = await Promise.all([
      db.query<{ attributes: unknown }>('SELECT "attributes" FROM "customers" WHERE "id" = $1', [customerId]),
      db.query<{ type: EventType; occurredAt: unknown; data: unknown }>(
        `SELECT "type", "occurred_at" AS "occurredAt", "data" FROM "timeline_events"
         WHERE "customer_id" = $1 AND "occurred_at" >= $2 AND "type" IN (${placeholders(3, HISTORY_TYPES.length)})
         ORDER BY "occurred_at" DESC LIMIT 500`,
        [customerId, sqlDate(db, since), ...HISTORY_TYPES],
      ),
    ]);
    const attributes = customer ? readJson<Record<string, unknown>>(customer.attributes) : null;
    return {
      attributes: attributes && coversModel(attributes, model) ? (attributes as CustomerAttributes) : null,
      history: history.map((event) => ({ type: event.type, occurredAt: readDate(event.occurredAt), data: readJson<Record<string, unknown>>(event.data) })),
    };
  };

  const contextOf = (customerId: string): Promise<RiskContext> => {
    const now = Date.now();
    const cached = contexts.get(customerId);
    if (cached && now - cached.readAt < CONTEXT_FRESH_MS) return cached.context;
    if (contexts.size >= MAX_CACHED_CONTEXTS) {
      for (const [id, entry] of contexts) if (now - entry.readAt >= CONTEXT_FRESH_MS) contexts.delete(id);
    }
    const fresh = read(customerId);
    fresh.catch(() => contexts.delete(customerId));
    contexts.set(customerId, { readAt: now, context: fresh });
    // Stale but already read: score on it while the fresh read runs.
    return cached ? cached.context : fresh;
  };

  return {
    async scoreRisk(customerId: string, liveSignals: readonly LiveSignal[]): Promise<ChurnRisk> {
      const { attributes, history } = await contextOf(customerId);
      const risk = scoreChurnRisk({
        model,
        attributes,
        history,
        liveSignals: liveSignals.map(({ code, text, weight }) => ({ code, text, weight })),
        now: new Date(),
        thresholds,
      });
      return {
        score: risk.score,
        level: risk.level,
        reasons: risk.reasons.map(({ code, text, weight }) => ({ code, text, weight })),
        model: risk.model,
      };
    },
  };
}
