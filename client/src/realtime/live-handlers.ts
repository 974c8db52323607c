import type { ServerToClientEvents } from '../../../shared/realtime';
import { useTimelineStore } from '../timeline/timeline-store';

/**
 * The server → client events the console handles so far, each mapped to one store action and
 * nothing else. Picked from the shared map, so a renamed event fails to compile here; widen the
 * pick (agent console, queue board) as those pages arrive and the compiler asks for the handler.
 */
export type LiveEventHandlers = Pick<ServerToClientEvents, 'timeline:event'>;

/** What a connection must offer: a Socket.IO client socket has exactly this shape. */
export interface LiveEventSource {
  on<E extends keyof LiveEventHandlers>(event: E, handler: LiveEventHandlers[E]): unknown;
  off<E extends keyof LiveEventHandlers>(event: E, handler: LiveEventHandlers[E]): unknown;
}

export function createLiveHandlers(): LiveEventHandlers {
  const timeline = useTimelineStore();
  return {
    'timeline:event': (event) => timeline.receiveLiveEvent(event),
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
