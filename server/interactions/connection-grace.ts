interface Connections {
  sockets: number;
  goneTimer?: NodeJS.Timeout;
}

/**
 * Counts the open sockets of each person (an agent, a chat's visitor) and calls `onGone` once
 * one has had none for the grace period: a page reload or a network blip is not leaving.
 */
export class ConnectionGrace {
  private readonly people = new Map<string, Connections>();
  private stopped = false;

  constructor(
    private readonly graceMs: number,
    private readonly onGone: (key: string) => void,
  ) {}

  connected(key: string): void {
    const entry = this.people.get(key) ?? { sockets: 0 };
    clearTimeout(entry.goneTimer);
    entry.goneTimer = undefined;
    entry.sockets += 1;
    this.people.set(key, entry);
  }

  disconnected(key: string): void {
    const entry = this.people.get(key);
    if (!entry) return;
    entry.sockets = Math.max(0, entry.sockets - 1);
    if (entry.sockets === 0) this.startGrace(key, entry);
  }

  /** Someone expected but not connected (just started, or the server restarted): they have the grace period to come. */
  expect(key: string): void {
    if (this.people.has(key)) return;
    const entry: Connections = { sockets: 0 };
    this.people.set(key, entry);
    this.startGrace(key, entry);
  }

  isConnected(key: string): boolean {
    return (this.people.get(key)?.sockets ?? 0) > 0;
  }

  private startGrace(key: string, entry: Connections): void {
    clearTimeout(entry.goneTimer);
    if (this.stopped) return;
    entry.goneTimer = setTimeout(() => {
      entry.goneTimer = undefined;
      if (entry.sockets > 0) return;
      this.people.delete(key);
      this.onGone(key);
    }, this.graceMs);
    entry.goneTimer.unref();
  }

  stop(): void {
    this.stopped = true;
    for (const entry of this.people.values()) clearTimeout(entry.goneTimer);
  }
}
