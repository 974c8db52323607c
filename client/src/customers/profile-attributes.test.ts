import { describe, expect, it } from 'vitest';
import { viewProfileAttributes } from './profile-attributes';

describe('viewProfileAttributes', () => {
  it('puts the telco key attributes first, labelled and formatted, whatever their spelling', () => {
    const { key, more } = viewProfileAttributes({
      gender: 'Female',
      monthly_charges: 70.35,
      Contract: 'Two year',
      tenure: 1,
      SeniorCitizen: 1,
      StreamingTV: 'No',
      PaymentMethod: null,
    });
    expect(key).toEqual([
      { key: 'Contract', label: 'Contract', value: 'Two year' },
      { key: 'tenure', label: 'Tenure', value: '1 month' },
      { key: 'monthly_charges', label: 'Monthly charges', value: expect.stringMatching(/70\.35/) },
    ]);
    expect(more.map((a) => `${a.label}: ${a.value}`)).toEqual(['Gender: Female', 'Senior citizen: Yes', 'Streaming TV: No']);
  });
});
