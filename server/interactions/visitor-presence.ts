interface VisitorEntry {
  sockets: number;
  leaveTimer?: NodeJS.Timeout;
}

/**
 * Whether each web chat's visitor is still there. A visitor whose chat has had no connection
 * for the grace period has left (closed the tab, or lost the network for good): the chat ends
 * then, so it neither waits in the queue for an agent to greet no one nor holds an agent who
 * talks to an empty page. A reload or a network blip is not leaving.
 */
export class VisitorPresence {
  private readonly visitors = new Map<string, VisitorEntry>();
  private stopped = false;

  constructor(
    private readonly graceMs: number,
    private readonly onLeft: (interactionId: string) => void,
  ) {}

  connected(interactionId: string): void {
    const entry = this.visitors.get(interactionId) ?? { sockets: 0 };
    clearTimeout(entry.leaveTimer);
    entry.leaveTimer = undefined;
    entry.sockets += 1;
    this.visitors.set(interactionId, entry);
  }

  disconnected(interactionId: string): void {
    const entry = this.visitors.get(interactionId);
    if (!entry) return;
    entry.sockets = Math.max(0, entry.sockets - 1);
    if (entry.sockets === 0) this.startGrace(interactionId, entry);
  }

  /** A chat whose visitor is not connected yet (it has just started, or the server restarted): they have the grace period to come. */
  expect(interactionId: string): void {
    if (this.visitors.has(interactionId)) return;
    const entry: VisitorEntry = { sockets: 0 };
    this.visitors.set(interactionId, entry);
    this.startGrace(interactionId, entry);
  }

  private startGrace(interactionId: string, entry: VisitorEntry): void {
    clearTimeout(entry.leaveTimer);
    if (this.stopped) return;
    entry.leaveTimer = setTimeout(() => {
      entry.leaveTimer = undefined;
      if (entry.sockets > 0) return;
      this.visitors.delete(interactionId);
      this.onLeft(interactionId);
    }, this.graceMs);
    entry.leaveTimer.unref();
  }

  stop(): void {
    this.stopped = true;
    for (const entry of this.visitors.values()) clearTimeout(entry.leaveTimer);
  }
}
