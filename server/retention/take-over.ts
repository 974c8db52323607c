import type { User } from '../../shared/auth';
import type { Interaction } from '../../shared/interactions';
import type { WrapupRequest } from '../../shared/realtime';
import type { TakeOverRequest } from '../../shared/retention';
import type { Database } from '../db/database';
import { AppError } from '../errors';
import { toInteraction, type InteractionService } from '../interactions/interactions';

/**
 * The retention desk's take-over: a retention user takes a live call or chat from the agent on
 * it (a warm transfer: the customer stays connected, the whole conversation goes along).
 *
 * Only the retention role takes over. Supervisors see the same defection moments but do not
 * take calls themselves (SPEC: they whisper, and move work to retention); admins and agents
 * never. Only live interactions (assigned or active) of an agent outside the desk: one already
 * with a retention user has been taken, whoever asks again.
 */
export async function takeOverInteraction(
  db: Database,
  interactions: InteractionService,
  user: User,
  { interactionId, clientRequestId }: TakeOverRequest,
): Promise<{ interaction: Interaction }> {
  if (user.role !== 'retention') throw new AppError('forbidden', 'only the retention desk takes interactions over');
  const row = await interactions.requireInteraction(interactionId);
  if (row.agentId === user.id) {
    // Answered already (the ack was lost and the console retried): the same answer again.
    if (await interactions.transferredWith(interactionId, clientRequestId)) return { interaction: toInteraction(row) };
    throw new AppError('conflict', 'you already have this interaction');
  }
  if (row.state !== 'assigned' && row.state !== 'active') {
    throw new AppError('conflict', row.state === 'queued' ? 'the interaction is still waiting in the queue' : 'the interaction has ended');
  }
  const owner = row.agentId ? await db.models.User.findByPk(row.agentId, { attributes: ['id', 'name', 'role'] }) : null;
  if (!owner) throw new AppError('conflict', 'the interaction has no agent to take it from');
  if (owner.role === 'retention') throw new AppError('conflict', `already taken over by ${owner.name}`);
  const held = await interactions.agentState(user.id);
  if (held.interactions.length > 0) throw new AppError('conflict', 'finish your current interaction first');
  const interaction = await interactions.transfer(interactionId, owner.id, user, { clientRequestId, reason: 'retention_takeover' });
  return { interaction };
}

/**
 * A retention user's wrap-up is a save or a loss: `saved` is required, and a retention
 * disposition must agree with it. Checked before anything is stored, so bad input changes nothing.
 */
export function checkRetentionWrapup(user: User, request: WrapupRequest): void {
  if (user.role === 'retention' && request.saved === undefined) {
    throw new AppError('invalid_request', 'saved: say whether the customer was saved or lost', 'saved');
  }
  if ((request.disposition === 'retention_saved' && request.saved === false) || (request.disposition === 'retention_lost' && request.saved === true)) {
    throw new AppError('invalid_request', `saved: does not match the disposition ${request.disposition}`, 'saved');
  }
}
