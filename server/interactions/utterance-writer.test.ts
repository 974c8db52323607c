import { randomUUID } from 'node:crypto';
import { UniqueConstraintError } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Utterance } from '../../shared/interactions';
import { createTestDatabase, holdWriter, type TestDatabase } from '../testing/database';
import { makeEvent } from '../testing/factories';
import { ingestEvents } from '../timeline/ingest';
import { UtteranceWriter } from './utterance-writer';

let db: TestDatabase;
let interactionId: string;
beforeAll(async () => {
  db = await createTestDatabase();
  const [caller] = await ingestEvents(db, [makeEvent()], { defaultPhoneRegion: 'US' });
  interactionId = randomUUID();
  await db.models.Interaction.create({
    id: interactionId, externalId: 'call-1', channel: 'voice', queue: 'support', customerId: caller!.customerId!, agentId: null, state: 'active',
    fromKind: 'phone', fromValue: '+16465550100', startedAt: new Date(), assignedAt: null, endedAt: null, closedAt: null, wrapup: null,
  });
});
afterAll(() => db.destroy());

const turn = (seq: number): Utterance => ({
  interactionId,
  seq,
  speaker: 'customer',
  text: `I want to cancel, turn ${seq}`,
  at: new Date(Date.UTC(2026, 0, 1, 10, 0, seq)).toISOString(),
  sentiment: { score: -0.4, label: 'negative' },
  signals: [{ code: 'cancel_intent', text: 'Said they want to cancel', weight: 1, conditional: false, words: 'want to cancel', start: 2, end: 16 }],
  defectionMoment: true,
});

describe('UtteranceWriter', () => {
  it('stores the turns that arrive while the writer is busy with one INSERT, as they were pushed', async () => {
    const writer = new UtteranceWriter(db);
    const query = vi.spyOn(db, 'query');
    let inserts: unknown[];
    try {
      // The writer is held by another write while the turns arrive.
      const { release, held } = await holdWriter(db);
      const stored = [1, 2, 3].map((seq) => writer.store(turn(seq), seq === 2 ? 'msg-2' : null));
      release();
      await Promise.all([held, ...stored]);
      inserts = query.mock.calls.filter(([sql]) => sql.includes('INSERT INTO "utterances"'));
    } finally {
      query.mockRestore();
    }
    expect(inserts).toHaveLength(1);
    const rows = await db.models.Utterance.findAll({ where: { interactionId }, order: [['seq', 'ASC']] });
    expect(rows.map((row) => row.seq)).toEqual([1, 2, 3]);
    expect(rows[1]).toMatchObject({ clientRequestId: 'msg-2', sentimentScore: -0.4, sentimentLabel: 'negative', defectionMoment: true, signals: turn(2).signals });
    expect(rows[0]!.at.toISOString()).toBe(turn(1).at);
  });

  it('fails only the turn that cannot be stored when a batch fails', async () => {
    const writer = new UtteranceWriter(db);
    const { release, held } = await holdWriter(db);
    // seq 3 is already stored: the batch's INSERT fails on the key, and each turn is tried alone.
    const results = [4, 3, 5].map((seq) => writer.store(turn(seq), null).then(() => 'stored', (error: unknown) => error));
    release();
    await held;
    const [four, three, five] = await Promise.all(results);
    expect(four).toBe('stored');
    expect(five).toBe('stored');
    expect(three).toBeInstanceOf(UniqueConstraintError);
    expect((await db.models.Utterance.findAll({ where: { interactionId } })).map((row) => row.seq).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
