import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { visitorEndSchema, visitorHistorySchema, visitorSendSchema, visitorTypingSchema } from '../../shared/realtime';
import { verifyVisitorToken } from '../auth/tokens';
import { AppError } from '../errors';
import type { InteractionService } from '../interactions/interactions';
import type { Logger } from '../logger';
import { acked, unacked } from './acks';
import { agentRoom, visitorRoom, type AgentServer, type VisitorNamespace } from './notifier';

interface VisitorHandlerDeps {
  logger: Logger;
  jwtSecret: string;
  interactions: InteractionService;
  agents: AgentServer;
}

/**
 * Messages a chat's visitor may send in a window: far more than anyone types, and a cap on what
 * a script holding a visitor token can make the server analyse, store and push.
 */
const VISITOR_MESSAGES = { points: 20, duration: 30 };

/** The chat widget's namespace: a visitor token opens exactly one chat and reaches nothing else. */
export function registerVisitorHandlers(visitors: VisitorNamespace, { logger, jwtSecret, interactions, agents }: VisitorHandlerDeps): void {
  // By chat, not by socket: every tab of the same chat shares its allowance.
  const messageLimit = new RateLimiterMemory(VISITOR_MESSAGES);
  const countMessage = async (interactionId: string) => {
    await messageLimit.consume(interactionId).catch((refused: unknown) => {
      if (!(refused instanceof RateLimiterRes)) throw refused;
      throw new AppError('rate_limited', `too many messages: wait ${Math.ceil(refused.msBeforeNext / 1000)} s`);
    });
  };
  visitors.use((socket, next) => {
    const token: unknown = socket.handshake.auth?.token;
    const claims = typeof token === 'string' ? verifyVisitorToken(token, jwtSecret) : null;
    if (!claims) return next(new Error('unauthorized'));
    socket.data.interactionId = claims.interactionId;
    next();
  });

  visitors.on('connection', (socket) => {
    // Synchronous up to the handlers, so nothing the visitor sends right away is lost.
    const { interactionId } = socket.data;
    void socket.join(visitorRoom(interactionId));
    interactions.visitorConnected(interactionId);
    socket.on('disconnect', () => interactions.visitorDisconnected(interactionId));
    const live = async () => {
      const row = await interactions.requireInteraction(interactionId);
      if (row.state === 'wrap_up' || row.state === 'closed') throw new AppError('conflict', 'this chat has ended');
      return row;
    };

    socket.on(
      'chat:send',
      acked(logger, visitorSendSchema, async ({ text, clientRequestId }) => {
        await live();
        await countMessage(interactionId);
        const { utterance } = await interactions.appendUtterance(interactionId, { speaker: 'customer', text }, clientRequestId);
        const { seq, speaker, at } = utterance;
        return { message: { seq, speaker, text: utterance.text, at } };
      }),
    );
    socket.on(
      'chat:typing',
      unacked(logger, visitorTypingSchema, async ({ typing }) => {
        const current = await live();
        if (current.agentId) agents.to(agentRoom(current.agentId)).emit('interaction:typing', { interactionId, typing });
      }),
    );
    socket.on(
      'chat:end',
      acked(logger, visitorEndSchema, async () => {
        // Ending twice (a retry whose first answer was lost) changes nothing and answers the same.
        await interactions.endInteraction(interactionId, 'visitor');
        return {};
      }),
    );
    socket.on(
      'chat:history',
      acked(logger, visitorHistorySchema, async ({ afterSeq }) => {
        const utterances = await interactions.utterancesAfter(interactionId, afterSeq);
        return { messages: utterances.map(({ seq, speaker, text, at }) => ({ seq, speaker, text, at })) };
      }),
    );

    void sendInitialState();
    async function sendInitialState(): Promise<void> {
      const row = await interactions.requireInteraction(interactionId).catch(() => null);
      if (!row) return void socket.disconnect(true);
      if (row.state === 'queued') socket.emit('chat:queue', { position: await interactions.queuePosition(interactionId), agentName: null });
      // Assigned before the visitor's socket was there: tell them who is with them now.
      if ((row.state === 'assigned' || row.state === 'active') && row.agentId) {
        socket.emit('chat:queue', { position: null, agentName: (await interactions.agentName(row.agentId)) ?? null });
      }
      if (row.state === 'wrap_up' || row.state === 'closed') socket.emit('chat:ended');
    }
  });
}
