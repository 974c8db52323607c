import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Interaction, Utterance } from '../../shared/interactions';
import { createUser } from '../auth/users';
import { inProcessAnalyser, type TurnAnalyser } from '../conversation/turn-analysis';
import { createLogger } from '../logger';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { InteractionService, type LiveNotifier } from './interactions';

let db: TestDatabase;
let service: InteractionService;
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
  },
});

beforeEach(async () => {
  db = await createTestDatabase();
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
});
afterEach(async () => {
  service.stop();
  await db.destroy();
  pushed.length = 0;
});

describe('ending a call while its last turn is being analysed', () => {
  it('keeps the turn, then moves the call to wrap-up', async () => {
    const agent = await createUser(db, { email: 'ann@example.com', name: 'Ann Agent', role: 'agent', password: 'correct horse battery', queues: ['support'] });
    service.agentConnected(agent);
    await service.setAgentStatus(agent, 'available');
    const { interaction } = await service.startInteraction({ externalId: 'call-1', channel: 'voice', queue: 'support', from: { kind: 'phone', value: '+1 212 736 5000' } });
    expect(interaction.state).toBe('assigned');

    const lastWords = service.appendUtterance(interaction.id, { speaker: 'customer', text: 'One more thing: cancel the extra line.', seq: 1 });
    await analysisStarted;
    const ended = service.endInteraction(interaction.id);
    // Time enough for the end's own write to commit, were it not waiting for the turn.
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 300))]);
    releaseAnalysis();

    await expect(lastWords).resolves.toMatchObject({ duplicate: false, utterance: { seq: 1 } });
    await expect(ended).resolves.toMatchObject({ state: 'wrap_up' });
    expect(pushed).toEqual(['utterance 1', 'ended wrap_up']);
    expect(await db.models.Utterance.count({ where: { interactionId: interaction.id } })).toBe(1);
  });
});
