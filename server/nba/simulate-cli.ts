import { parseArgs } from 'node:util';
import { simulateNextBestActions } from './simulation';

const print = (line: string) => process.stdout.write(`${line}\n`);

/** `npm run nba:simulate -- [--interactions 10000] [--seed 1] [--json]` */
const { values } = parseArgs({
  options: {
    interactions: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
  },
});
const interactions = Number(values.interactions);
const seed = Number(values.seed);
if (!Number.isInteger(interactions) || interactions < 1 || interactions > 1_000_000) {
  console.error('--interactions: a whole number from 1 to 1,000,000');
  process.exit(1);
}
if (!Number.isInteger(seed)) {
  console.error('--seed: a whole number');
  process.exit(1);
}

const started = performance.now();
const results = simulateNextBestActions({ interactions, seed });
const seconds = (performance.now() - started) / 1000;
if (values.json) {
  print(JSON.stringify({ interactions, seed, seconds, results }, null, 2));
} else {
  const money = (n: number) => Math.round(n).toLocaleString('en-US');
  print(`Next-best-action simulation: ${interactions.toLocaleString('en-US')} interactions, seed ${seed}, ${seconds.toFixed(1)} s`);
  print('The agent offers the top action; reward = value in context when accepted (and, for retention, the customer stays).\n');
  const checkpoints = results[0]!.checkpoints.map((c) => c.after);
  print(['policy'.padEnd(8), 'reward'.padStart(12), 'of oracle'.padStart(10), 'regret'.padStart(12), 'accepted'.padStart(9), ...checkpoints.map((n) => `regret@${n}`.padStart(13))].join(' '));
  for (const r of results) {
    print(
      [
        r.policy.padEnd(8),
        money(r.reward).padStart(12),
        `${(r.shareOfOracle * 100).toFixed(1)}%`.padStart(10),
        money(r.regret).padStart(12),
        `${(r.acceptanceRate * 100).toFixed(1)}%`.padStart(9),
        ...r.checkpoints.map((c) => money(c.regret).padStart(13)),
      ].join(' '),
    );
  }
}
