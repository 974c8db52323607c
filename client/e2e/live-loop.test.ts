import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createUser } from '../../server/auth/users';
import { makeEvent } from '../../server/testing/factories';
import { postSigned } from '../../server/testing/http';
import { startTestServer, type TestServer } from '../../server/testing/server';
import { ingestEvents } from '../../server/timeline/ingest';
import type { Identity } from '../../shared/timeline';

/**
 * The live loop end to end: the real server on port 0, the console and the chat widget built
 * from this checkout, Chromium as the agent and as a visitor, and the telephony platform played
 * through the signed API. Every wait is a condition with a generous deadline, never a sleep:
 * this runs on a loaded 2-core machine.
 */

const CHROMIUM = '/usr/bin/chromium';
const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const PASSWORD = 'correct-horse-battery';
const HOUR = 60 * 60 * 1000;
const WAIT = { timeout: 20_000 };

const DANA: Identity[] = [
  { kind: 'phone', value: '+14155550199' },
  { kind: 'email', value: 'dana.whitfield@example.com' },
];

describe('the live loop in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let agentContext: BrowserContext;
  let visitorContext: BrowserContext;
  let agent: Page;
  let clientDir: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is needed at ${CHROMIUM} for the browser test (apt-get install -y chromium); CI installs it.`);
    }
    clientDir = mkdtempSync(path.join(tmpdir(), 'cue-e2e-live-'));
    await build({ configFile: path.join(REPO_ROOT, 'vite.config.ts'), build: { outDir: clientDir, emptyOutDir: true }, logLevel: 'warn' });

    // A long grace period: a slow machine must not take the agent for gone between two steps.
    // A second of after-call work, so the console is seen going from wrap-up back to waiting.
    server = await startTestServer({ clientDir, env: { PRESENCE_GRACE_SECONDS: '120', AFTER_CALL_WORK_SECONDS: '1' } });
    await createUser(server.db, { email: 'erin.agent@example.com', name: 'Erin Agent', role: 'agent', password: PASSWORD, queues: ['support', 'chat'] });
    const now = Date.now();
    const results = await ingestEvents(
      server.db,
      [
        makeEvent({
          identities: DANA,
          occurredAt: new Date(now - 48 * HOUR).toISOString(),
          channel: 'email',
          type: 'email.inbound',
          summary: 'Asked why the last bill went up',
          profile: { name: 'Dana Whitfield', attributes: { Contract: 'Month-to-month', tenure: 5 } },
        }),
        makeEvent({
          identities: DANA,
          occurredAt: new Date(now - 24 * HOUR).toISOString(),
          channel: 'email',
          type: 'survey.nps',
          data: { score: 3, comment: 'Nobody answered my email' },
        }),
        makeEvent({ identities: DANA, occurredAt: new Date(now - 2 * HOUR).toISOString(), channel: 'voice', type: 'call.inbound', summary: 'Called about an outage' }),
      ],
      { defaultPhoneRegion: 'US' },
    );
    expect(results.map((result) => result.status)).toEqual(['accepted', 'accepted', 'accepted']);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    agentContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    agent = await agentContext.newPage();
    agent.setDefaultTimeout(WAIT.timeout);
    // The visitor is someone else, in a browser of their own: no console session cookie.
    visitorContext = await browser.newContext({ viewport: { width: 480, height: 760 } });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (clientDir) rmSync(clientDir, { recursive: true, force: true });
  });

  const eventTypes = () =>
    agent.locator('article[data-event-type]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-event-type')));
  const statusRadio = (name: 'Available' | 'Away') => agent.getByRole('radio', { name });

  async function pick(status: 'Available' | 'Away') {
    // Enabled once the server has told the console the agent's state.
    await expect.poll(() => statusRadio(status).isEnabled(), WAIT).toBe(true);
    await agent.locator('label', { hasText: status }).click();
  }

  async function choose(status: 'Available' | 'Away') {
    await pick(status);
    await expect.poll(() => statusRadio(status).isChecked(), WAIT).toBe(true);
  }

  it('pops a call with the caller and their history, streams the transcript, and puts the outcome on top of the timeline', async () => {
    await agent.goto(`${server.url}/`);
    await agent.getByLabel('Email').fill('erin.agent@example.com');
    await agent.getByLabel('Password').fill(PASSWORD);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.waitForURL(/\/console$/);
    await agent.getByRole('heading', { name: 'Waiting for the next call or chat' }).waitFor();
    await agent.getByTestId('connection-status').getByText('Live').waitFor();
    await choose('Available');

    const started = await postSigned(`${server.integrationUrl}/api/v1/interactions`, {
      externalId: 'pbx-call-0001',
      channel: 'voice',
      queue: 'support',
      from: { kind: 'phone', value: '(415) 555-0199' },
    });
    expect(started.status).toBe(201);
    const { interactionId } = (await started.json()) as { interactionId: string };

    // The screen pop: who is calling, their profile and their timeline, before anyone says hello.
    await agent.getByTestId('interaction-title').getByText('Call from Dana Whitfield').waitFor();
    await expect.poll(() => agent.locator('#customer-name').innerText(), WAIT).toBe('Dana Whitfield');
    await expect.poll(eventTypes, WAIT).toEqual(['interaction.assigned', 'interaction.queued', 'call.inbound', 'survey.nps', 'email.inbound']);
    expect(await agent.getByTestId('interaction-state').innerText()).toBe('Waiting for you to accept');

    await agent.keyboard.press('a');
    await agent.getByTestId('interaction-state').getByText('In progress').waitFor();

    const say = (seq: number, speaker: 'customer' | 'agent', text: string) =>
      postSigned(`${server.integrationUrl}/api/v1/interactions/${interactionId}/utterances`, { speaker, text, seq });
    expect((await say(1, 'customer', 'My internet keeps dropping and I am sick of it, this is terrible.')).status).toBe(201);
    const firstTurn = agent.getByTestId('transcript-turn').filter({ hasText: 'My internet keeps dropping' });
    await firstTurn.waitFor();
    expect(await firstTurn.innerText()).toMatch(/Dana Whitfield[\s\S]*Negative/);
    await say(2, 'agent', 'I am sorry, let me check the line for you.');
    await say(3, 'customer', 'Thank you, that is great.');
    await expect.poll(() => agent.getByTestId('transcript-turn').count(), WAIT).toBe(3);
    expect(await agent.getByTestId('sentiment-line').getAttribute('aria-label')).toMatch(/over 2 turns/);

    await postSigned(`${server.integrationUrl}/api/v1/interactions/${interactionId}/end`, {});
    await agent.getByTestId('interaction-state').getByText('Ended: wrap up').waitFor();
    await agent.getByLabel('Disposition').selectOption({ label: 'Resolved' });
    await agent.getByLabel('Notes').fill('Line reset; outage credit applied.');
    await agent.keyboard.press('Control+Enter');
    await agent.getByTestId('wrapup-done').waitFor();

    // On top of the timeline at once (the "new events" button is for other people's events),
    // above everything that happened before the wrap-up.
    await expect
      .poll(async () => {
        const types = await eventTypes();
        return types.indexOf('outcome.recorded') >= 0 && types.indexOf('outcome.recorded') <= 1 && types.indexOf('outcome.recorded') < types.indexOf('interaction.wrap_up');
      }, WAIT)
      .toBe(true);
    expect(await agent.locator('article[data-event-type="outcome.recorded"]').innerText()).toContain('Line reset; outage credit applied.');
    // The agent is free again: the console says it is waiting, with the last contact still readable.
    await agent.getByTestId('console-idle').waitFor();
    await expect.poll(() => statusRadio('Available').isChecked(), WAIT).toBe(true);
  });

  it('carries a visitor chat both ways, with the queue, typing on both sides and the end', async () => {
    await choose('Away');
    const visitor = await visitorContext.newPage();
    visitor.setDefaultTimeout(WAIT.timeout);
    await visitor.goto(`${server.url}/chat.html`);
    await visitor.getByRole('button', { name: 'Start chat' }).click();
    await visitor.getByText('Tell us your name.').waitFor();
    await visitor.getByLabel('Your name').fill('Vera Visitor');
    await visitor.getByLabel('Email').fill('vera@example.com');
    await visitor.getByRole('button', { name: 'Start chat' }).click();
    await visitor.getByTestId('chat-status').getByText('You are number 1 in the queue').waitFor();
    await visitor.getByLabel('Your message').fill('Hello, is <b>anyone</b> there?');
    await visitor.getByLabel('Your message').press('Enter');
    await visitor.getByTestId('chat-message').filter({ hasText: 'Hello, is <b>anyone</b> there?' }).waitFor();

    // Available for a moment only: the waiting chat is routed to the agent at once (busy).
    await pick('Available');
    await agent.getByTestId('interaction-title').getByText('Chat with Vera Visitor').waitFor();
    await visitor.getByTestId('chat-status').getByText('You are chatting with Erin Agent').waitFor();
    // What the visitor typed is shown as text, never as markup.
    const visitorTurn = agent.getByTestId('transcript-turn').filter({ hasText: 'Hello, is <b>anyone</b> there?' });
    await visitorTurn.waitFor();
    expect(await visitorTurn.locator('b').count()).toBe(0);

    const reply = agent.getByLabel('Reply to Vera Visitor');
    await reply.pressSequentially('Hi Vera, I am here.', { delay: 10 });
    await visitor.getByTestId('agent-typing').getByText('Erin Agent is typing…').waitFor();
    await reply.press('Enter');
    await visitor.getByTestId('chat-message').filter({ hasText: 'Hi Vera, I am here.' }).waitFor();
    await agent.getByTestId('transcript-turn').filter({ hasText: 'Hi Vera, I am here.' }).waitFor();
    await agent.getByTestId('interaction-state').getByText('In progress').waitFor();

    await visitor.getByLabel('Your message').pressSequentially('My bill doubled this month', { delay: 10 });
    await agent.getByTestId('customer-typing').getByText('Vera Visitor is typing…').waitFor();
    await visitor.getByLabel('Your message').press('Enter');
    await agent.getByTestId('transcript-turn').filter({ hasText: 'My bill doubled this month' }).waitFor();
    await agent.getByTestId('customer-typing').waitFor({ state: 'detached' });
    await expect.poll(() => visitor.getByTestId('chat-message').count(), WAIT).toBe(3);

    await agent.getByRole('button', { name: /Wrap up and end chat/ }).click();
    await agent.getByLabel('Disposition').selectOption({ label: 'Information only' });
    await agent.getByRole('button', { name: /End chat and submit/ }).click();
    await agent.getByTestId('wrapup-done').waitFor();
    await visitor.getByTestId('chat-status').getByText('Chat ended').waitFor();
    await visitor.getByRole('button', { name: 'Start a new chat' }).waitFor();
    await agent.getByTestId('console-idle').waitFor();
  });

  it("lets the visitor end the chat, which sends the agent's console to wrap-up", async () => {
    await choose('Away');
    const visitor = await visitorContext.newPage();
    visitor.setDefaultTimeout(WAIT.timeout);
    await visitor.goto(`${server.url}/chat.html`);
    await visitor.getByLabel('Your name').fill('Walt Visitor');
    await visitor.getByLabel('Email').fill('walt@example.com');
    await visitor.getByRole('button', { name: 'Start chat' }).click();
    await visitor.getByTestId('chat-status').getByText('You are number 1 in the queue').waitFor();
    await pick('Available');
    await agent.getByTestId('interaction-title').getByText('Chat with Walt Visitor').waitFor();
    await visitor.getByTestId('chat-status').getByText('You are chatting with Erin Agent').waitFor();

    // Asked twice: the first click only asks.
    await visitor.getByRole('button', { name: 'End chat' }).click();
    await visitor.getByRole('button', { name: 'Keep chatting' }).click();
    expect(await visitor.getByTestId('chat-status').innerText()).toBe('You are chatting with Erin Agent');
    await visitor.getByRole('button', { name: 'End chat' }).click();
    await visitor.getByRole('button', { name: 'Yes, end it' }).click();
    await visitor.getByTestId('chat-status').getByText('Chat ended').waitFor();
    await agent.getByTestId('interaction-state').getByText('Ended: wrap up').waitFor();
    await agent.getByLabel('Disposition').selectOption({ label: 'Information only' });
    await agent.keyboard.press('Control+Enter');
    await agent.getByTestId('wrapup-done').waitFor();
    await agent.getByTestId('console-idle').waitFor();
  });
});
