import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { createUser } from '../../server/auth/users';
import { loginAs } from '../../server/testing/http';
import { startTestServer, type TestServer } from '../../server/testing/server';
import { connectAgent, disconnectAll, next } from '../../server/testing/sockets';
import type { ScreenPop } from '../../shared/interactions';
import { createVisitorChat, type VisitorChat, type VisitorSocket } from '../src/chat-widget/visitor-chat';

/**
 * The chat widget's logic against the real server over real sockets (the browser test drives
 * its page): validation at the field, the queue, both directions, resume after a reload, the end.
 */

const PASSWORD = 'correct horse battery';

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** sessionStorage as a tab has it: shared by every widget instance of the "tab". */
function tabStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

describe('the visitor chat', () => {
  let server: TestServer;
  let agentToken: string;
  const chats: VisitorChat[] = [];

  const widget = (storage: ReturnType<typeof tabStorage>) => {
    const chat = createVisitorChat({
      storage,
      fetch: (input, init) => fetch(`${server.url}${String(input)}`, init),
      // forceNew: in a browser the widget and the console are separate pages; here the agent's
      // test socket must not share (multiplex) the visitor's connection.
      createSocket: (token): VisitorSocket => io(`${server.url}/chat`, { auth: { token }, transports: ['websocket'], autoConnect: false, forceNew: true }),
    });
    chats.push(chat);
    return chat;
  };

  beforeAll(async () => {
    server = await startTestServer();
    await createUser(server.db, { email: 'ann@example.com', name: 'Ann Agent', role: 'agent', password: PASSWORD, queues: ['chat'] });
    agentToken = await loginAs(server.url, 'ann@example.com', PASSWORD);
  });

  afterAll(async () => {
    for (const chat of chats) chat.stop();
    disconnectAll();
    await server?.close();
  });

  it('names the field that is wrong, from the schema and from the server', async () => {
    const chat = widget(tabStorage());
    await chat.start({ name: ' ', email: '', phone: '' });
    expect(chat.state.fieldErrors).toEqual({ name: 'Tell us your name.', email: 'Give an email address or a phone number so we can reach you.' });
    expect(chat.state.phase).toBe('start');

    await chat.start({ name: 'Vera Visitor', email: 'vera@example', phone: '' });
    expect(chat.state.fieldErrors).toEqual({ email: 'This is not a valid email address.' });
    expect(chat.state.phase).toBe('start');
  });

  it('waits in the queue, chats both ways, survives a reload and ends', async () => {
    const storage = tabStorage();
    const chat = widget(storage);
    await chat.start({ name: 'Vera Visitor', email: 'vera@example.com', phone: '' });
    await until(() => chat.state.phase === 'waiting' && chat.state.queuePosition === 1, 'a place in the queue');
    await chat.send('Hello? Anyone there?');
    expect(chat.state.messages.map((m) => m.text)).toEqual(['Hello? Anyone there?']);
    expect(chat.state.outbox).toEqual([]);

    const agent = await connectAgent(server.url, agentToken);
    const popped = next<ScreenPop>(agent, 'interaction:assigned');
    await agent.emitWithAck('agent:status', { status: 'available' });
    const { interaction } = await popped;
    await until(() => chat.state.phase === 'chatting', 'the agent to take the chat');
    expect(chat.state.agentName).toBe('Ann Agent');

    agent.emit('chat:typing', { interactionId: interaction.id, typing: true });
    await until(() => chat.state.agentTyping, 'the agent typing');
    await agent.emitWithAck('chat:send', { interactionId: interaction.id, text: 'Hi Vera, how can I help?', clientRequestId: 'agent-msg-0001' });
    await until(() => chat.state.messages.length === 2, "the agent's message");
    expect(chat.state.agentTyping).toBe(false);

    const typedToAgent = next<{ typing: boolean }>(agent, 'interaction:typing');
    chat.draftChanged('My bill');
    expect(await typedToAgent).toEqual({ interactionId: interaction.id, typing: true });

    // A reload: the same tab storage, a new widget, a new socket; the conversation comes back once.
    chat.stop();
    const reloaded = widget(storage);
    reloaded.resume();
    await until(() => reloaded.state.messages.length === 2, 'the history after the reload');
    expect(reloaded.state.phase).toBe('chatting');
    expect(reloaded.state.agentName).toBe('Ann Agent');
    expect(reloaded.state.messages.map((m) => m.seq)).toEqual([1, 2]);

    await agent.emitWithAck('interaction:wrapup', { interactionId: interaction.id, disposition: 'resolved', clientRequestId: 'chat-wrap-0001' });
    await until(() => reloaded.state.phase === 'ended', 'the end of the chat');
    await reloaded.send('one more thing');
    expect(reloaded.state.outbox).toEqual([]);

    reloaded.startOver();
    expect(storage.getItem('cue.chat')).toBeNull();
    expect(reloaded.state.phase).toBe('start');
  });

  it("ends the chat from the widget: the agent hears of it and goes to wrap-up", async () => {
    // Away first: the agent is still available from the test before.
    const agent = await connectAgent(server.url, agentToken);
    await agent.emitWithAck('agent:status', { status: 'away' });
    const chat = widget(tabStorage());
    await chat.start({ name: 'Walt Visitor', email: 'walt@example.com', phone: '' });
    await until(() => chat.state.phase === 'waiting', 'a place in the queue');
    const popped = next<ScreenPop>(agent, 'interaction:assigned');
    await agent.emitWithAck('agent:status', { status: 'available' });
    const { interaction } = await popped;
    await until(() => chat.state.phase === 'chatting', 'the agent to take the chat');

    const ended = next<{ id: string; state: string }>(agent, 'interaction:ended');
    await chat.end();
    expect(chat.state.phase).toBe('ended');
    expect(chat.state.endError).toBeNull();
    expect(await ended).toMatchObject({ id: interaction.id, state: 'wrap_up' });
    await agent.emitWithAck('interaction:wrapup', { interactionId: interaction.id, disposition: 'resolved', clientRequestId: 'chat-wrap-0002' });
  });

  it('starts over, saying why, when the stored chat can no longer be opened', async () => {
    const storage = tabStorage();
    storage.setItem('cue.chat', JSON.stringify({ token: 'expired-or-forged', interactionId: 'x', agentName: null }));
    const chat = widget(storage);
    chat.resume();
    await until(() => chat.state.phase === 'start', 'the start form');
    expect(chat.state.notice).toMatch(/expired/);
    expect(storage.getItem('cue.chat')).toBeNull();
  });
});
