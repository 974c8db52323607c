import { describe, expect, it } from 'vitest';
import type { Utterance } from '../../shared/interactions';
import { LiveTranscript } from './live-transcript';

const turn = (seq: number, text = `turn ${seq}`): Utterance => ({
  interactionId: 'i-1',
  seq,
  speaker: 'customer',
  text,
  at: new Date(Date.UTC(2026, 0, 1, 10, 0, seq)).toISOString(),
  sentiment: null,
  signals: [],
  defectionMoment: false,
});

describe('LiveTranscript', () => {
  it('keeps turns in seq order when a late one arrives after a later one', () => {
    const transcript = new LiveTranscript();
    for (const seq of [1, 3, 2, 5]) transcript.add(turn(seq), null, Promise.resolve());
    expect(transcript.utterances.map((u) => u.seq)).toEqual([1, 2, 3, 5]);
    expect(transcript.nextSeq()).toBe(6);
    expect(transcript.after(2).map((u) => u.seq)).toEqual([3, 5]);
  });

  it('never gives the seq of a turn taken out (its write failed, it was pushed) to the next turn', () => {
    const transcript = new LiveTranscript([{ utterance: turn(1), clientRequestId: null }]);
    transcript.add(turn(2), null, Promise.resolve());
    transcript.remove(2);
    expect(transcript.nextSeq()).toBe(3);
    expect(transcript.utterances.map((u) => u.seq)).toEqual([1]);
  });

  it('finds the turn a retry repeats by seq or by the chat client request', () => {
    const transcript = new LiveTranscript([{ utterance: turn(1), clientRequestId: 'msg-1' }]);
    expect(transcript.find(1, undefined)?.utterance.text).toBe('turn 1');
    expect(transcript.find(undefined, 'msg-1')?.utterance.seq).toBe(1);
    expect(transcript.find(2, 'msg-2')).toBeUndefined();
  });

  it('takes back a turn whose write failed and replaces one with a changed copy', () => {
    const transcript = new LiveTranscript();
    transcript.add(turn(1), null, Promise.resolve());
    const pushed = turn(2);
    transcript.add(pushed, null, Promise.resolve());
    transcript.replace({ ...pushed, defectionMoment: true });
    expect(transcript.last()?.defectionMoment).toBe(true);
    expect(pushed.defectionMoment).toBe(false);
    transcript.remove(2);
    expect(transcript.utterances.map((u) => u.seq)).toEqual([1]);
  });
});
