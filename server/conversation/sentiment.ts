// Sentiment of what a customer says, for the live sentiment line and the "sentiment sliding"
// defection signal. VADER (Hutto & Gilbert 2014) because it is rule-based: fast enough to score
// every utterance as it arrives, needs no model download, and its behaviour can be explained.
import { SentimentIntensityAnalyzer } from 'vader-sentiment';
import type { Sentiment, SentimentLabel } from '../../shared/interactions';
import { CONTACT_CENTER_PHRASES } from './contact-center-lexicon';

/**
 * VADER's published cut-offs on the compound score (README of vaderSentiment, and the paper's
 * classification set-up): ≥ 0.05 positive, ≤ −0.05 negative, anything between is neutral.
 */
export const POSITIVE_THRESHOLD = 0.05;
export const NEGATIVE_THRESHOLD = -0.05;

export function labelForCompound(compound: number): SentimentLabel {
  if (compound >= POSITIVE_THRESHOLD) return 'positive';
  if (compound <= NEGATIVE_THRESHOLD) return 'negative';
  return 'neutral';
}

/**
 * The score of one utterance, −1..1: VADER's compound, with the contact-center phrases of
 * contact-center-lexicon.ts scored as VADER would score a lexicon word of their valence. Text
 * without any of those phrases scores exactly as VADER alone (once curly apostrophes are made
 * straight, which VADER's negation list needs).
 */
export function scoreSentiment(text: string): Sentiment {
  const score = compoundWithDomainPhrases(text);
  return { score, label: labelForCompound(score) };
}

// --- the contact-center layer ------------------------------------------------------------------
//
// VADER sums word valences (−4..+4), adjusts each for negation, boosters and "but", adds emphasis
// for "!" and "?", and squashes the sum with x / √(x² + α), α = 15 (Hutto & Gilbert 2014). The
// JS port exposes no way to add lexicon entries, so phrases are scored around it, the same way:
//   1. the words VADER would score inside a matched phrase are swapped for a word it does not
//      know, so VADER's sum over the rest of the text is untouched by them, while every other
//      word keeps its place (negation and booster windows count words);
//   2. VADER's compound for that text is turned back into its sum (the squash is invertible),
//      less the punctuation emphasis;
//   3. each phrase's valence is added, flipped by a negation word just before it (VADER's
//      N_SCALAR) and weighted for "but" (VADER's 0.5 before, 1.5 after);
//   4. emphasis is added back and the total squashed again.

/** VADER's normalisation constant, "approximates the max expected value". */
const VADER_ALPHA = 15;
/** VADER's factor for a negated word. */
const VADER_NEGATION_SCALAR = -0.74;
/** A word VADER's lexicon does not contain and no rule reacts to; checked by a test. */
export const NEUTRAL_STAND_IN = 'zz';
// VADER's NEGATE list (vaderSentiment.js), which the port does not export; plus any "n't".
const VADER_NEGATIONS = new Set([
  'aint', 'arent', 'cannot', 'cant', 'couldnt', 'darent', 'didnt', 'doesnt', "ain't", "aren't", "can't",
  "couldn't", "daren't", "didn't", "doesn't", 'dont', 'hadnt', 'hasnt', 'havent', 'isnt', 'mightnt',
  'mustnt', 'neither', "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't", 'neednt',
  "needn't", 'never', 'none', 'nope', 'nor', 'not', 'nothing', 'nowhere', 'oughtnt', 'shant', 'shouldnt',
  'uhuh', 'wasnt', 'werent', "oughtn't", "shan't", "shouldn't", 'uh-uh', "wasn't", "weren't", 'without',
  'wont', 'wouldnt', "won't", "wouldn't", 'rarely', 'seldom', 'despite',
]);

const vaderWordValence = new Map<string, boolean>();
/** Whether VADER gives this word a valence of its own (looked up once per word, then cached). */
function vaderScoresWord(word: string): boolean {
  const key = word.toLowerCase();
  let scored = vaderWordValence.get(key);
  if (scored === undefined) {
    scored = key.length > 1 && SentimentIntensityAnalyzer.polarity_scores(key).compound !== 0;
    vaderWordValence.set(key, scored);
  }
  return scored;
}

/** Keeps a shouted word shouted, so VADER's ALL-CAPS emphasis on the other words is unchanged. */
function standInFor(word: string): string {
  const shouted = /\p{L}/u.test(word) && word === word.toUpperCase();
  return shouted ? NEUTRAL_STAND_IN.toUpperCase() : NEUTRAL_STAND_IN;
}

interface PhraseMatch {
  start: number;
  end: number;
  valence: number;
}

/** Matches of every domain phrase; where two overlap the one starting first (then longer) wins. */
function findDomainPhrases(text: string): PhraseMatch[] {
  const all: PhraseMatch[] = [];
  for (const { pattern, valence } of CONTACT_CENTER_PHRASES) {
    for (const match of text.matchAll(pattern)) {
      all.push({ start: match.index, end: match.index + match[0].length, valence });
    }
  }
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const chosen: PhraseMatch[] = [];
  for (const match of all) {
    if (match.start >= (chosen.at(-1)?.end ?? 0)) chosen.push(match);
  }
  return chosen;
}

/** VADER's tokens: whitespace-separated, edge punctuation stripped, one-letter tokens dropped. */
function vaderTokens(text: string): string[] {
  return text
    .split(/\s+/u)
    .map((token) => token.replace(/^[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]+|[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]+$/gu, ''))
    .filter((token) => token.length > 1);
}

function compoundWithDomainPhrases(rawText: string): number {
  // Chat apps type curly apostrophes; VADER's negation list and our phrases use straight ones.
  const text = rawText.replace(/[’‘]/gu, "'");
  const phrases = findDomainPhrases(text);
  if (phrases.length === 0) return SentimentIntensityAnalyzer.polarity_scores(text).compound;

  let rest = '';
  let cursor = 0;
  for (const { start, end } of phrases) {
    const inside = text.slice(start, end).replace(/[\p{L}\p{N}']+/gu, (word) => (vaderScoresWord(word) ? standInFor(word) : word));
    rest += text.slice(cursor, start) + inside;
    cursor = end;
  }
  rest += text.slice(cursor);

  const emphasis = SentimentIntensityAnalyzer.amplify_ep(text) + SentimentIntensityAnalyzer.amplify_qm(text);
  // Rounded to 4 decimals by VADER; keep clear of ±1, where the inverse runs off to infinity.
  const restCompound = Math.max(-0.99995, Math.min(0.99995, SentimentIntensityAnalyzer.polarity_scores(rest).compound));
  let sum = (restCompound * Math.sqrt(VADER_ALPHA)) / Math.sqrt(1 - restCompound * restCompound);
  if (sum !== 0) sum -= Math.sign(sum) * emphasis;

  // The port looks for the token "but" or "BUT" only (not "But"); matched the same way here.
  const butAt = /(?:^|\s)(?:but|BUT)(?=\s|[,.!?;:]|$)/u.exec(text)?.index;
  for (const { start, valence } of phrases) {
    if (valence === 0) continue;
    let weighted = valence;
    // VADER looks three tokens back; 120 characters hold them in any real sentence.
    for (const token of vaderTokens(text.slice(Math.max(0, start - 120), start)).slice(-3)) {
      const lower = token.toLowerCase();
      if (VADER_NEGATIONS.has(lower) || lower.includes("n't")) weighted *= VADER_NEGATION_SCALAR;
    }
    if (butAt !== undefined) weighted *= start < butAt ? 0.5 : 1.5;
    sum += weighted;
  }

  if (sum !== 0) sum += Math.sign(sum) * emphasis;
  const compound = sum / Math.sqrt(sum * sum + VADER_ALPHA);
  return Math.round(compound * 10_000) / 10_000;
}

/** How many of the customer's latest turns the rolling sentiment looks at. */
export const ROLLING_WINDOW_TURNS = 6;
/** A turn's weight halves every this many turns back. */
export const ROLLING_HALF_LIFE_TURNS = 2;

/**
 * The customer's mood now, from their per-turn scores (oldest first): an exponentially weighted
 * mean of the last `window` turns. Weighted so the latest turns count most and the line moves
 * within a turn or two when a caller turns angry, which is what a supervisor's "sentiment drop"
 * alert needs; with a half-life of two turns the latest is about a third of the total, so one
 * sharp remark moves it without flipping a calm conversation on its own. Windowed so a complaint
 * at the start does not weigh on a conversation that was put right many turns ago. Null until
 * the customer has said anything.
 */
export function rollingSentiment(scores: readonly number[], window: number = ROLLING_WINDOW_TURNS): Sentiment | null {
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`window must be a positive whole number of turns, got ${window}`);
  const recent = scores.slice(-window);
  if (recent.length === 0) return null;
  let weightedSum = 0;
  let totalWeight = 0;
  recent.forEach((score, index) => {
    const turnsBack = recent.length - 1 - index;
    const weight = 0.5 ** (turnsBack / ROLLING_HALF_LIFE_TURNS);
    weightedSum += weight * score;
    totalWeight += weight;
  });
  const score = weightedSum / totalWeight;
  return { score, label: labelForCompound(score) };
}
