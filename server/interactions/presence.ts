import type { AgentStatus } from '../../shared/interactions';
import { ConnectionGrace } from './connection-grace';

interface AgentPresenceEntry {
  status: AgentStatus;
  /** The queues this agent takes work from. */
  queues: string[];
  /** When the agent last became free; routing picks the longest idle. */
  idleSince: number;
}

/**
 * Who is connected and in what status, in this process. Presence follows the sockets: an
 * agent whose last socket has been gone longer than the grace period goes offline (a page
 * reload or a network blip is not a logout).
 */
export class AgentPresence {
  private readonly agents = new Map<string, AgentPresenceEntry>();
  private readonly connections: ConnectionGrace;

  constructor(graceMs: number, onOffline: (agentId: string) => void) {
    this.connections = new ConnectionGrace(graceMs, (agentId) => {
      const entry = this.agents.get(agentId);
      if (!entry) return;
      entry.status = 'offline';
      onOffline(agentId);
    });
  }

  connected(agentId: string, queues: string[]): AgentStatus {
    const entry = this.agents.get(agentId) ?? { status: 'away' as AgentStatus, queues, idleSince: Date.now() };
    entry.queues = queues;
    if (entry.status === 'offline') entry.status = 'away';
    this.agents.set(agentId, entry);
    this.connections.connected(agentId);
    return entry.status;
  }

  disconnected(agentId: string): void {
    this.connections.disconnected(agentId);
  }

  /** For agents known to hold work but not connected (after a restart): give them the grace period to come back. */
  expectReconnect(agentId: string, status: AgentStatus): void {
    if (this.agents.has(agentId)) return;
    this.agents.set(agentId, { status, queues: [], idleSince: Date.now() });
    this.connections.expect(agentId);
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
      if (entry.status !== 'available' || !entry.queues.includes(queue) || !this.connections.isConnected(agentId)) return;
      if (!best || entry.idleSince < best.idleSince) {
        best = entry;
        bestId = agentId;
      }
    });
    return bestId;
  }

  stop(): void {
    this.connections.stop();
  }
}
