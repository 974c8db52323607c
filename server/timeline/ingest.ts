import { Op, type InferAttributes, type Transaction } from 'sequelize';
import { CUE_SOURCE, type IngestEvent, type IngestResult, type ProfileInput } from '../../shared/ingest';
import type { Identity, IdentityKind, TimelineEvent } from '../../shared/timeline';
import type { Database } from '../db/database';
import { insertNewRows, insertRows, selectByPairs, sqlDate } from '../db/bulk';
import { newId } from '../db/ids';
import type { CustomerRow, IdentityRow, TimelineEventRow } from '../db/models';
import { identityKey } from '../identity/normalize';
import { mergeProfile } from '../customers/profile';
import { toTimelineEvent } from './timeline';
import { validateEvents, type IngestOptions, type ValidatedEvents, type ValidEvent } from './validate-events';

type NewCustomer = Pick<InferAttributes<CustomerRow>, 'id' | 'name' | 'nameSearch' | 'attributes'>;
type NewIdentity = Pick<InferAttributes<IdentityRow>, 'id' | 'customerId' | 'kind' | 'value'>;
type NewEvent = Omit<InferAttributes<TimelineEventRow>, 'createdAt'>;

const CUSTOMER_COLUMNS = ['id', 'name', 'name_search', 'attributes', 'created_at', 'updated_at'];
const IDENTITY_COLUMNS = ['id', 'customer_id', 'kind', 'value', 'created_at'];
const EVENT_COLUMNS = ['id', 'customer_id', 'source', 'source_event_id', 'occurred_at', 'channel', 'type', 'summary', 'data', 'created_at'];

type StoreOptions = Pick<IngestOptions, 'profileForNewCustomersOnly'>;

const eventKey = (source: string, sourceEventId: string) => `${source}\u0000${sourceEventId}`;

/**
 * Validates a batch of timeline events and stores the valid ones, each on the customer its
 * identities resolve to. Returns one result per input, in input order. Bad items are rejected
 * with the path of the bad field and store nothing; an event already stored under the same
 * (source, sourceEventId) is a duplicate and changes nothing.
 */
export function ingestEvents(db: Database, rawEvents: readonly unknown[], options: IngestOptions): Promise<IngestResult[]> {
  return storeValidatedEvents(db, validateEvents(rawEvents, options), options);
}

/**
 * The second half of ingestEvents, for a batch validated elsewhere (the integration API's
 * thread validates, so a batch of 1,000 is parsed and normalised off the main thread).
 */
export async function storeValidatedEvents(db: Database, { results, valid }: ValidatedEvents, options: StoreOptions = {}): Promise<IngestResult[]> {
  if (valid.length === 0) return results;
  // Validated before queueing for the writer: the CPU work stays out of the single writer's time.
  await db.write((transaction) => storeEvents(db, valid, results, transaction, options));
  return results;
}

/**
 * The same as ingestEvents, inside a write the caller already holds (`db.write`), so that a
 * change and the timeline event recording it commit together.
 */
export async function ingestEventsWithin(db: Database, transaction: Transaction, rawEvents: readonly unknown[], options: IngestOptions): Promise<IngestResult[]> {
  const { results, valid } = validateEvents(rawEvents, options);
  if (valid.length > 0) await storeEvents(db, valid, results, transaction, options);
  return results;
}

/**
 * Cue's own event as `storeEvents` stored it, from the event and its result: what the live loop
 * pushes to the customer's viewers without reading the row back. Null unless it was accepted.
 */
export function storedEvent(event: IngestEvent, result: IngestResult | undefined): TimelineEvent | null {
  if (result?.status !== 'accepted' || !result.eventId || !result.customerId) return null;
  return toTimelineEvent(eventRow(event, result.eventId, result.customerId));
}

/** Cue's own event about a customer it already holds (an interaction's, an outcome, an action shown). */
export type CueEvent = Omit<IngestEvent, 'customer'> & { customerId: string };

/**
 * Stores Cue's own events in one statement, inside a write the caller holds. They come from Cue's
 * code, typed, about a customer already resolved, so there is nothing to validate and no
 * identity to resolve. One already stored under the same (source, sourceEventId) — a step
 * taken again after a re-queue — is left as it was and comes back null; the others come back
 * as stored, for the live loop to push without reading them back.
 */
export async function recordCueEvents(db: Database, transaction: Transaction, events: readonly CueEvent[]): Promise<(TimelineEvent | null)[]> {
  const rows = events.map((event) => eventRow(event, newId(), event.customerId));
  const now = sqlDate(db, new Date());
  const inserted = new Set(
    await insertNewRows(db, 'timeline_events', EVENT_COLUMNS, rows.map((e) => eventValues(db, e, now)), 'id', transaction),
  );
  return rows.map((row) => (inserted.has(row.id) ? toTimelineEvent(row) : null));
}

const eventValues = (db: Database, e: NewEvent, now: string) => [
  e.id, e.customerId, e.source, e.sourceEventId, sqlDate(db, e.occurredAt), e.channel, e.type, e.summary, e.data, now,
];

const eventRow = (event: Omit<IngestEvent, 'customer'>, id: string, customerId: string): NewEvent => ({
  id,
  customerId,
  source: event.source,
  sourceEventId: event.sourceEventId,
  occurredAt: new Date(event.occurredAt),
  channel: event.channel,
  type: event.type,
  summary: event.summary ?? null,
  data: event.data ?? {},
});

/** Fills in `results` for the valid events; may run more than once (see Database.write), each run starting afresh. */
async function storeEvents(
  db: Database,
  valid: readonly ValidEvent[],
  results: IngestResult[],
  transaction: Transaction,
  { profileForNewCustomersOnly = false }: StoreOptions,
): Promise<void> {
  if (db.dialect === 'postgres') {
    // Serialises identity resolution across server processes: two batches that both see a
    // phone as unknown must not both create a customer for it.
    await db.sequelize.query('SELECT pg_advisory_xact_lock(7343201)', { transaction });
  }
  // Asked together: the connection runs them back to back, without a trip through the event
  // loop between them, and every write queued behind this one waits for that trip.
  const [stored, owners] = await Promise.all([findStoredEvents(db, valid, transaction), findIdentityOwners(db, valid, transaction)]);

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
      customerId = newId();
      newCustomers.set(customerId, { id: customerId, name: null, nameSearch: null, attributes: {} });
    }
    for (const identity of identities) {
      if (owners.has(identityKey(identity))) continue;
      owners.set(identityKey(identity), customerId);
      newIdentities.push({ id: newId(), customerId, ...identity });
    }

    const eventId = newId();
    newEvents.push(eventRow(event, eventId, customerId));
    // Never merge silently: the event stays with the first match and both timelines say why.
    for (const otherId of matched.slice(1)) {
      const claimed = identities.filter((identity) => owners.get(identityKey(identity)) === otherId);
      newEvents.push(conflictEvent(customerId, otherId, eventId, event, claimed), conflictEvent(otherId, customerId, eventId, event, claimed));
    }
    if (event.customer.profile && (!profileForNewCustomersOnly || newCustomers.has(customerId))) {
      profileUpdates.set(customerId, mergeInput(profileUpdates.get(customerId), event.customer.profile));
    }
    acceptedInBatch.set(key, { eventId, customerId });
    results[index] = { index, status: 'accepted', eventId, customerId };
  }

  for (const [customerId, profile] of profileUpdates) {
    const created = newCustomers.get(customerId);
    if (created) Object.assign(created, mergeProfile(created, profile));
  }
  const now = sqlDate(db, new Date());
  await insertRows(db, 'customers', CUSTOMER_COLUMNS, [...newCustomers.values()].map((c) => [c.id, c.name, c.nameSearch, c.attributes, now, now]), transaction);
  await insertRows(db, 'identities', IDENTITY_COLUMNS, newIdentities.map((i) => [i.id, i.customerId, i.kind, i.value, now]), transaction);
  await insertRows(db, 'timeline_events', EVENT_COLUMNS, newEvents.map((e) => eventValues(db, e, now)), transaction);
  await updateExistingProfiles(db, profileUpdates, newCustomers, transaction);
}

async function findStoredEvents(db: Database, valid: readonly ValidEvent[], transaction: Transaction) {
  const keys = new Map<string, [string, string]>();
  for (const { event } of valid) keys.set(eventKey(event.source, event.sourceEventId), [event.source, event.sourceEventId]);
  const rows = await selectByPairs<{ id: string; customer_id: string; source: string; source_event_id: string }>(
    db, 'timeline_events', ['id', 'customer_id', 'source', 'source_event_id'], ['source', 'source_event_id'], [...keys.values()], transaction,
  );
  return new Map(rows.map((row) => [eventKey(row.source, row.source_event_id), { eventId: row.id, customerId: row.customer_id }]));
}

async function findIdentityOwners(db: Database, valid: readonly ValidEvent[], transaction: Transaction): Promise<Map<string, string>> {
  const keys = new Map<string, [string, string]>();
  for (const { identities } of valid) {
    for (const identity of identities) keys.set(identityKey(identity), [identity.kind, identity.value]);
  }
  const rows = await selectByPairs<{ customer_id: string; kind: IdentityKind; value: string }>(
    db, 'identities', ['customer_id', 'kind', 'value'], ['kind', 'value'], [...keys.values()], transaction,
  );
  return new Map(rows.map((row) => [identityKey(row), row.customer_id]));
}

function conflictEvent(customerId: string, otherCustomerId: string, eventId: string, event: IngestEvent, identities: Identity[]): NewEvent {
  return {
    id: newId(),
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

