import { describe, expect, it } from 'vitest';
import { simulateNextBestActions } from './simulation';

describe('the next-best-action simulation', () => {
  it('has the learner close in on the oracle and beat the static and random rankings', () => {
    const results = simulateNextBestActions({ interactions: 4_000, seed: 11, checkpoints: [500, 4_000] });
    const by = Object.fromEntries(results.map((r) => [r.policy, r]));
    expect(by.oracle!.regret).toBe(0);
    expect(by.learner!.reward).toBeGreaterThan(by.static!.reward);
    expect(by.learner!.reward).toBeGreaterThan(by.random!.reward);
    expect(by.learner!.shareOfOracle).toBeGreaterThan(0.85);
    // It learns: the regret it adds per interaction falls as responses come in.
    const [early, late] = by.learner!.checkpoints;
    expect((late!.regret - early!.regret) / 3_500).toBeLessThan(early!.regret / 500);
  });

  it('repeats its figures for the same seed', () => {
    const a = simulateNextBestActions({ interactions: 300, seed: 5 });
    const b = simulateNextBestActions({ interactions: 300, seed: 5 });
    expect(a).toEqual(b);
  });
});
