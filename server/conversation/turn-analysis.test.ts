import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { analyseTurn, WorkerAnalyser, type TurnToAnalyse } from './turn-analysis';

const turns: TurnToAnalyse[] = [
  { text: 'My card is 4111 1111 1111 1111, expiry next May.', speaker: 'customer', previousTurn: undefined, earlierSentiment: [] },
  { text: '737', speaker: 'customer', previousTurn: 'And the three digits on the back of the card?', earlierSentiment: [0.1] },
  { text: 'This is the third outage this month. I want to cancel and go to Verizon.', speaker: 'customer', previousTurn: 'How can I help?', earlierSentiment: [0.2, -0.3] },
  { text: 'Let me check that for you, my number is 415 555 0132.', speaker: 'agent', previousTurn: undefined, earlierSentiment: [] },
];

// Taken as busy: every turn goes to the worker thread.
const worker = new WorkerAnalyser(['Verizon', 'Acme Fiber'], () => 1);
afterAll(() => worker.close());

describe('turn analysis', () => {
  it('redacts before it scores, and scores and reads signals in customer turns only', () => {
    const [card, code, leaving, agent] = turns.map((turn) => analyseTurn(turn));
    expect(card!.text).not.toContain('4111 1111 1111 1111');
    expect(card!.text).toContain('1111');
    expect(code!.text).not.toContain('737');
    expect(leaving!.sentiment!.score).toBeLessThan(0);
    expect(leaving!.signals.map((s) => s.code)).toEqual(expect.arrayContaining(['cancel_intent', 'competitor_named']));
    expect(agent).toEqual({ text: turns[3]!.text, sentiment: null, signals: [] });
  });

  it('gives the same answers on the worker thread, each to its own request', async () => {
    const answers = await Promise.all([...turns, ...turns].map((turn) => worker.analyse(turn)));
    const expected = turns.map((turn) => analyseTurn(turn, ['Verizon', 'Acme Fiber']));
    expect(answers).toEqual([...expected, ...expected]);
  });

  it('analyses a turn in place while the main thread is quiet, and on the worker once it is busy', async () => {
    let busy = 0.2;
    const analyser = new WorkerAnalyser(['Verizon', 'Acme Fiber'], () => busy);
    const sent = vi.spyOn(Worker.prototype, 'postMessage');
    try {
      const expected = analyseTurn(turns[2]!, ['Verizon', 'Acme Fiber']);
      expect(await analyser.analyse(turns[2]!)).toEqual(expected);
      expect(sent).not.toHaveBeenCalled();
      busy = 0.8;
      expect(await analyser.analyse(turns[2]!)).toEqual(expected);
      expect(sent).toHaveBeenCalledTimes(1);
    } finally {
      sent.mockRestore();
      await analyser.close();
    }
  });

  it('hears the competitors it was given', async () => {
    const answer = await worker.analyse({ text: 'Acme Fiber offered me half the price.', speaker: 'customer', previousTurn: undefined, earlierSentiment: [] });
    expect(answer.signals.map((s) => s.code)).toContain('competitor_named');
  });
});
