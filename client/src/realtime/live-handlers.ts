import type { Pinia } from 'pinia';
import type { ServerToClientEvents } from '../../../shared/realtime';
import { useAgentStatusStore } from '../agent/agent-status-store';
import { useLiveInteractionStore } from '../interactions/live-interaction-store';
import { useNextBestActionsStore } from '../next-best-actions/next-best-actions-store';
import { useDefectionAlertsStore } from '../retention/defection-alerts-store';
import { useTimelineStore } from '../timeline/timeline-store';

/**
 * Every server → client event of the console, each mapped to store actions and nothing else.
 * Typed as the whole shared map: an event added or renamed there fails to compile here until
 * it has a handler.
 */
export type LiveEventHandlers = ServerToClientEvents;

/**
 * What a connection must offer to be bound; a Socket.IO client socket of the shared maps fits.
 * Loose per event (any of the handlers for any of the names) because the names are bound in a
 * loop; each handler is checked against its own event where it is written, in createLiveHandlers.
 */
export interface LiveEventSource {
  on(event: keyof LiveEventHandlers, handler: LiveEventHandlers[keyof LiveEventHandlers]): unknown;
  off(event: keyof LiveEventHandlers, handler: LiveEventHandlers[keyof LiveEventHandlers]): unknown;
}

export function createLiveHandlers(pinia?: Pinia): LiveEventHandlers {
  const agentStatus = useAgentStatusStore(pinia);
  const live = useLiveInteractionStore(pinia);
  const timeline = useTimelineStore(pinia);
  const defectionAlerts = useDefectionAlertsStore(pinia);
  const nextBestActions = useNextBestActionsStore(pinia);
  return {
    'agent:state': (state) => {
      agentStatus.receiveState(state);
      live.receiveAgentState(state);
    },
    // The live store first: the actions store files lists under the interaction it shows.
    'interaction:assigned': (pop) => {
      live.receivePop(pop);
      nextBestActions.receivePop(pop);
    },
    'interaction:updated': (interaction) => live.receiveUpdated(interaction),
    'interaction:utterance': (utterance) => live.receiveUtterance(utterance),
    'interaction:insight': (insight) => {
      live.receiveInsight(insight);
      nextBestActions.receiveInsight(insight);
    },
    'interaction:ended': (interaction) => {
      live.receiveEnded(interaction);
      defectionAlerts.receiveEnded(interaction);
    },
    'interaction:typing': (event) => live.receiveTyping(event),
    'timeline:event': (event) => timeline.receiveLiveEvent(event),
    alert: (alert) => defectionAlerts.receiveAlert(alert),
    'interaction:transferred': (transfer) => {
      live.receiveTransferred(transfer);
      defectionAlerts.receiveTransfer(transfer);
    },
  };
}

/** Subscribes every handler; the returned function removes them all (on logout or disconnect). */
export function bindLiveHandlers(source: LiveEventSource, handlers: LiveEventHandlers = createLiveHandlers()): () => void {
  const names = Object.keys(handlers) as (keyof LiveEventHandlers)[];
  for (const name of names) source.on(name, handlers[name]);
  return () => {
    for (const name of names) source.off(name, handlers[name]);
  };
}
