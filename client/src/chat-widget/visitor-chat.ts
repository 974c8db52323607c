import { io, type Socket } from 'socket.io-client';
import { reactive, readonly } from 'vue';
import type { ErrorBody } from '../../../shared/errors';
import type { StartChatResponse, VisitorClientToServerEvents, VisitorMessage, VisitorServerToClientEvents } from '../../../shared/realtime';
import { mergeBySeq } from '../realtime/merge-by-seq';
import { newRequestId } from '../realtime/request-ids';
import { createTypingSignal, TYPING_EXPIRES_MS } from '../realtime/typing-signal';
import { toStartChatRequest, validateStartChat, type StartChatErrors, type StartChatForm } from './start-chat-validation';

export type VisitorSocket = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;

export type VisitorChatPhase = 'start' | 'starting' | 'connecting' | 'waiting' | 'chatting' | 'ended';

export interface OutgoingVisitorMessage {
  clientRequestId: string;
  text: string;
  status: 'sending' | 'failed';
  error: string | null;
}

export interface VisitorChatState {
  phase: VisitorChatPhase;
  /** Null while waiting without a known place (a resumed chat), then the place, then null once assigned. */
  queuePosition: number | null;
  agentName: string | null;
  messages: readonly VisitorMessage[];
  outbox: readonly OutgoingVisitorMessage[];
  agentTyping: boolean;
  reconnecting: boolean;
  fieldErrors: StartChatErrors;
  formError: string | null;
  /** Something to tell the visitor on the start form (their previous chat expired). */
  notice: string | null;
  /** The visitor asked to end the chat and the answer is awaited. */
  ending: boolean;
  /** Why ending the chat did not work, to try again. */
  endError: string | null;
}

/** What the widget keeps in sessionStorage so a reload resumes the same chat (and a new tab does not). */
interface StoredChat {
  token: string;
  interactionId: string;
  agentName: string | null;
}

export interface VisitorChatDeps {
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  fetch?: typeof fetch;
  createSocket?: (token: string) => VisitorSocket;
}

const STORAGE_KEY = 'cue.chat';

/** The server names a field's problem as a predicate ("is not a valid email address"); under the field it reads as a sentence. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  const capitalised = trimmed.startsWith('is ') ? `This ${trimmed}` : trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Same origin as the page; only the visitor token opens the /chat namespace, no cookie needed.
 * WebSocket first (as the console): no sticky long-polling, with polling as the fallback.
 */
const defaultSocket = (token: string): VisitorSocket =>
  io('/chat', { auth: { token }, autoConnect: false, transports: ['websocket', 'polling'], tryAllTransports: true });

/**
 * The visitor's side of a live chat: start it, wait in the queue, talk to the agent, resume
 * after a reload or a dropped connection without losing or doubling a message.
 */
export function createVisitorChat({ storage = sessionStorage, fetch: fetchFn = (...args) => fetch(...args), createSocket = defaultSocket }: VisitorChatDeps = {}) {
  const state = reactive<VisitorChatState>({
    phase: 'start',
    queuePosition: null,
    agentName: null,
    messages: [],
    outbox: [],
    agentTyping: false,
    reconnecting: false,
    fieldErrors: {},
    formError: null,
    notice: null,
    ending: false,
    endError: null,
  });
  let socket: VisitorSocket | null = null;
  let stored: StoredChat | null = null;
  let agentTypingTimer: ReturnType<typeof setTimeout> | null = null;
  const typing = createTypingSignal((isTyping) => {
    if (socket?.connected && state.phase === 'chatting') socket.emit('chat:typing', { typing: isTyping });
  });

  function save(next: StoredChat | null) {
    stored = next;
    if (next) storage.setItem(STORAGE_KEY, JSON.stringify(next));
    else storage.removeItem(STORAGE_KEY);
  }

  function load(): StoredChat | null {
    try {
      const value: unknown = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null');
      if (typeof value === 'object' && value !== null && typeof (value as StoredChat).token === 'string') return value as StoredChat;
    } catch {
      // A damaged entry is no chat to resume; the visitor starts a new one.
    }
    return null;
  }

  /** Resumes the chat this tab had open (a reload), if any. */
  function resume(): void {
    const previous = load();
    if (!previous) return;
    stored = previous;
    state.agentName = previous.agentName;
    connect(previous.token);
  }

  async function start(form: StartChatForm): Promise<void> {
    if (state.phase !== 'start') return;
    state.formError = null;
    state.notice = null;
    state.fieldErrors = await validateStartChat(form);
    if (Object.keys(state.fieldErrors).length > 0) return;
    state.phase = 'starting';
    try {
      const response = await fetchFn('/api/v1/chat/sessions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(toStartChatRequest(form)),
      });
      if (!response.ok) {
        state.phase = 'start';
        const body = (await response.json().catch(() => null)) as ErrorBody | null;
        const field = body?.error.field;
        const message = body?.error.message ?? `The chat could not be started (${response.status}).`;
        // The server names the field the visitor knows ("email: not a valid email address").
        if (field === 'name' || field === 'email' || field === 'phone') state.fieldErrors = { [field]: asSentence(message.replace(`${field}: `, '')) };
        else state.formError = response.status === 429 ? 'Too many chats started from here. Please try again in a few minutes.' : message;
        return;
      }
      const { token, interactionId } = (await response.json()) as StartChatResponse;
      save({ token, interactionId, agentName: null });
      connect(token);
    } catch {
      state.phase = 'start';
      state.formError = 'We could not reach the chat service. Check your connection and try again.';
    }
  }

  function connect(token: string) {
    state.phase = 'connecting';
    const current = createSocket(token);
    socket = current;
    current.on('connect', () => {
      state.reconnecting = false;
      if (state.phase === 'connecting') state.phase = state.agentName ? 'chatting' : 'waiting';
      // Recovered: the server replayed what was missed. Otherwise ask for every message after the last one held.
      if (!current.recovered) void catchUp(current);
    });
    current.on('disconnect', (reason) => {
      if (reason !== 'io client disconnect') state.reconnecting = true;
    });
    current.on('connect_error', (error) => {
      if (error.message === 'unauthorized') {
        // The visitor token expired (or was never valid): this chat cannot be reopened.
        stop();
        save(null);
        reset('Your previous chat has expired. Start a new one below.');
        return;
      }
      state.reconnecting = true;
    });
    current.on('chat:queue', ({ position, agentName }) => {
      if (state.phase === 'ended') return;
      if (agentName) {
        state.agentName = agentName;
        state.queuePosition = null;
        state.phase = 'chatting';
        if (stored) save({ ...stored, agentName });
      } else {
        state.queuePosition = position;
        state.phase = 'waiting';
      }
    });
    current.on('chat:message', (message) => receive([message]));
    current.on('chat:typing', ({ typing: isTyping }) => setAgentTyping(isTyping));
    current.on('chat:ended', endedHere);
    current.connect();
  }

  async function catchUp(from: VisitorSocket): Promise<void> {
    const afterSeq = state.messages.at(-1)?.seq ?? 0;
    try {
      const answer = await from.timeout(REQUEST_TIMEOUT_MS).emitWithAck('chat:history', { afterSeq });
      if (answer.ok) receive(answer.messages);
    } catch {
      // No answer: the next reconnect asks again from the same place.
    }
  }

  function receive(messages: readonly VisitorMessage[]) {
    state.messages = mergeBySeq(state.messages, messages);
    if (messages.some((m) => m.speaker === 'agent')) {
      setAgentTyping(false);
      // An agent's message means someone took the chat, even if the assignment notice was missed.
      if (state.phase === 'waiting') state.phase = 'chatting';
    }
  }

  function setAgentTyping(isTyping: boolean) {
    if (agentTypingTimer) clearTimeout(agentTypingTimer);
    agentTypingTimer = null;
    state.agentTyping = isTyping;
    // An agent whose connection dropped mid-sentence never says "stopped".
    if (isTyping) agentTypingTimer = setTimeout(() => setAgentTyping(false), TYPING_EXPIRES_MS);
  }

  function draftChanged(text: string) {
    typing.input(text.trim().length > 0);
  }

  async function send(text: string): Promise<void> {
    const trimmed = text.trim();
    if (!trimmed || state.phase === 'ended') return;
    typing.stop();
    const message: OutgoingVisitorMessage = { clientRequestId: newRequestId(), text: trimmed, status: 'sending', error: null };
    state.outbox = [...state.outbox, message];
    await deliver(message.clientRequestId);
  }

  /** Sends again under the same clientRequestId, so a message whose answer was lost is stored once. */
  async function retry(clientRequestId: string): Promise<void> {
    await deliver(clientRequestId);
  }

  function discard(clientRequestId: string) {
    state.outbox = state.outbox.filter((m) => m.clientRequestId !== clientRequestId);
  }

  async function deliver(clientRequestId: string): Promise<void> {
    const message = state.outbox.find((m) => m.clientRequestId === clientRequestId);
    if (!message) return;
    update(clientRequestId, { status: 'sending', error: null });
    const current = socket;
    if (!current?.connected) return update(clientRequestId, { status: 'failed', error: 'Not connected. Reconnecting…' });
    try {
      const answer = await current.timeout(REQUEST_TIMEOUT_MS).emitWithAck('chat:send', { text: message.text, clientRequestId });
      if (answer.ok) {
        receive([answer.message]);
        discard(clientRequestId);
      } else {
        update(clientRequestId, { status: 'failed', error: answer.error.code === 'conflict' ? 'The chat has ended.' : answer.error.message });
      }
    } catch {
      update(clientRequestId, { status: 'failed', error: 'No answer from the chat service.' });
    }
  }

  function update(clientRequestId: string, change: Partial<OutgoingVisitorMessage>) {
    state.outbox = state.outbox.map((m) => (m.clientRequestId === clientRequestId ? { ...m, ...change } : m));
  }

  /**
   * The visitor is done: the chat leaves the queue, or ends for the agent too, who goes to
   * wrap-up. Closing the page does the same once the server's grace period for reloads is over.
   */
  async function end(): Promise<void> {
    const current = socket;
    if (!current || state.phase === 'ended' || state.ending) return;
    state.ending = true;
    state.endError = null;
    try {
      const answer = await current.timeout(REQUEST_TIMEOUT_MS).emitWithAck('chat:end', {});
      if (answer.ok) endedHere();
      else state.endError = answer.error.message;
    } catch {
      state.endError = 'No answer from the chat service. Try again.';
    } finally {
      state.ending = false;
    }
  }

  function endedHere() {
    state.phase = 'ended';
    setAgentTyping(false);
    typing.stop();
  }

  /** After a chat ended: forget it and show the start form again. */
  function startOver() {
    stop();
    save(null);
    reset(null);
  }

  function reset(notice: string | null) {
    Object.assign(state, {
      phase: 'start',
      queuePosition: null,
      agentName: null,
      messages: [],
      outbox: [],
      agentTyping: false,
      reconnecting: false,
      fieldErrors: {},
      formError: null,
      notice,
      ending: false,
      endError: null,
    } satisfies VisitorChatState);
  }

  /** Closes the connection and every timer (the page is going away, or the chat is over). */
  function stop() {
    typing.stop();
    if (agentTypingTimer) clearTimeout(agentTypingTimer);
    agentTypingTimer = null;
    socket?.removeAllListeners();
    socket?.disconnect();
    socket = null;
  }

  return { state: readonly(state), resume, start, draftChanged, send, retry, discard, end, startOver, stop };
}

export type VisitorChat = ReturnType<typeof createVisitorChat>;
