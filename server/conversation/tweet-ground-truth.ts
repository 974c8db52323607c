// Loader for the VADER tweet ground truth (Hutto & Gilbert 2014): 4,200 tweets, each with the
// mean of 20 human ratings on −4..+4. It is the set the paper reports r = 0.881 and F1 = 0.96 on,
// so measuring on it tells us whether Cue's scorer still behaves like published VADER.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SentimentLabel } from '../../shared/interactions';
import { labelForCompound } from './sentiment';
import { SHARED_DATA_DIR } from '../shared-data';

/** In the shared data folder beside the repository (see shared-data.ts), not inside it. */
export const TWEET_GROUND_TRUTH_PATH = resolve(SHARED_DATA_DIR, 'vader-tweets/tweets_GroundTruth.txt');

export interface RatedTweet {
  id: string;
  /** Mean human rating, −4 (extremely negative) .. +4 (extremely positive). */
  humanMean: number;
  text: string;
}

export function loadTweetGroundTruth(path: string = TWEET_GROUND_TRUTH_PATH): RatedTweet[] {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `VADER tweet ground truth not found at ${path} (${reason}). ` +
        'It is expected at /work/shared/data/vader-tweets/tweets_GroundTruth.txt, beside the repository.',
      { cause: error },
    );
  }
  const tweets: RatedTweet[] = [];
  // CRLF line ends, and the last line has none.
  for (const [index, line] of raw.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue;
    const [id, rating, ...textParts] = line.split('\t');
    const humanMean = Number(rating);
    if (id === undefined || textParts.length === 0 || !Number.isFinite(humanMean)) {
      throw new Error(`${path}:${index + 1}: expected "id<TAB>rating<TAB>text"`);
    }
    // A tab inside a tweet would split it; join the rest back so no text is lost.
    tweets.push({ id, humanMean, text: textParts.join('\t') });
  }
  return tweets;
}

/**
 * The human label of a tweet. The paper's classification thresholds are stated on VADER's
 * normalised −1..1 scale (≥ 0.05 positive, ≤ −0.05 negative); the human mean is on −4..+4, so the
 * same cut, scaled by 4, is ±0.2. Using one rule for both sides keeps the comparison fair.
 */
export function humanLabel(humanMean: number): SentimentLabel {
  return labelForCompound(humanMean / 4);
}
