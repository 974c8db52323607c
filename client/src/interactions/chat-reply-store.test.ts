import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { installFakeLiveTransport, networkFailure } from '../testing/fake-live-transport';
import { INTERACTION_ID, makeInteraction, makePop, makeUtterance } from '../testing/live-factories';
import { useChatReplyStore } from './chat-reply-store';
import { useLiveInteractionStore } from './live-interaction-store';

describe('useChatReplyStore', () => {
  let live: ReturnType<typeof installFakeLiveTransport>;

  beforeEach(() => {
    setActivePinia(createPinia());
    live = installFakeLiveTransport();
    useLiveInteractionStore().receivePop(makePop({ interaction: makeInteraction({ channel: 'chat', state: 'active' }) }));
  });
  afterEach(() => {
    live.uninstall();
    vi.useRealTimers();
  });

  it('shows a message as sending, then as the turn the server stored, once', async () => {
    const reply = useChatReplyStore();
    reply.begin(INTERACTION_ID);
    reply.setDraft('Hi Dana, how can I help?');
    const sending = reply.send();
    expect(reply.draft).toBe('');
    expect(reply.outbox.map((m) => m.status)).toEqual(['sending']);

    const request = live.take('chat:send');
    const stored = makeUtterance(1, { speaker: 'agent', text: 'Hi Dana, how can I help?' });
    // The push of the same turn can beat the ack.
    useLiveInteractionStore().receiveUtterance(stored);
    request.respond({ ok: true, utterance: stored });
    await sending;

    expect(reply.outbox).toEqual([]);
    expect(useLiveInteractionStore().transcript.map((u) => u.text)).toEqual(['Hi Dana, how can I help?']);
  });

  it('retries a failed message under the same clientRequestId', async () => {
    const reply = useChatReplyStore();
    reply.begin(INTERACTION_ID);
    reply.setDraft('Are you still there?');
    const sending = reply.send();
    live.take('chat:send').respond(networkFailure);
    await sending;
    expect(reply.outbox[0]).toMatchObject({ status: 'failed', error: networkFailure.error.message });

    const retrying = reply.retry(reply.outbox[0]!.clientRequestId);
    live.take('chat:send').respond({ ok: true, utterance: makeUtterance(2, { speaker: 'agent', text: 'Are you still there?' }) });
    await retrying;
    const [first, second] = live.sent.map((r) => r.payload.clientRequestId);
    expect(second).toBe(first);
    expect(reply.outbox).toEqual([]);
  });

  it('tells the customer the agent is typing once per burst, and that they stopped', () => {
    vi.useFakeTimers();
    const reply = useChatReplyStore();
    reply.begin(INTERACTION_ID);
    reply.setDraft('H');
    reply.setDraft('He');
    reply.setDraft('Hel');
    vi.advanceTimersByTime(3000);
    expect(live.notified).toEqual([
      { event: 'chat:typing', payload: { interactionId: INTERACTION_ID, typing: true } },
      { event: 'chat:typing', payload: { interactionId: INTERACTION_ID, typing: false } },
    ]);
  });
});
