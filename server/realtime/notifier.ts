import type { Namespace, Server } from 'socket.io';
import type { Interaction } from '../../shared/interactions';
import type { TimelineEvent } from '../../shared/timeline';
import type {
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
  VisitorSocketData,
} from '../../shared/realtime';
import type { LiveNotifier } from '../interactions/interactions';

export type AgentServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type VisitorNamespace = Namespace<VisitorClientToServerEvents, VisitorServerToClientEvents, InterServerEvents, VisitorSocketData>;

export const agentRoom = (agentId: string) => `agent:${agentId}`;
export const customerRoom = (customerId: string) => `customer:${customerId}`;
export const visitorRoom = (interactionId: string) => `visitor:${interactionId}`;
export const RETENTION_ROOM = 'retention-desk';
export const supervisorsRoom = (queue: string) => `supervisors:${queue}`;

const isOver = (interaction: Interaction) => interaction.state === 'wrap_up' || interaction.state === 'closed';

/**
 * An event an integrator sent (CRM, billing, surveys) to whoever has its customer open. Only to
 * a room someone is in: a bulk load of 1,000-event batches would otherwise fill the recovery
 * window (every broadcast is kept 30 s) with packets nobody was there to receive.
 */
export function pushIngestedEvent(io: AgentServer, event: TimelineEvent): void {
  const room = customerRoom(event.customerId);
  if (io.of('/').adapter.rooms.has(room)) io.to(room).emit('timeline:event', event);
}

/** Turns the live loop's notifications into emits to the right rooms, and nothing else. */
export function socketNotifier(io: AgentServer, visitors: VisitorNamespace): LiveNotifier {
  return {
    agentState: (agentId, state) => io.to(agentRoom(agentId)).emit('agent:state', state),
    interactionAssigned: (agentId, pop) => {
      // The agent now sees this customer: their timeline's new events follow them live.
      io.in(agentRoom(agentId)).socketsJoin(customerRoom(pop.customer.id));
      io.to(agentRoom(agentId)).emit('interaction:assigned', pop);
    },
    interactionUpdated: (agentId, interaction) => io.to(agentRoom(agentId)).emit('interaction:updated', interaction),
    utterance: (interaction, utterance) => {
      if (interaction.agentId) io.to(agentRoom(interaction.agentId)).emit('interaction:utterance', utterance);
      if (interaction.channel === 'chat') {
        const { seq, speaker, text, at } = utterance;
        visitors.to(visitorRoom(interaction.id)).emit('chat:message', { seq, speaker, text, at });
      }
    },
    insight: (agentId, insight) => io.to(agentRoom(agentId)).emit('interaction:insight', insight),
    interactionEnded: (interaction, agentId) => {
      // The retention desk and the queue's supervisors too: their defection moments list stops
      // offering to take over a call that is over.
      const rooms = [RETENTION_ROOM, supervisorsRoom(interaction.queue), ...(agentId ? [agentRoom(agentId)] : [])];
      io.to(rooms).emit('interaction:ended', interaction);
      if (interaction.channel === 'chat' && isOver(interaction)) visitors.to(visitorRoom(interaction.id)).emit('chat:ended');
    },
    timelineEvent: (event) => io.to(customerRoom(event.customerId)).emit('timeline:event', event),
    queuePosition: (interactionId, position, agentName) => visitors.to(visitorRoom(interactionId)).emit('chat:queue', { position, agentName }),
    alert: (alert) => io.to(RETENTION_ROOM).to(supervisorsRoom(alert.queue)).emit('alert', alert),
    interactionTransferred: (transfer) =>
      io.to(agentRoom(transfer.fromAgentId)).to(RETENTION_ROOM).to(supervisorsRoom(transfer.interaction.queue)).emit('interaction:transferred', transfer),
  };
}
