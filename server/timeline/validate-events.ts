import type { CountryCode } from 'libphonenumber-js';
import { cueEventSchema, ingestEventSchema, type IngestEvent, type IngestResult } from '../../shared/ingest';
import type { Identity } from '../../shared/timeline';
import { identityKey, normalizeIdentity } from '../identity/normalize';
import { checkValue } from '../errors';

// Validation apart from storing (ingest.ts): the integration API's thread validates batches
// with it without loading the database layer.

export interface IngestOptions {
  defaultPhoneRegion: CountryCode;
  /** Cue's own events (interaction transitions, outcomes) may use the internal event types. */
  internal?: boolean;
  /**
   * The profile is what the sender says, not what Cue knows (a chat widget's visitor typing a
   * name): it fills in a customer these events create and never changes one that exists.
   */
  profileForNewCustomersOnly?: boolean;
}

export interface ValidEvent {
  index: number;
  event: IngestEvent;
  identities: Identity[];
}

/** A batch checked by `validateEvents`: one result per rejected input, and the events to store. */
export interface ValidatedEvents {
  results: IngestResult[];
  valid: ValidEvent[];
}

export function validateEvents(rawEvents: readonly unknown[], options: IngestOptions): ValidatedEvents {
  const results: IngestResult[] = [];
  const valid: ValidEvent[] = [];
  rawEvents.forEach((raw, index) => {
    const checked = validateEvent(raw, options.defaultPhoneRegion, options.internal ? cueEventSchema : ingestEventSchema);
    if ('error' in checked) results[index] = { index, status: 'rejected', error: checked.error };
    else valid.push({ index, ...checked });
  });
  return { results, valid };
}

function validateEvent(
  raw: unknown,
  region: CountryCode,
  schema: typeof ingestEventSchema,
): Omit<ValidEvent, 'index'> | { error: { path: string; message: string } } {
  const checked = checkValue(schema, raw);
  if ('error' in checked) return checked;
  const event = checked.data;
  const identities: Identity[] = [];
  const seen = new Set<string>();
  for (const [i, input] of event.customer.identities.entries()) {
    const normalized = normalizeIdentity(input.kind, input.value, region);
    if (!normalized.ok) return { error: { path: `customer.identities.${i}.value`, message: normalized.reason } };
    const identity = { kind: input.kind, value: normalized.value };
    if (seen.has(identityKey(identity))) continue;
    seen.add(identityKey(identity));
    identities.push(identity);
  }
  return { event, identities };
}
