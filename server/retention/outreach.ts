import type { CountryCode } from 'libphonenumber-js';
import type { User } from '../../shared/auth';
import { logOutreachSchema, type LogOutreachResponse, type OutreachOutcome } from '../../shared/retention';
import type { TimelineEvent } from '../../shared/timeline';
import type { z } from 'zod';
import type { Database } from '../db/database';
import { AppError } from '../errors';
import { ingestEvents } from '../timeline/ingest';
import { toTimelineEvent } from '../timeline/timeline';
import { CUE_SOURCE } from '../../shared/ingest';

const OUTCOME_WORDS: Readonly<Record<OutreachOutcome, string>> = {
  reached_saved: 'reached, stays',
  reached_declined: 'reached, declined the offer',
  no_answer: 'no answer',
  left_message: 'left a message',
};

/**
 * Records a retention user's proactive contact (a call, SMS or email to a high-risk customer)
 * on the customer's timeline. Keyed by user and clientRequestId: a retried request stores
 * nothing new and answers with the first event.
 */
export async function logOutreach(
  db: Database,
  defaultPhoneRegion: CountryCode,
  user: User,
  request: z.output<typeof logOutreachSchema>,
  now = new Date(),
): Promise<LogOutreachResponse> {
  const { customerId, outcome, channel, offer, note, clientRequestId } = request;
  const customer = await db.models.Customer.findByPk(customerId, { attributes: ['id'] });
  if (!customer) throw new AppError('not_found', 'customerId: no such customer', 'customerId');
  // The timeline's one write path resolves customers by identity: any of theirs lands it on them.
  const identity = await db.models.Identity.findOne({ where: { customerId }, order: [['kind', 'ASC'], ['value', 'ASC']] });
  if (!identity) throw new AppError('conflict', 'the customer has no identity to record the outreach on');
  const [result] = await ingestEvents(
    db,
    [
      {
        source: CUE_SOURCE,
        sourceEventId: `retention-outreach:${user.id}:${clientRequestId}`,
        occurredAt: now.toISOString(),
        channel,
        type: 'retention.outreach',
        customer: { identities: [{ kind: identity.kind, value: identity.value }] },
        summary: `Retention outreach by ${user.name}: ${OUTCOME_WORDS[outcome]}${offer ? `, offer: ${offer}` : ''}${note ? `. ${note}` : ''}`.slice(0, 500),
        data: { outcome, channel, offer: offer ?? null, note: note ?? null, agentId: user.id, agentName: user.name },
      },
    ],
    { defaultPhoneRegion, internal: true },
  );
  if (!result?.eventId) throw new AppError('internal', 'could not record the outreach');
  const row = await db.models.TimelineEvent.findByPk(result.eventId);
  if (!row) throw new AppError('internal', 'could not read the outreach back');
  const event: TimelineEvent = toTimelineEvent(row);
  // The same key reused for another customer is a client bug, not a retry: say so.
  if (event.customerId !== customerId) throw new AppError('conflict', 'clientRequestId: already used for another outreach', 'clientRequestId');
  return { event, duplicate: result.status === 'duplicate' };
}
