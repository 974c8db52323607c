import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { installFakeLiveTransport } from '../testing/fake-live-transport';
import { makeInteraction } from '../testing/live-factories';
import { useAgentStatusStore } from './agent-status-store';

describe('useAgentStatusStore', () => {
  let live: ReturnType<typeof installFakeLiveTransport>;

  beforeEach(() => {
    setActivePinia(createPinia());
    live = installFakeLiveTransport();
  });
  afterEach(() => live.uninstall());

  it('takes the answer to a status change', async () => {
    const status = useAgentStatusStore();
    status.receiveState({ status: 'away', interactions: [] });
    const choosing = status.choose('available');
    expect(live.take('agent:status').payload).toEqual({ status: 'available' });
    expect(status.changingTo).toBe('available');
    live.sent[0]!.respond({ ok: true, state: { status: 'available', interactions: [] } });
    await choosing;
    expect(status.status).toBe('available');
    expect(status.changingTo).toBeNull();
  });

  it('keeps a push that arrived before the answer: going available can route work at once', async () => {
    const status = useAgentStatusStore();
    status.receiveState({ status: 'away', interactions: [] });
    const choosing = status.choose('available');
    status.receiveState({ status: 'busy', interactions: [makeInteraction()] });
    live.take('agent:status').respond({ ok: true, state: { status: 'available', interactions: [] } });
    await choosing;
    expect(status.status).toBe('busy');
    expect(status.canChoose).toBe(false);
  });

  it('says why a change was refused', async () => {
    const status = useAgentStatusStore();
    status.receiveState({ status: 'wrap_up', interactions: [] });
    const choosing = status.choose('away');
    live.take('agent:status').respond({ ok: false, error: { code: 'conflict', message: 'submit the wrap-up first' } });
    await choosing;
    expect(status.error).toBe('submit the wrap-up first');
    expect(status.status).toBe('wrap_up');
  });

  it('lets the agent pick a status whenever they hold nothing, whatever the status says', () => {
    const status = useAgentStatusStore();
    expect(status.canChoose).toBe(false);
    status.receiveState({ status: 'wrap_up', interactions: [makeInteraction({ state: 'wrap_up' })] });
    expect(status.canChoose).toBe(false);
    // After-call work: the wrap-up is in, only the timer is left.
    status.receiveState({ status: 'wrap_up', interactions: [] });
    expect(status.canChoose).toBe(true);
  });
});
