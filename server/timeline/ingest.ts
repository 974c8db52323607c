import { randomUUID } from 'node:crypto';
import { Op, type CreationAttributes, type InferAttributes, type Transaction } from 'sequelize';
import type { CountryCode } from 'libphonenumber-js';
import type { z } from 'zod';
import { cueEventSchema, ingestEventSchema, type IngestEvent, type IngestResult, type ProfileInput } from '../../shared/ingest';
import type { Identity } from '../../shared/timeline';
import type { Database } from '../db/database';
import type { CustomerRow, IdentityRow, TimelineEventRow } from '../db/models';
import { identityKey, normalizeIdentity } from '../identity/normalize';
import { mergeProfile } from '../customers/profile';

export interface IngestOptions {
  defaultPhoneRegion: CountryCode;
  /** Cue's own events (interaction transitions, outcomes) may use the internal event types. */
  internal?: boolean;
}

interface ValidEvent {
  index: number;
  event: IngestEvent;
  identities: Identity[];
}

type NewCustomer = Pick<InferAttributes<CustomerRow>, 'id' | 'name' | 'nameSearch' | 'attributes'>;
type NewIdentity = CreationAttributes<IdentityRow>;
type NewEvent = CreationAttributes<TimelineEventRow>;

const CUE_SOURCE = 'cue';
const eventKey = (source: string, sourceEventId: string) => `${source}\u0000${sourceEventId}`;

/**
 * Validates a batch of timeline events and stores the valid ones, each on the customer its
 * identities resolve to. Returns one result per input, in input order. Bad items are rejected
 * with the path of the bad field and store nothing; an event already stored under the same
 * (source, sourceEventId) is a duplicate and changes nothing.
 */
export async function ingestEvents(db: Database, rawEvents: readonly unknown[], options: IngestOptions): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  const valid: ValidEvent[] = [];
  rawEvents.forEach((raw, index) => {
    const checked = validateEvent(raw, options.defaultPhoneRegion, options.internal ? cueEventSchema : ingestEventSchema);
    if ('error' in checked) results[index] = { index, status: 'rejected', error: checked.error };
    else valid.push({ index, ...checked });
  });
  if (valid.length === 0) return results;

  await db.write(async (transaction) => {
    if (db.dialect === 'postgres') {
      // Serialises identity resolution across server processes: two batches that both see a
      // phone as unknown must not both create a customer for it.
      await db.sequelize.query('SELECT pg_advisory_xact_lock(7343201)', { transaction });
    }
    const stored = await findStoredEvents(db, valid, transaction);
    const owners = await findIdentityOwners(db, valid, transaction);

    const newCustomers = new Map<string, NewCustomer>();
    const profileUpdates = new Map<string, ProfileInput>();
    const newIdentities: NewIdentity[] = [];
    const newEvents: NewEvent[] = [];
    const acceptedInBatch = new Map<string, { eventId: string; customerId: string }>();

    for (const { index, event, identities } of valid) {
      const key = eventKey(event.source, event.sourceEventId);
      const earlier = stored.get(key) ?? acceptedInBatch.get(key);
      if (earlier) {
        results[index] = { index, status: 'duplicate', ...earlier };
        continue;
      }

      const matched = [...new Set(identities.map((identity) => owners.get(identityKey(identity))).filter((id) => id !== undefined))];
      let customerId = matched[0];
      if (!customerId) {
        customerId = randomUUID();
        newCustomers.set(customerId, { id: customerId, name: null, nameSearch: null, attributes: {} });
      }
      for (const identity of identities) {
        if (owners.has(identityKey(identity))) continue;
        owners.set(identityKey(identity), customerId);
        newIdentities.push({ id: randomUUID(), customerId, ...identity });
      }

      const eventId = randomUUID();
      newEvents.push({
        id: eventId,
        customerId,
        source: event.source,
        sourceEventId: event.sourceEventId,
        occurredAt: new Date(event.occurredAt),
        channel: event.channel,
        type: event.type,
        summary: event.summary ?? null,
        data: event.data ?? {},
      });
      // Never merge silently: the event stays with the first match and both timelines say why.
      for (const otherId of matched.slice(1)) {
        const claimed = identities.filter((identity) => owners.get(identityKey(identity)) === otherId);
        newEvents.push(conflictEvent(customerId, otherId, eventId, event, claimed), conflictEvent(otherId, customerId, eventId, event, claimed));
      }
      if (event.customer.profile) {
        profileUpdates.set(customerId, mergeInput(profileUpdates.get(customerId), event.customer.profile));
      }
      acceptedInBatch.set(key, { eventId, customerId });
      results[index] = { index, status: 'accepted', eventId, customerId };
    }

    for (const [customerId, profile] of profileUpdates) {
      const created = newCustomers.get(customerId);
      if (created) Object.assign(created, mergeProfile(created, profile));
    }
    const { Customer, Identity: IdentityModel, TimelineEvent } = db.models;
    await Customer.bulkCreate([...newCustomers.values()], { transaction });
    await IdentityModel.bulkCreate(newIdentities, { transaction });
    await TimelineEvent.bulkCreate(newEvents, { transaction });
    await updateExistingProfiles(db, profileUpdates, newCustomers, transaction);
  });
  return results;
}

function validateEvent(
  raw: unknown,
  region: CountryCode,
  schema: typeof ingestEventSchema,
): Omit<ValidEvent, 'index'> | { error: { path: string; message: string } } {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { error: firstIssue(parsed.error) };
  const identities: Identity[] = [];
  const seen = new Set<string>();
  for (const [i, input] of parsed.data.customer.identities.entries()) {
    const normalized = normalizeIdentity(input.kind, input.value, region);
    if (!normalized.ok) return { error: { path: `customer.identities.${i}.value`, message: normalized.reason } };
    const identity = { kind: input.kind, value: normalized.value };
    if (seen.has(identityKey(identity))) continue;
    seen.add(identityKey(identity));
    identities.push(identity);
  }
  return { event: parsed.data, identities };
}

export function firstIssue(error: z.ZodError): { path: string; message: string } {
  const issue = error.issues[0]!;
  return { path: issue.path.join('.'), message: issue.message };
}

async function findStoredEvents(db: Database, valid: ValidEvent[], transaction: Transaction) {
  const idsBySource = new Map<string, string[]>();
  for (const { event } of valid) {
    const ids = idsBySource.get(event.source) ?? [];
    ids.push(event.sourceEventId);
    idsBySource.set(event.source, ids);
  }
  const rows = await db.models.TimelineEvent.findAll({
    attributes: ['id', 'customerId', 'source', 'sourceEventId'],
    where: { [Op.or]: [...idsBySource].map(([source, ids]) => ({ source, sourceEventId: { [Op.in]: ids } })) },
    transaction,
  });
  return new Map(rows.map((row) => [eventKey(row.source, row.sourceEventId), { eventId: row.id, customerId: row.customerId }]));
}

async function findIdentityOwners(db: Database, valid: ValidEvent[], transaction: Transaction): Promise<Map<string, string>> {
  const valuesByKind = new Map<string, Set<string>>();
  for (const { identities } of valid) {
    for (const { kind, value } of identities) {
      const values = valuesByKind.get(kind) ?? new Set<string>();
      values.add(value);
      valuesByKind.set(kind, values);
    }
  }
  const rows = await db.models.Identity.findAll({
    attributes: ['customerId', 'kind', 'value'],
    where: { [Op.or]: [...valuesByKind].map(([kind, values]) => ({ kind, value: { [Op.in]: [...values] } })) },
    transaction,
  });
  return new Map(rows.map((row) => [identityKey(row), row.customerId]));
}

function conflictEvent(customerId: string, otherCustomerId: string, eventId: string, event: IngestEvent, identities: Identity[]): NewEvent {
  return {
    id: randomUUID(),
    customerId,
    source: CUE_SOURCE,
    sourceEventId: `identity-conflict:${eventId}:${customerId}`,
    occurredAt: new Date(event.occurredAt),
    channel: 'system',
    type: 'identity.conflict',
    summary: `Identities of one event belong to two customers: ${identities.map((i) => `${i.kind} ${i.value}`).join(', ')}`,
    data: { otherCustomerId, eventId, identities, source: event.source, sourceEventId: event.sourceEventId },
  };
}

function mergeInput(earlier: ProfileInput | undefined, later: ProfileInput): ProfileInput {
  if (!earlier) return later;
  return { name: later.name ?? earlier.name, attributes: { ...earlier.attributes, ...later.attributes } };
}

async function updateExistingProfiles(
  db: Database,
  updates: Map<string, ProfileInput>,
  created: Map<string, NewCustomer>,
  transaction: Transaction,
): Promise<void> {
  const ids = [...updates.keys()].filter((id) => !created.has(id));
  if (ids.length === 0) return;
  const customers = await db.models.Customer.findAll({ where: { id: { [Op.in]: ids } }, transaction });
  for (const customer of customers) {
    const merged = mergeProfile(customer, updates.get(customer.id)!);
    if (merged.name === customer.name && JSON.stringify(merged.attributes) === JSON.stringify(customer.attributes)) continue;
    await customer.update(merged, { transaction });
  }
}

