import { describe, expect, it } from 'vitest';
import { readSurveyScore } from './survey-bands';

describe('readSurveyScore', () => {
  it('splits NPS into detractors 0–6, passives 7–8 and promoters 9–10', () => {
    const bands = Array.from({ length: 11 }, (_, score) => readSurveyScore('survey.nps', score).band);
    expect(bands).toEqual([...Array(7).fill('negative'), 'neutral', 'neutral', 'positive', 'positive']);
    expect(readSurveyScore('survey.nps', 6).label).toBe('Detractor');
    expect(readSurveyScore('survey.nps', 10)).toMatchObject({ label: 'Promoter', metric: 'NPS', max: 10 });
  });

  it('reads CSAT 1–5 as top-two-box and CES 1–7 with 5–7 as low effort', () => {
    expect([1, 2, 3, 4, 5].map((s) => readSurveyScore('survey.csat', s).band)).toEqual(['negative', 'negative', 'neutral', 'positive', 'positive']);
    expect([1, 3, 4, 5, 7].map((s) => readSurveyScore('survey.ces', s).band)).toEqual(['negative', 'negative', 'neutral', 'positive', 'positive']);
    expect(readSurveyScore('survey.ces', 2)).toMatchObject({ label: 'High effort', max: 7 });
  });
});
