import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { batchedPost } from './worker-threads';

describe('batchedPost', () => {
  it('sends the messages of one turn of the event loop as one batch, in order, and the next turn’s as another', async () => {
    const sent: number[][] = [];
    const post = batchedPost<number>((batch) => sent.push(batch));
    post(1);
    post(2);
    await Promise.resolve();
    post(3);
    expect(sent).toEqual([]);
    await nextTurn();
    post(4);
    await nextTurn();
    expect(sent).toEqual([[1, 2, 3], [4]]);
  });

  it('flushed by microtask: takes in what the microtasks already queued post, without waiting for the turn to end', async () => {
    const sent: string[][] = [];
    const post = batchedPost<string>((batch) => sent.push(batch), queueMicrotask);
    // As when a batch of calls runs: the others are queued by the time the first one posts.
    queueMicrotask(() => post('b'));
    post('a');
    expect(sent).toEqual([]);
    await Promise.resolve();
    await Promise.resolve();
    expect(sent).toEqual([['a', 'b']]);
    await nextTurn();
    expect(sent).toEqual([['a', 'b']]);
  });
});
