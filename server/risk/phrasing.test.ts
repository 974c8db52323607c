import { describe, expect, it } from 'vitest';
import { describeAttribute } from './phrasing';

describe('describeAttribute', () => {
  it('says the telco columns in plain words', () => {
    expect(describeAttribute('Contract', 'Month-to-month')).toBe('Month-to-month contract');
    expect(describeAttribute('InternetService', 'Fiber optic')).toBe('Fiber optic internet');
    expect(describeAttribute('tenure', 2)).toBe('Tenure of 2 months');
    expect(describeAttribute('tenure', 1)).toBe('Tenure of 1 month');
    expect(describeAttribute('PaymentMethod', 'Electronic check')).toBe('Pays by electronic check');
    expect(describeAttribute('TechSupport', 'No')).toBe('No tech support');
    expect(describeAttribute('MonthlyCharges', 95.4)).toBe('Monthly charges $95');
    expect(describeAttribute('SeniorCitizen', '1')).toBe('Senior citizen');
    expect(describeAttribute('TotalCharges', null)).toBe('Not billed yet');
  });

  it('falls back to "<column>: <value>" for unknown columns and unexpected values', () => {
    expect(describeAttribute('DataUsageGb', 12.345)).toBe('DataUsageGb: 12.35');
    expect(describeAttribute('Region', 'North')).toBe('Region: North');
    expect(describeAttribute('Region', null)).toBe('Region: unknown');
    expect(describeAttribute('Contract', 'Three year')).toBe('Contract: Three year');
  });
});
