import { describe, expect, it } from 'vitest';
import { FeatureEncoder, fitEncoding, MISSING_LEVEL, OTHER_LEVEL } from './encoding';
import { parseNumber, profileColumns, type ChurnTable } from './table';

function tableOf(rows: Record<string, string>[]): ChurnTable {
  return { columns: Object.keys(rows[0]!), rows };
}

describe('profileColumns', () => {
  const rows = Array.from({ length: 200 }, (_, i) => ({
    id: `C-${1000 + i}`,
    rowNumber: String(i + 1),
    balance: (i * 13.37).toFixed(2),
    tenure: String(i % 72),
    charges: i % 50 === 0 ? ' ' : (20 + i * 0.35).toFixed(2),
    senior: String(i % 2),
    plan: ['Basic', 'Plus', 'Max'][i % 3]!,
    region: 'North',
    churn: i % 4 === 0 ? 'Yes' : 'No',
  }));
  const profiles = profileColumns(tableOf(rows), ['churn']);
  const kindOf = (name: string): string => profiles.find((p) => p.name === name)!.kind;

  it('reads all-number columns as numeric, blanks aside', () => {
    expect(kindOf('tenure')).toBe('numeric');
    expect(kindOf('charges')).toBe('numeric');
    expect(profiles.find((p) => p.name === 'charges')!.blanks).toBe(4);
  });

  it('reads a 0/1 column as a category (too few distinct values to be a quantity)', () => {
    expect(kindOf('senior')).toBe('categorical');
  });

  it('reads text as categorical, and leaves out identifiers and constant columns', () => {
    expect(kindOf('plan')).toBe('categorical');
    expect(kindOf('id')).toBe('skipped');
    expect(kindOf('rowNumber')).toBe('skipped');
    expect(kindOf('balance')).toBe('numeric');
    expect(kindOf('region')).toBe('skipped');
    expect(profiles.map((p) => p.name)).not.toContain('churn');
  });
});

describe('parseNumber', () => {
  it('reads the number formats of common exports, and nothing else', () => {
    expect(parseNumber('29.85')).toBe(29.85);
    expect(parseNumber(' 1,889.50 ')).toBe(1889.5);
    expect(parseNumber('$95')).toBe(95);
    expect(parseNumber('12%')).toBe(12);
    expect(parseNumber('-3e2')).toBe(-300);
    expect(parseNumber(42)).toBe(42);
    for (const blank of ['', ' ', 'NA', 'n/a', 'NaN', 'null', '?', null, undefined]) expect(parseNumber(blank)).toBeNull();
    expect(parseNumber('12 months')).toBeNull();
    expect(parseNumber('1,2')).toBeNull();
  });
});

describe('FeatureEncoder', () => {
  const rows = [
    ...Array.from({ length: 30 }, (_, i) => ({ total: String(100 + i), plan: 'Basic', churn: 'No' })),
    ...Array.from({ length: 30 }, (_, i) => ({ total: i < 3 ? '' : String(200 + i), plan: 'Plus', churn: 'Yes' })),
    { total: '5', plan: 'Rare', churn: 'No' },
  ];
  const table = tableOf(rows);
  const encoder = new FeatureEncoder(fitEncoding(table.rows, profileColumns(table, ['churn'])));

  it('imputes a blank number with the training median and flags it', () => {
    expect(encoder.features.map((f) => f.name)).toEqual(['total', `total ${MISSING_LEVEL}`, 'plan=Basic', 'plan=Plus', `plan=${OTHER_LEVEL}`]);
    const blank = encoder.encode({ total: '', plan: 'Basic' });
    const median = (encoder.columns[0] as { median: number }).median;
    expect(Array.from(blank)).toEqual([median, 1, 1, 0, 0]);
    expect(Array.from(encoder.encode({ total: 150, plan: 'Plus' }))).toEqual([150, 0, 0, 1, 0]);
  });

  it('pools levels too rare to learn from, and sends unseen levels to the same pool', () => {
    expect(Array.from(encoder.encode({ total: 1, plan: 'Rare' })).slice(2)).toEqual([0, 0, 1]);
    expect(Array.from(encoder.encode({ total: 1, plan: 'Brand new plan' })).slice(2)).toEqual([0, 0, 1]);
  });

  it('matches levels regardless of case, reads numbers given as text, and treats a missing key as blank', () => {
    expect(Array.from(encoder.encode({ total: '150', plan: 'plus' }))).toEqual([150, 0, 0, 1, 0]);
    expect(encoder.encode({})[1]).toBe(1);
  });

  it('with no pool, an unseen level sets no level at all', () => {
    const plain = new FeatureEncoder([{ name: 'plan', kind: 'categorical', levels: ['Basic', 'Plus'] }]);
    expect(Array.from(plain.encode({ plan: 'Max' }))).toEqual([0, 0]);
  });
});
