import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Interaction, Utterance } from '../../shared/interactions';
import type { User } from '../../shared/auth';
import { createUser } from '../auth/users';
import { inProcessAnalyser, type TurnAnalyser } from '../conversation/turn-analysis';
import { createLogger } from '../logger';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { InteractionService, LATE_VOICE_TURN_MS, type LiveNotifier } from './interactions';

let db: TestDatabase;
let service: InteractionService;
let agent: User;
let releaseAnalysis: () => void;
let analysisStarted: Promise<void>;
const pushed: string[] = [];

/** The real analysis, held until the test lets it go: the end arrives while a turn is being analysed. */
function heldAnalyser(): TurnAnalyser {
  const real = inProcessAnalyser();
  const released = new Promise<void>((resolve) => (releaseAnalysis = resolve));
  let started!: () => void;
  analysisStarted = new Promise<void>((resolve) => (started = resolve));
  return {
    async analyse(turn) {
      started();
      await released;
      return real.analyse(turn);
    },
    close: real.close,
  };
}

/** Records what was pushed, in order; the rest of the notifier's pushes are not this test's concern. */
const recordingNotifier = new Proxy({} as LiveNotifier, {
  get: (_target, name: string) => (first: unknown, second: unknown) => {
    if (name === 'utterance') pushed.push(`utterance ${(second as Utterance).seq}`);
    if (name === 'interactionEnded') pushed.push(`ended ${(first as Interaction).state}`);
    if (name === 'insight') pushed.push('insight');
  },
});

const startService = async () => {
  service = new InteractionService({
    db,
    logger: createLogger('silent'),
    notifier: recordingNotifier,
    defaultPhoneRegion: 'US',
    presenceGraceMs: 1_000,
    afterCallWorkMs: 0,
    analyser: heldAnalyser(),
  });
  await service.start();
};

/** The process stops (its timers and memory go with it) and the next one starts on the same database. */
const restart = async () => {
  service.stop();
  await startService();
  releaseAnalysis();
};

beforeEach(async () => {
  db = await createTestDatabase();
  await startService();
  agent = await createUser(db, { email: 'ann@example.com', name: 'Ann Agent', role: 'agent', password: 'correct horse battery', queues: ['support'] });
  service.agentConnected(agent);
  await service.setAgentStatus(agent, 'available');
});
afterEach(async () => {
  vi.useRealTimers();
  service.stop();
  await db.destroy();
  pushed.length = 0;
});

describe('an end or a wrap-up that comes in while a turn is being analysed', () => {
  it("keeps a chat's last message, then ends the chat", async () => {
    const interaction = await start('chat');
    expect(await overtakeTurnInAnalysis(interaction.id, () => service.endInteraction(interaction.id))).toMatchObject({ state: 'wrap_up' });
    expect(pushed).toEqual(['utterance 1', 'ended wrap_up', 'insight']);
    expect(await storedTurns(interaction.id)).toBe(1);
  });

  it("keeps a call's late last words that a quick wrap-up overtook", async () => {
    const interaction = await endedCall();
    expect(await overtakeTurnInAnalysis(interaction.id, () => wrapUp(interaction.id))).toMatchObject({ eventId: expect.any(String) });
    expect(await storedTurns(interaction.id)).toBe(1);
    // No insight: nothing live is left to update once the interaction is closed.
    expect(pushed).toEqual(['ended wrap_up', 'utterance 1']);
    expect(await db.models.Interaction.findByPk(interaction.id)).toMatchObject({ state: 'closed' });
  });
});

/**
 * Sends turn 1, and `overtake` while the turn is being analysed; lets the analysis go once
 * `overtake` has had time enough to commit its own write, were it not waiting for the turn.
 * The turn must be kept either way; answers what `overtake` answered.
 */
async function overtakeTurnInAnalysis<T>(interactionId: string, overtake: () => Promise<T>): Promise<T> {
  const lastWords = turn(interactionId, 1);
  await analysisStarted;
  const overtaking = overtake();
  await Promise.race([overtaking, new Promise((resolve) => setTimeout(resolve, 300))]);
  releaseAnalysis();
  await expect(lastWords).resolves.toMatchObject({ duplicate: false, utterance: { seq: 1 } });
  return overtaking;
}

const start = async (channel: 'voice' | 'chat') => {
  const from = channel === 'voice' ? { kind: 'phone' as const, value: '+1 212 736 5000' } : { kind: 'email' as const, value: 'vera@example.com' };
  const { interaction } = await service.startInteraction({ externalId: `${channel}-1`, channel, queue: 'support', from });
  expect(interaction.state).toBe('assigned');
  return interaction;
};
const turn = (interactionId: string, seq: number) => service.appendUtterance(interactionId, { speaker: 'customer', text: `Turn ${seq}: cancel the extra line.`, seq });
const storedTurns = (interactionId: string) => db.models.Utterance.count({ where: { interactionId } });
/** A call answered and then ended: the agent is in wrap-up. */
const endedCall = async () => {
  const interaction = await start('voice');
  await service.accept(agent, interaction.id);
  await service.endInteraction(interaction.id);
  return interaction;
};
const wrapUp = (interactionId: string) => service.wrapUp(agent, { interactionId, disposition: 'resolved', clientRequestId: `wrap-${interactionId}` });

describe('turns that arrive after the end', () => {
  beforeEach(() => releaseAnalysis());

  it("keeps a call's last words that speech recognition sends after the caller hung up, while the agent wraps up", async () => {
    const interaction = await start('voice');
    await expect(service.endInteraction(interaction.id)).resolves.toMatchObject({ state: 'wrap_up' });
    await expect(turn(interaction.id, 1)).resolves.toMatchObject({ duplicate: false, utterance: { seq: 1 } });
    expect(pushed).toEqual(['ended wrap_up', 'utterance 1', 'insight']);
    expect(await storedTurns(interaction.id)).toBe(1);
  });

  it('keeps them after a quick wrap-up too: the transcript is the record of the call', async () => {
    const interaction = await endedCall();
    await wrapUp(interaction.id);
    await expect(turn(interaction.id, 1)).resolves.toMatchObject({ duplicate: false, utterance: { seq: 1 } });
    expect(await storedTurns(interaction.id)).toBe(1);
    await expect(service.utterancesAfter(interaction.id, 0)).resolves.toMatchObject([{ seq: 1 }]);
  });

  it(`refuses a call's turn more than ${LATE_VOICE_TURN_MS / 1000} s after the end, in wrap-up or wrapped up`, async () => {
    const interaction = await endedCall();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + LATE_VOICE_TURN_MS + 1 });
    await expect(turn(interaction.id, 1)).rejects.toMatchObject({ code: 'conflict', message: 'the interaction is wrap-up' });
    await wrapUp(interaction.id);
    await expect(turn(interaction.id, 2)).rejects.toMatchObject({ code: 'conflict', message: 'the interaction is closed' });
    expect(await storedTurns(interaction.id)).toBe(0);
  });

  it('keeps them after a restart that came between the wrap-up and the late words', async () => {
    const interaction = await endedCall();
    await turn(interaction.id, 1);
    await wrapUp(interaction.id);
    await restart();
    await expect(turn(interaction.id, 2)).resolves.toMatchObject({ duplicate: false, utterance: { seq: 2 } });
    // The transcript came back with the restart: a retry of turn 1 is a duplicate, not a second copy.
    await expect(turn(interaction.id, 1)).resolves.toMatchObject({ duplicate: true });
    expect(await storedTurns(interaction.id)).toBe(2);
  });

  it(`refuses them after a restart once the ${LATE_VOICE_TURN_MS / 1000} s have passed`, async () => {
    const interaction = await endedCall();
    await wrapUp(interaction.id);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + LATE_VOICE_TURN_MS + 1 });
    await restart();
    await expect(turn(interaction.id, 1)).rejects.toMatchObject({ code: 'conflict', message: 'the interaction is closed' });
    expect(await storedTurns(interaction.id)).toBe(0);
  });

  it('refuses a chat message once the chat ended', async () => {
    const chat = await start('chat');
    await service.endInteraction(chat.id);
    await expect(turn(chat.id, 1)).rejects.toMatchObject({ code: 'conflict', message: 'the interaction is wrap-up' });
    expect(await storedTurns(chat.id)).toBe(0);
  });
});
