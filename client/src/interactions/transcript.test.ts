import { describe, expect, it } from 'vitest';
import { makeInsight, makeUtterance } from '../testing/live-factories';
import { mergeTranscript, sentimentSeries } from './transcript';

const seqs = (turns: readonly { seq: number }[]) => turns.map((turn) => turn.seq);

describe('mergeTranscript', () => {
  it('keeps turns in seq order whatever order they arrive in, each seq once', () => {
    let transcript = mergeTranscript([], [makeUtterance(1)]);
    transcript = mergeTranscript(transcript, [makeUtterance(3)]);
    // seq 2 arrives late (a resync), together with 3 again and a duplicate of itself.
    transcript = mergeTranscript(transcript, [makeUtterance(3), makeUtterance(2), makeUtterance(2)]);
    transcript = mergeTranscript(transcript, [makeUtterance(1, { text: 'pushed again' })]);
    expect(seqs(transcript)).toEqual([1, 2, 3]);
    expect(transcript[0]!.text).toBe('turn 1');
  });

  it('returns the same array when nothing is new, so nothing re-renders', () => {
    const transcript = mergeTranscript([], [makeUtterance(1), makeUtterance(2)]);
    expect(mergeTranscript(transcript, [makeUtterance(2)])).toBe(transcript);
    expect(mergeTranscript(transcript, [])).toBe(transcript);
  });
});

describe('sentimentSeries', () => {
  it("completes the insight's series with scored customer turns it has not covered yet", () => {
    const transcript = [
      makeUtterance(1, { sentiment: { score: -0.5, label: 'negative' } }),
      makeUtterance(2, { speaker: 'agent' }),
      makeUtterance(3, { sentiment: { score: 0.4, label: 'positive' } }),
      makeUtterance(4, { sentiment: null }),
    ];
    expect(sentimentSeries(makeInsight([{ seq: 1, score: -0.5 }]), transcript)).toEqual([
      { seq: 1, score: -0.5 },
      { seq: 3, score: 0.4 },
    ]);
    expect(sentimentSeries(null, [])).toEqual([]);
  });
});
