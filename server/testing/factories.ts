import { randomUUID } from 'node:crypto';
import type { IngestEvent, ProfileInput } from '../../shared/ingest';
import type { Channel, EventType, Identity } from '../../shared/timeline';

let counter = 0;

export interface EventOverrides {
  source?: string;
  sourceEventId?: string;
  occurredAt?: string;
  channel?: Channel;
  type?: EventType;
  identities?: Identity[];
  profile?: ProfileInput;
  summary?: string;
  data?: Record<string, unknown>;
}

/** A valid ingestible event; each call gets its own sourceEventId and, unless told, its own customer. */
export function makeEvent(overrides: EventOverrides = {}): IngestEvent {
  counter += 1;
  return {
    source: overrides.source ?? 'test',
    sourceEventId: overrides.sourceEventId ?? `evt-${randomUUID()}`,
    occurredAt: overrides.occurredAt ?? new Date(Date.UTC(2026, 0, 1) + counter * 60_000).toISOString(),
    channel: overrides.channel ?? 'voice',
    type: overrides.type ?? 'call.inbound',
    customer: {
      identities: overrides.identities ?? [{ kind: 'account', value: `ACC-${randomUUID()}` }],
      ...(overrides.profile ? { profile: overrides.profile } : {}),
    },
    ...(overrides.summary ? { summary: overrides.summary } : {}),
    ...(overrides.data ? { data: overrides.data } : {}),
  };
}
