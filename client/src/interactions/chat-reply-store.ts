import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { liveNotify, liveRequest } from '../realtime/live-requests';
import { newRequestId } from '../realtime/request-ids';
import { createTypingSignal } from '../realtime/typing-signal';
import { useLiveInteractionStore } from './live-interaction-store';

export interface OutgoingMessage {
  clientRequestId: string;
  text: string;
  status: 'sending' | 'failed';
  error: string | null;
}

/** The agent's reply box of the chat on screen: the draft, and messages not yet confirmed by the server. */
export const useChatReplyStore = defineStore('chat-reply', () => {
  const live = useLiveInteractionStore();
  const interactionId = ref<string | null>(null);
  const draft = ref('');
  /** Sent but unconfirmed (or failed) messages, shown under the transcript until the server has them. */
  const outbox = shallowRef<readonly OutgoingMessage[]>([]);

  const typing = createTypingSignal((isTyping) => {
    if (interactionId.value) liveNotify('chat:typing', { interactionId: interactionId.value, typing: isTyping });
  });

  function begin(id: string) {
    if (interactionId.value === id) return;
    typing.stop();
    interactionId.value = id;
    draft.value = '';
    outbox.value = [];
  }

  function setDraft(text: string) {
    draft.value = text;
    typing.input(text.trim().length > 0);
  }

  async function send(): Promise<void> {
    const text = draft.value.trim();
    if (!text || !interactionId.value) return;
    draft.value = '';
    typing.stop();
    const message: OutgoingMessage = { clientRequestId: newRequestId(), text, status: 'sending', error: null };
    outbox.value = [...outbox.value, message];
    await deliver(message);
  }

  /** Sends again under the same clientRequestId: if the first try did land, the server answers with it. */
  async function retry(clientRequestId: string): Promise<void> {
    const message = outbox.value.find((m) => m.clientRequestId === clientRequestId);
    if (!message || message.status !== 'failed') return;
    await deliver(message);
  }

  function discard(clientRequestId: string) {
    outbox.value = outbox.value.filter((m) => m.clientRequestId !== clientRequestId);
  }

  async function deliver(message: OutgoingMessage): Promise<void> {
    const id = interactionId.value;
    if (!id) return;
    replace(message.clientRequestId, { status: 'sending', error: null });
    const answer = await liveRequest('chat:send', { interactionId: id, text: message.text, clientRequestId: message.clientRequestId });
    if (interactionId.value !== id) return;
    if (answer.ok) {
      // The push of the same turn may come before or after this ack; the transcript keeps one per seq.
      live.receiveUtterance(answer.utterance);
      discard(message.clientRequestId);
    } else {
      replace(message.clientRequestId, { status: 'failed', error: answer.error.message });
    }
  }

  function replace(clientRequestId: string, change: Partial<OutgoingMessage>) {
    outbox.value = outbox.value.map((m) => (m.clientRequestId === clientRequestId ? { ...m, ...change } : m));
  }

  function $reset() {
    typing.stop();
    interactionId.value = null;
    draft.value = '';
    outbox.value = [];
  }

  return { interactionId, draft, outbox, begin, setDraft, send, retry, discard, $reset };
});
