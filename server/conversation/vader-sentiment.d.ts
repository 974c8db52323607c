// vader-sentiment (the JS port of VADER, Hutto & Gilbert 2014) ships no types. This declares
// only what Cue calls, typed as the library's source behaves (src/vaderSentiment.js), so a
// wrong call fails to compile instead of leaking `any` into the domain.
declare module 'vader-sentiment' {
  export interface VaderPolarityScores {
    /** Proportion of the text that is negative, 0..1. */
    neg: number;
    /** Proportion of the text that is neutral, 0..1. */
    neu: number;
    /** Proportion of the text that is positive, 0..1. */
    pos: number;
    /** Normalised, weighted sum of the valences: −1..1, rounded to 4 decimals. */
    compound: number;
  }

  export const SentimentIntensityAnalyzer: {
    polarity_scores(text: string): VaderPolarityScores;
    /** Emphasis VADER adds for "!" (0.292 each, up to 4). */
    amplify_ep(text: string): number;
    /** Emphasis VADER adds for "?" (0.18 each when 2–3, 0.96 when more). */
    amplify_qm(text: string): number;
  };
}
