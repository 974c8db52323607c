import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { AwaitedReplies, batchedPost } from './worker-threads';

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

describe('AwaitedReplies', () => {
  it('settles each request by its id, once, and rejects those still waiting when told', async () => {
    const replies = new AwaitedReplies<string>();
    const first = replies.open();
    const second = replies.open();
    const third = replies.open();
    expect(new Set([first.id, second.id, third.id]).size).toBe(3);
    replies.settle(second.id, { value: 'two' });
    replies.settle(first.id, { error: new Error('one failed') });
    replies.settle(first.id, { value: 'too late' });
    await expect(second.reply).resolves.toBe('two');
    await expect(first.reply).rejects.toThrow('one failed');
    replies.rejectAll(new Error('the thread exited'));
    await expect(third.reply).rejects.toThrow('the thread exited');
  });
});
