import type { InteractionInsight, Utterance } from '../../../shared/interactions';
import { mergeBySeq } from '../realtime/merge-by-seq';

/** The transcript in `seq` order, each turn once, whichever way and however often it arrived. */
export function mergeTranscript(current: readonly Utterance[], incoming: readonly Utterance[]): readonly Utterance[] {
  return mergeBySeq(current, incoming);
}

export interface SentimentPoint {
  seq: number;
  score: number;
}

/**
 * The customer's per-turn scores for the sentiment line: the insight's series, completed from
 * the transcript. After a resync the transcript already holds turns that the next insight has
 * not covered yet; both carry the same per-turn score, so they merge by `seq`.
 */
export function sentimentSeries(insight: InteractionInsight | null, transcript: readonly Utterance[]): SentimentPoint[] {
  const bySeq = new Map<number, number>();
  for (const point of insight?.sentiment.series ?? []) bySeq.set(point.seq, point.score);
  for (const turn of transcript) {
    if (turn.speaker === 'customer' && turn.sentiment && !bySeq.has(turn.seq)) bySeq.set(turn.seq, turn.sentiment.score);
  }
  return [...bySeq].sort(([a], [b]) => a - b).map(([seq, score]) => ({ seq, score }));
}
