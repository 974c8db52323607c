import type { SURVEY_SCALES, SurveyType } from '../../../shared/timeline';

/**
 * The top of each scale, checked against the shared SURVEY_SCALES at compile time. A type-only
 * import: the value would pull the contract's zod schemas into the browser bundle.
 */
const SCALE_MAX: { readonly [T in SurveyType]: (typeof SURVEY_SCALES)[T]['max'] } = {
  'survey.nps': 10,
  'survey.csat': 5,
  'survey.ces': 7,
};

export type SurveyBand = 'negative' | 'neutral' | 'positive';

export interface SurveyReading {
  band: SurveyBand;
  /** What the band is called for this survey, e.g. "Detractor". */
  label: string;
  /** "NPS", "CSAT", "CES". */
  metric: string;
  max: number;
}

interface BandRule {
  metric: string;
  /** Highest score still in the negative band, and highest in the neutral band. */
  negativeUpTo: number;
  neutralUpTo: number;
  labels: Record<SurveyBand, string>;
}

const RULES: Record<SurveyType, BandRule> = {
  // Reichheld's Net Promoter bands: 0–6 detractors, 7–8 passives, 9–10 promoters.
  'survey.nps': {
    metric: 'NPS',
    negativeUpTo: 6,
    neutralUpTo: 8,
    labels: { negative: 'Detractor', neutral: 'Passive', positive: 'Promoter' },
  },
  // CSAT is reported as top-two-box: 4–5 count as satisfied, 3 is neutral.
  'survey.csat': {
    metric: 'CSAT',
    negativeUpTo: 2,
    neutralUpTo: 3,
    labels: { negative: 'Dissatisfied', neutral: 'Neutral', positive: 'Satisfied' },
  },
  // CES 2.0 asks how far the customer agrees "the company made it easy", 1–7: 5–7 agree (low
  // effort), 4 is the midpoint, 1–3 disagree (high effort).
  'survey.ces': {
    metric: 'CES',
    negativeUpTo: 3,
    neutralUpTo: 4,
    labels: { negative: 'High effort', neutral: 'Neutral', positive: 'Low effort' },
  },
};

export function readSurveyScore(type: SurveyType, score: number): SurveyReading {
  const rule = RULES[type];
  const band: SurveyBand = score <= rule.negativeUpTo ? 'negative' : score <= rule.neutralUpTo ? 'neutral' : 'positive';
  return { band, label: rule.labels[band], metric: rule.metric, max: SCALE_MAX[type] };
}

export const isSurveyType = (type: string): type is SurveyType => type in RULES;
