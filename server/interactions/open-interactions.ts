import type { InteractionChanges, InteractionRecord } from './interaction-rows';

/**
 * Every interaction not yet closed, by id and by the agent holding it. The live loop asks what an
 * agent holds on every status push and every customer watch (several times per call); a scan of
 * all open interactions for it grew with the size of the contact center (about 500 at 50 calls a
 * second). One instance per interaction: each change made through `change` is seen everywhere.
 */
export class OpenInteractions {
  private readonly byId = new Map<string, InteractionRecord>();
  private readonly byAgent = new Map<string, Set<InteractionRecord>>();

  get(id: string): InteractionRecord | undefined {
    return this.byId.get(id);
  }

  add(row: InteractionRecord): void {
    this.byId.set(row.id, row);
    this.holdFor(row);
  }

  /** Applies `changes` to the row in place; a closed row leaves. */
  change(row: InteractionRecord, changes: InteractionChanges): void {
    this.releaseFrom(row);
    Object.assign(row, changes);
    if (row.state === 'closed') this.byId.delete(row.id);
    else if (this.byId.get(row.id) === row) this.holdFor(row);
  }

  /** What the agent holds (assigned, active or in wrap-up; a queued row has no agent), oldest first. */
  heldBy(agentId: string): InteractionRecord[] {
    return [...(this.byAgent.get(agentId) ?? [])].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  }

  private holdFor(row: InteractionRecord): void {
    if (!row.agentId) return;
    const held = this.byAgent.get(row.agentId) ?? new Set<InteractionRecord>();
    held.add(row);
    this.byAgent.set(row.agentId, held);
  }

  private releaseFrom(row: InteractionRecord): void {
    const held = row.agentId ? this.byAgent.get(row.agentId) : undefined;
    if (!held) return;
    held.delete(row);
    if (held.size === 0) this.byAgent.delete(row.agentId!);
  }
}
