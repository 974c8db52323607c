import { Op } from 'sequelize';
import type { ChurnRisk, LiveSignal } from '../../shared/interactions';
import { CUSTOMER_CONTACT_TYPES, type EventType } from '../../shared/timeline';
import type { Database } from '../db/database';
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

/**
 * Live churn risk for the live loop: the churn model on the customer's profile, their timeline's
 * history signals, and the conversation's signals so far, read fresh at each call so an event
 * ingested a moment ago counts.
 */
export function createRiskScorer(db: Database, model: ChurnModel, thresholds?: Partial<RiskThresholds>): RiskScorer {
  return {
    async scoreRisk(customerId: string, liveSignals: readonly LiveSignal[]): Promise<ChurnRisk> {
      const now = new Date();
      const [customer, history] = await Promise.all([
        db.models.Customer.findByPk(customerId, { attributes: ['attributes'] }),
        db.models.TimelineEvent.findAll({
          attributes: ['type', 'occurredAt', 'data'],
          where: { customerId, type: { [Op.in]: [...HISTORY_TYPES] }, occurredAt: { [Op.gte]: new Date(now.getTime() - HISTORY_DAYS * DAY_MS) } },
          order: [['occurredAt', 'DESC']],
          limit: 500,
        }),
      ]);
      const attributes = customer && coversModel(customer.attributes, model) ? (customer.attributes as CustomerAttributes) : null;
      const risk = scoreChurnRisk({
        model,
        attributes,
        history: history.map((event) => ({ type: event.type, occurredAt: event.occurredAt, data: event.data })),
        liveSignals: liveSignals.map(({ code, text, weight }) => ({ code, text, weight })),
        now,
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
