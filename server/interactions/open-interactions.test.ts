import { describe, expect, it } from 'vitest';
import type { InteractionRecord } from './interaction-rows';
import { OpenInteractions } from './open-interactions';

const row = (id: string, agentId: string | null, startedSecond: number): InteractionRecord => ({
  id,
  externalId: `ext-${id}`,
  channel: 'voice',
  queue: 'support',
  customerId: `customer-${id}`,
  agentId,
  state: agentId ? 'assigned' : 'queued',
  fromKind: 'phone',
  fromValue: '+15550100',
  startedAt: new Date(Date.UTC(2026, 0, 1, 10, 0, startedSecond)),
  assignedAt: null,
  endedAt: null,
  closedAt: null,
  wrapup: null,
});

const heldIds = (open: OpenInteractions, agentId: string) => open.heldBy(agentId).map((r) => r.id);

describe('OpenInteractions', () => {
  it('answers what an agent holds, oldest first, and nothing for a queued one (it has no agent)', () => {
    const open = new OpenInteractions();
    open.add(row('b', 'agent-1', 5));
    open.add(row('a', 'agent-1', 1));
    open.add(row('c', 'agent-2', 2));
    open.add(row('q', null, 3));
    expect(heldIds(open, 'agent-1')).toEqual(['a', 'b']);
    expect(heldIds(open, 'agent-2')).toEqual(['c']);
    expect(heldIds(open, 'agent-3')).toEqual([]);
  });

  it('follows an interaction through assignment, transfer, re-queueing and closing', () => {
    const open = new OpenInteractions();
    const call = row('a', null, 1);
    open.add(call);
    open.change(call, { state: 'assigned', agentId: 'agent-1' });
    expect(heldIds(open, 'agent-1')).toEqual(['a']);

    open.change(call, { state: 'active', agentId: 'agent-2' });
    expect(heldIds(open, 'agent-1')).toEqual([]);
    expect(heldIds(open, 'agent-2')).toEqual(['a']);
    expect(open.get('a')?.state).toBe('active');

    open.change(call, { state: 'queued', agentId: null });
    expect(heldIds(open, 'agent-2')).toEqual([]);

    open.change(call, { state: 'assigned', agentId: 'agent-3' });
    open.change(call, { state: 'wrap_up' });
    expect(heldIds(open, 'agent-3')).toEqual(['a']);

    open.change(call, { state: 'closed' });
    expect(heldIds(open, 'agent-3')).toEqual([]);
    expect(open.get('a')).toBeUndefined();
  });

  it('changes a row it does not hold in place without taking it in', () => {
    const open = new OpenInteractions();
    const closedEarlier = row('a', 'agent-1', 1);
    open.change(closedEarlier, { state: 'active', agentId: 'agent-2' });
    expect(closedEarlier.agentId).toBe('agent-2');
    expect(open.get('a')).toBeUndefined();
    expect(heldIds(open, 'agent-2')).toEqual([]);
  });
});
