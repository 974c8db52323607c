import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Op } from 'sequelize';
import { DISPOSITIONS } from '../../shared/interactions';
import { createUser } from '../auth/users';
import { createLogger } from '../logger';
import { postSigned } from '../testing/http';
import { startTestServer, TEST_WEBHOOK_SECRET, type TestServer } from '../testing/server';
import { collect, connectVisitor, disconnectAll, eventually, next } from '../testing/sockets';
import { CONVERSATION_SCRIPTS, TEST_CARD_NUMBERS } from './scripts';
import { simulatedAgentAccounts, startSimulator, type SimulatorPacing } from './simulator';

const AGENT_PASSWORD = 'simulated agents only';
const SEEDED_CUSTOMERS = [
  { kind: 'phone' as const, value: '+12127365000', name: 'Grace Hopper' },
  { kind: 'phone' as const, value: '+14155552671', name: 'Alan Turing' },
  { kind: 'phone' as const, value: '+16175550199', name: 'Ada Lovelace' },
];
/** Seconds become milliseconds: the same flow as the demo, fast enough for a test. */
// A long answer wait: on a busy machine an accept can take seconds, and a chat whose visitor stops waiting has no agent lines to check.
const FAST: Partial<SimulatorPacing> = { turnDelayMs: [5, 25], ringDelayMs: [5, 25], offerDelayMs: [5, 25], wrapupDelayMs: [5, 25], answerWaitMs: 10_000 };
const silent = createLogger('silent');

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { AFTER_CALL_WORK_SECONDS: '0' } });
  for (const account of simulatedAgentAccounts(4, AGENT_PASSWORD)) await createUser(server.db, account);
  // Seeded customers with some history, as the demo seed leaves them.
  const events = SEEDED_CUSTOMERS.map((c, i) => ({
    source: 'crm',
    sourceEventId: `seed-${i}`,
    occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
    channel: 'email',
    type: 'email.inbound',
    customer: { identities: [{ kind: c.kind, value: c.value }], profile: { name: c.name } },
    summary: 'Asked about the new plans',
  }));
  const res = await postSigned(`${server.integrationUrl}/api/v1/events`, { events });
  expect(res.status).toBe(200);
});
afterAll(() => server?.close());

describe('the simulator', () => {
  it('runs calls and chats end to end through the public surfaces: routed, answered, transcribed, wrapped up on the timeline', async () => {
    const { Interaction, Utterance, TimelineEvent, Customer } = server.db.models;
    const simulator = await startSimulator({
      baseUrl: server.url,
      integrationUrl: server.integrationUrl,
      webhookSecret: TEST_WEBHOOK_SECRET,
      agents: 4,
      agentPassword: AGENT_PASSWORD,
      ratePerMinute: 900,
      logger: silent,
      seed: 2026,
      callers: SEEDED_CUSTOMERS,
      chatShare: 0.35,
      pacing: FAST,
      maxConcurrent: 6,
    });
    const closedWithOutcome = (channel: string) => Interaction.count({ where: { channel, state: 'closed', wrapup: { [Op.ne]: null } } });
    try {
      await eventuallyAsync(async () => (await closedWithOutcome('voice')) >= 6 && (await closedWithOutcome('chat')) >= 2, 20_000);
    } finally {
      await simulator.stop();
    }
    const stats = simulator.stats();
    expect(stats.active).toBe(0);
    expect(stats.started.voice).toBeGreaterThan(0);
    expect(stats.started.chat).toBeGreaterThan(0);

    const closed = await Interaction.findAll({ where: { state: 'closed', wrapup: { [Op.ne]: null } } });
    // The agents offer the top suggested action of each interaction during the call, or before
    // wrapping it up if the call ended first, and file the answer (repeat callers may have none left: the contact policy caps offers per customer).
    const { NbaOffer } = server.db.models;
    const offeredOn = new Set((await NbaOffer.findAll({ attributes: ['interactionId'], where: { interactionId: closed.map((i) => i.id) } })).map((o) => o.interactionId));
    const answeredOn = new Set(
      (await NbaOffer.findAll({ attributes: ['interactionId'], where: { interactionId: closed.map((i) => i.id), response: { [Op.ne]: null } } })).map((o) => o.interactionId),
    );
    expect(offeredOn.size).toBeGreaterThan(0);
    expect(answeredOn).toEqual(offeredOn);
    // Offered while the customer was on the line, not only after the call.
    const answers = await NbaOffer.findAll({ where: { interactionId: closed.map((i) => i.id), response: { [Op.ne]: null } } });
    const endedAt = new Map(closed.map((i) => [i.id, i.endedAt!.getTime()]));
    expect(answers.filter((offer) => offer.respondedAt!.getTime() < endedAt.get(offer.interactionId)!).length).toBeGreaterThan(0);
    const scriptedNotes = new Set(CONVERSATION_SCRIPTS.flatMap((s) => s.outcomes.map((o) => o.disposition)));
    for (const interaction of closed) {
      expect(interaction.agentId).not.toBeNull();
      expect(DISPOSITIONS).toContain(interaction.wrapup!.disposition);
      expect(scriptedNotes).toContain(interaction.wrapup!.disposition);
      expect(interaction.wrapup!.notes).toBeTruthy();

      const turns = await Utterance.findAll({ where: { interactionId: interaction.id }, order: [['seq', 'ASC']] });
      expect(turns.length, interaction.id).toBeGreaterThanOrEqual(3);
      expect(turns.map((t) => t.seq)).toEqual(turns.map((_, i) => i + 1));
      expect(turns.some((t) => t.speaker === 'customer' && t.sentimentLabel !== null)).toBe(true);
      // Agent lines of a chat come from the simulated agent's chat:send, of a call from the transcription feed.
      expect(turns.some((t) => t.speaker === 'agent'), `${interaction.channel} ${interaction.id}`).toBe(true);

      const timeline = await TimelineEvent.findAll({ where: { customerId: interaction.customerId } });
      const ofThis = timeline.filter((e) => (e.data as { interactionId?: string } | null)?.interactionId === interaction.id).map((e) => e.type);
      expect(ofThis).toEqual(expect.arrayContaining(['interaction.queued', 'interaction.assigned', 'interaction.active', 'interaction.wrap_up', 'interaction.closed', 'outcome.recorded']));
      expect(ofThis.filter((t) => t === 'outcome.recorded')).toHaveLength(1);
    }

    // Calls come from the seeded customers given to it, who keep their names.
    const seeded = await Customer.findAll({ where: { name: SEEDED_CUSTOMERS.map((c) => c.name) } });
    expect(seeded).toHaveLength(SEEDED_CUSTOMERS.length);
    const seededIds = new Set(seeded.map((c) => c.id));
    expect(closed.some((i) => i.channel === 'voice' && seededIds.has(i.customerId))).toBe(true);

    // What callers read out never lands in full: every stored turn is redacted.
    const everything = (await Utterance.findAll()).map((u) => u.text.replace(/[\s-]/g, '')).join('\n');
    for (const card of TEST_CARD_NUMBERS) expect(everything).not.toContain(card);
  });

  it('answers a visitor it did not script, as one of its simulated agents, by what they said', async () => {
    // A server of its own: chats the first test's simulator left in the queue would come first.
    const quiet = await startTestServer();
    for (const account of simulatedAgentAccounts(1, AGENT_PASSWORD)) await createUser(quiet.db, account);
    const simulator = await startSimulator({
      baseUrl: quiet.url,
      integrationUrl: quiet.integrationUrl,
      webhookSecret: TEST_WEBHOOK_SECRET,
      agents: 1,
      agentPassword: AGENT_PASSWORD,
      ratePerMinute: 0,
      logger: silent,
      seed: 7,
      pacing: { ...FAST, replyDelayMs: [5, 25] },
    });
    try {
      const res = await fetch(`${quiet.url}/api/v1/chat/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Robin Reyes', email: 'robin.reyes@example.com' }),
      });
      expect(res.status).toBe(201);
      const { token } = (await res.json()) as { token: string };
      const visitor = await connectVisitor(quiet.url, token);
      const typing = collect<{ typing: boolean }>(visitor, 'chat:typing');
      const fromAgent = (text: RegExp) => next<{ speaker: string; text: string }>(visitor, 'chat:message', (m) => m.speaker === 'agent' && text.test(m.text), 15_000);

      const greeting = fromAgent(/simulated agent/);
      expect(await visitor.emitWithAck('chat:send', { text: 'Hello, is anyone there?', clientRequestId: 'robin-00001' })).toMatchObject({ ok: true });
      expect((await greeting).text).toMatch(/^Hi Robin, thanks for waiting\./);

      const answer = fromAgent(/thinking of leaving/);
      await visitor.emitWithAck('chat:send', { text: "I want to cancel my account, I'm switching to another provider.", clientRequestId: 'robin-00002' });
      await answer;
      expect(typing).toContainEqual({ typing: true });
    } finally {
      disconnectAll();
      await simulator.stop();
      await quiet.close();
    }
  });

  it('keeps running and stops cleanly when the server refuses or is not there', async () => {
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push((JSON.parse(line) as { msg: string }).msg) });

    const wrongPassword = await startSimulator({
      baseUrl: server.url,
      integrationUrl: server.integrationUrl,
      webhookSecret: 'whsec_wrong_0123456789abcdef0123456789abcdef',
      agents: [{ email: 'nobody@example.com', password: 'not the password' }],
      ratePerMinute: 1200,
      logger,
      seed: 1,
      pacing: FAST,
    });
    await eventually(() => wrongPassword.stats().failed >= 3, 5_000);
    await wrongPassword.stop();
    expect(warnings).toContain('simulator: agent could not sign in; retrying');
    expect(warnings).toContain('simulator: a conversation failed');

    const nowhere = await startSimulator({
      baseUrl: 'http://127.0.0.1:9',
      integrationUrl: 'http://127.0.0.1:9',
      webhookSecret: TEST_WEBHOOK_SECRET,
      agents: [{ email: 'nobody@example.com', password: 'irrelevant' }],
      ratePerMinute: 1200,
      logger,
      seed: 2,
      pacing: FAST,
    });
    await eventually(() => nowhere.stats().failed >= 3, 5_000);
    await nowhere.stop();
    expect(nowhere.stats().active).toBe(0);
  });
});

async function eventuallyAsync(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
