import type { AgentStatus } from '../../shared/interactions';

interface AgentPresenceEntry {
  status: AgentStatus;
  sockets: number;
  /** The queues this agent takes work from. */
  queues: string[];
  /** When the agent last became free; routing picks the longest idle. */
  idleSince: number;
  offlineTimer?: NodeJS.Timeout;
}

/**
 * Who is connected and in what status, in this process. Presence follows the sockets: an
 * agent whose last socket has been gone longer than the grace period goes offline (a page
 * reload or a network blip is not a logout).
 */
export class AgentPresence {
  private readonly agents = new Map<string, AgentPresenceEntry>();
  private stopped = false;

  constructor(
    private readonly graceMs: number,
    private readonly onOffline: (agentId: string) => void,
  ) {}

  connected(agentId: string, queues: string[]): AgentStatus {
    const entry = this.agents.get(agentId) ?? { status: 'away' as AgentStatus, sockets: 0, queues, idleSince: Date.now() };
    entry.queues = queues;
    clearTimeout(entry.offlineTimer);
    entry.offlineTimer = undefined;
    entry.sockets += 1;
    if (entry.status === 'offline') entry.status = 'away';
    this.agents.set(agentId, entry);
    return entry.status;
  }

  disconnected(agentId: string): void {
    const entry = this.agents.get(agentId);
    if (!entry) return;
    entry.sockets = Math.max(0, entry.sockets - 1);
    if (entry.sockets === 0) this.startGrace(agentId, entry);
  }

  /** For agents known to hold work but not connected (after a restart): give them the grace period to come back. */
  expectReconnect(agentId: string, status: AgentStatus): void {
    if (this.agents.has(agentId)) return;
    const entry: AgentPresenceEntry = { status, sockets: 0, queues: [], idleSince: Date.now() };
    this.agents.set(agentId, entry);
    this.startGrace(agentId, entry);
  }

  private startGrace(agentId: string, entry: AgentPresenceEntry): void {
    clearTimeout(entry.offlineTimer);
    if (this.stopped) return;
    entry.offlineTimer = setTimeout(() => {
      entry.offlineTimer = undefined;
      if (entry.sockets > 0) return;
      entry.status = 'offline';
      this.onOffline(agentId);
    }, this.graceMs);
    entry.offlineTimer.unref();
  }

  status(agentId: string): AgentStatus {
    return this.agents.get(agentId)?.status ?? 'offline';
  }

  setStatus(agentId: string, status: AgentStatus): void {
    const entry = this.agents.get(agentId);
    if (!entry) return;
    if (status === 'available' && entry.status !== 'available') entry.idleSince = Date.now();
    entry.status = status;
  }

  /** The connected, available member of `queue` who has been idle longest. */
  longestIdleIn(queue: string): string | undefined {
    let bestId: string | undefined;
    let best: AgentPresenceEntry | undefined;
    // forEach, not for…of: the iterator made an entry array and a result object per agent, and
    // this runs on every start and every routing decision (measured: 4.6% of all the bytes the
    // server allocated at 50 calls a second with 500 agents).
    this.agents.forEach((entry, agentId) => {
      if (entry.status !== 'available' || entry.sockets === 0 || !entry.queues.includes(queue)) return;
      if (!best || entry.idleSince < best.idleSince) {
        best = entry;
        bestId = agentId;
      }
    });
    return bestId;
  }

  stop(): void {
    this.stopped = true;
    for (const entry of this.agents.values()) clearTimeout(entry.offlineTimer);
  }
}
