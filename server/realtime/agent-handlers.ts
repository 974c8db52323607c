import type { User } from '../../shared/auth';
import {
  agentStatusSchema,
  chatSendSchema,
  chatTypingSchema,
  customerWatchSchema,
  interactionRefSchema,
  resyncSchema,
  wrapupSchema,
} from '../../shared/realtime';
import { actionRespondSchema } from '../../shared/nba';
import { takeOverSchema } from '../../shared/retention';
import { findUser, findUsers } from '../auth/users';
import { verifyToken } from '../auth/tokens';
import type { Database } from '../db/database';
import { AppError } from '../errors';
import type { InteractionService } from '../interactions/interactions';
import type { Logger } from '../logger';
import { checkRetentionWrapup, takeOverInteraction } from '../retention/take-over';
import { sessionTokenOf } from '../http/session';
import { acked, unacked } from './acks';
import { agentRoom, customerRoom, RETENTION_ROOM, supervisorsRoom, visitorRoom, type AgentServer, type VisitorNamespace } from './notifier';

interface AgentHandlerDeps {
  db: Database;
  logger: Logger;
  jwtSecret: string;
  /** How often the accounts behind open sockets are checked (see dropChangedAccounts). */
  accountCheckMs: number;
  interactions: InteractionService;
  visitors: VisitorNamespace;
}

/** The console's namespace: staff only, token from the handshake or the session cookie. Stop it to end the account checks. */
export function registerAgentHandlers(io: AgentServer, { db, logger, jwtSecret, accountCheckMs, interactions, visitors }: AgentHandlerDeps): { stop(): void } {
  io.use(async (socket, next) => {
    const fromAuth: unknown = socket.handshake.auth?.token;
    const token = typeof fromAuth === 'string' ? fromAuth : sessionTokenOf(socket.handshake.headers.cookie);
    const claims = token ? verifyToken(token, jwtSecret) : null;
    const user = claims ? await findUser(db, claims.sub).catch(() => null) : null;
    if (!user) return next(new Error('unauthorized'));
    socket.data.userId = user.id;
    socket.data.role = user.role;
    socket.data.queues = user.queues;
    next();
  });

  io.on('connection', (socket) => {
    // The user is checked on every event (at most 2 s old, see findUser): a role change or removal takes effect within seconds.
    const currentUser = async (): Promise<User> => {
      const user = await findUser(db, socket.data.userId);
      if (!user) throw new AppError('unauthorized', 'your account no longer exists');
      return user;
    };
    const takesCalls = async (): Promise<User> => {
      const user = await currentUser();
      if (user.role !== 'agent' && user.role !== 'retention') throw new AppError('forbidden', 'only agents take interactions');
      return user;
    };

    // Everything up to the handlers is synchronous: a client may emit the moment it is
    // connected, and an event that arrives before its handler is registered is lost.
    const { userId, role, queues } = socket.data;
    void socket.join(agentRoom(userId));
    // Defection alerts go to the retention desk and to the supervisors of the call's queue.
    if (role === 'retention') void socket.join(RETENTION_ROOM);
    if (role === 'supervisor') void socket.join(queues.map(supervisorsRoom));
    if (role === 'agent' || role === 'retention') {
      interactions.agentConnected({ id: userId, role, queues });
      socket.on('disconnect', () => interactions.agentDisconnected(userId));
      if (!socket.recovered) {
        interactions
          .agentState(userId)
          .then((state) => socket.emit('agent:state', state))
          .catch((error: unknown) => logger.error({ err: error }, 'could not send the agent state'));
      }
    }

    socket.on(
      'agent:status',
      acked(logger, agentStatusSchema, async ({ status }) => ({ state: await interactions.setAgentStatus(await takesCalls(), status) })),
    );
    socket.on(
      'interaction:accept',
      acked(logger, interactionRefSchema, async ({ interactionId }) => ({ interaction: await interactions.accept(await takesCalls(), interactionId) })),
    );
    socket.on(
      'interaction:wrapup',
      acked(logger, wrapupSchema, async (request) => {
        const agent = await takesCalls();
        checkRetentionWrapup(agent, request);
        return interactions.wrapUp(agent, request);
      }),
    );
    socket.on(
      'interaction:resync',
      acked(logger, resyncSchema, async ({ interactionId, afterSeq }) => interactions.resync(await takesCalls(), interactionId, afterSeq)),
    );
    socket.on(
      'chat:send',
      acked(logger, chatSendSchema, async ({ interactionId, text, clientRequestId }) => {
        const agent = await takesCalls();
        const row = await interactions.requireAssignedTo(agent, interactionId);
        if (row.channel !== 'chat') throw new AppError('invalid_request', 'interactionId: not a chat', 'interactionId');
        // Replying is answering: a chat the agent writes into is active.
        if (row.state === 'assigned') await interactions.accept(agent, interactionId);
        const { utterance } = await interactions.appendUtterance(interactionId, { speaker: 'agent', text }, clientRequestId);
        return { utterance };
      }),
    );
    socket.on(
      'chat:typing',
      unacked(logger, chatTypingSchema, async ({ interactionId, typing }) => {
        const row = await interactions.requireAssignedTo(await takesCalls(), interactionId);
        if (row.channel === 'chat') visitors.to(visitorRoom(interactionId)).emit('chat:typing', { typing });
      }),
    );
    socket.on(
      'action:respond',
      acked(logger, actionRespondSchema, async (request) => interactions.respondToAction(await takesCalls(), request)),
    );
    socket.on(
      'customer:watch',
      acked(logger, customerWatchSchema, async ({ customerId }) => {
        if (!(await interactions.canSeeCustomer(await currentUser(), customerId))) throw new AppError('not_found', 'no such customer for you');
        await socket.join(customerRoom(customerId));
        return {};
      }),
    );
    socket.on(
      'interaction:transfer',
      acked(logger, takeOverSchema, async (request) => takeOverInteraction(db, interactions, await currentUser(), request)),
    );
    socket.on(
      'customer:unwatch',
      acked(logger, customerWatchSchema, async ({ customerId }) => {
        // The screen pop put the agent in the room of the customer they are serving: a view of
        // that customer closing (or an unwatch for their previous call arriving after the next
        // pop, when the same customer called again) must not stop the live call's timeline.
        if (!interactions.holdsCustomer(userId, customerId)) await socket.leave(customerRoom(customerId));
        return {};
      }),
    );
  });

  const accountCheck = setInterval(() => {
    dropChangedAccounts(io, db).catch((error: unknown) => logger.error({ err: error }, 'could not check the accounts of open sockets'));
  }, accountCheckMs);
  accountCheck.unref();
  return { stop: () => clearInterval(accountCheck) };
}

/**
 * A socket joins the rooms of its account at the handshake, and its own events check the account
 * each time; a socket that only listens would go on receiving what its rooms get (alerts with a
 * customer's words, say) after the account was removed or given another role or other queues.
 * Such a socket is disconnected: a removed account cannot come back, a changed one comes back
 * with the rooms it has now.
 */
async function dropChangedAccounts(io: AgentServer, db: Database): Promise<void> {
  const sockets = [...io.of('/').sockets.values()];
  // One statement for every account, not one per socket run back to back on the event loop (500 with every agent connected).
  const users = await findUsers(db, [...new Set(sockets.map((socket) => socket.data.userId))]);
  for (const socket of sockets) {
    const user = users.get(socket.data.userId);
    const unchanged = user && user.role === socket.data.role && user.queues.join('\n') === socket.data.queues.join('\n');
    if (!unchanged) socket.disconnect(true);
  }
}
