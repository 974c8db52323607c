import { Op } from 'sequelize';
import type { CountryCode } from 'libphonenumber-js';
import type { CustomerDetail, CustomerListItem, CustomerSummary, SurveyScore } from '../../shared/customers';
import { CUSTOMER_CONTACT_TYPES, IDENTITY_KINDS, type EventType, type Identity } from '../../shared/timeline';
import type { Database } from '../db/database';
import { sqlDate } from '../db/bulk';
import { placeholders, readDate, readJson } from '../db/raw-values';
import type { IdentityRow } from '../db/models';
import { normalizeIdentity } from '../identity/normalize';

const DAY_MS = 24 * 60 * 60 * 1000;

const toIdentity = (row: IdentityRow): Identity => ({ kind: row.kind, value: row.value });

/**
 * Finds customers by what an agent has at hand: a phone number in any format, an email, an
 * account number or handle (exact, after normalising), or a name (any word starting with q).
 * Exact identity matches come first.
 */
export async function searchCustomers(db: Database, q: string, limit: number, region: CountryCode): Promise<CustomerListItem[]> {
  const candidates = IDENTITY_KINDS.flatMap((kind) => {
    const normalized = normalizeIdentity(kind, q, region);
    return normalized.ok ? [{ kind, value: normalized.value }] : [];
  });
  const identityMatches = await db.models.Identity.findAll({
    attributes: ['customerId'],
    where: { [Op.or]: candidates },
    limit,
  });
  const ids = [...new Set(identityMatches.map((row) => row.customerId))];

  // LIKE wildcards typed by a user are dropped rather than escaped: SQLite has no default escape character.
  const term = q.toLowerCase().replace(/[%_\\]/g, '');
  if (ids.length < limit) {
    const byName = await db.models.Customer.findAll({
      attributes: ['id'],
      where: { nameSearch: { [Op.like]: `% ${term}%` }, ...(ids.length ? { id: { [Op.notIn]: ids } } : {}) },
      order: [['name', 'ASC']],
      limit: limit - ids.length,
    });
    ids.push(...byName.map((row) => row.id));
  }
  if (ids.length === 0) return [];

  const [customers, identities] = await Promise.all([
    db.models.Customer.findAll({ where: { id: { [Op.in]: ids } } }),
    db.models.Identity.findAll({ where: { customerId: { [Op.in]: ids } }, order: [['kind', 'ASC']] }),
  ]);
  const byId = new Map(customers.map((c) => [c.id, c]));
  return ids.flatMap((id) => {
    const customer = byId.get(id);
    if (!customer) return [];
    return [{ id, name: customer.name, identities: identities.filter((i) => i.customerId === id).map(toIdentity) }];
  });
}

export async function getCustomer(db: Database, id: string, now = new Date()): Promise<CustomerDetail | null> {
  // Plain statements: every screen pop makes these reads.
  const [[customer], identities, summary] = await Promise.all([
    db.query<{ id: string; name: string | null; attributes: unknown; createdAt: unknown }>(
      'SELECT "id", "name", "attributes", "created_at" AS "createdAt" FROM "customers" WHERE "id" = $1',
      [id],
    ),
    db.query<Identity>('SELECT "kind", "value" FROM "identities" WHERE "customer_id" = $1 ORDER BY "kind" ASC, "value" ASC', [id]),
    summarizeCustomer(db, id, now),
  ]);
  if (!customer) return null;
  return {
    id: customer.id,
    name: customer.name,
    attributes: readJson<CustomerDetail['attributes']>(customer.attributes),
    identities,
    createdAt: readDate(customer.createdAt).toISOString(),
    summary,
  };
}

const SURVEY_TYPES = ['survey.nps', 'survey.csat', 'survey.ces'] as const;
const COMPLAINT_TYPES = ['complaint.opened', 'complaint.resolved'] as const;

/** One read of the events the summary counts: every screen pop shows it, so it is asked once, not once per figure. */
async function summarizeCustomer(db: Database, customerId: string, now: Date): Promise<CustomerSummary> {
  const contactTypes = placeholders(4, CUSTOMER_CONTACT_TYPES.length);
  const otherTypes = placeholders(4 + CUSTOMER_CONTACT_TYPES.length, SURVEY_TYPES.length + COMPLAINT_TYPES.length);
  const events = await db.query<{ type: EventType; occurredAt: unknown; data: unknown }>(
    `SELECT "type", "occurred_at" AS "occurredAt", "data" FROM "timeline_events"
     WHERE "customer_id" = $1 AND (("type" IN (${contactTypes}) AND "occurred_at" >= $2 AND "occurred_at" <= $3) OR "type" IN (${otherTypes}))
     ORDER BY "occurred_at" DESC`,
    [customerId, sqlDate(db, new Date(now.getTime() - 30 * DAY_MS)), sqlDate(db, now), ...CUSTOMER_CONTACT_TYPES, ...SURVEY_TYPES, ...COMPLAINT_TYPES],
  );
  const lastScore = (type: EventType): SurveyScore | null => {
    const row = events.find((event) => event.type === type);
    return row ? { score: Number(readJson<Record<string, unknown>>(row.data).score), at: readDate(row.occurredAt).toISOString() } : null;
  };
  const open = new Set<string>();
  const resolved = new Set<string>();
  for (const event of events) {
    if (event.type === 'complaint.opened') open.add(String(readJson<Record<string, unknown>>(event.data).complaintId));
    if (event.type === 'complaint.resolved') resolved.add(String(readJson<Record<string, unknown>>(event.data).complaintId));
  }
  return {
    contactsLast30Days: events.filter((event) => CUSTOMER_CONTACT_TYPES.includes(event.type)).length,
    lastNps: lastScore('survey.nps'),
    lastCsat: lastScore('survey.csat'),
    lastCes: lastScore('survey.ces'),
    openComplaints: [...open].filter((complaintId) => !resolved.has(complaintId)).length,
  };
}
