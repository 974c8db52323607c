// Measures the defection-signal detector on the Bitext customer-support intents and prints
// precision, recall and F1 per question, then the share of each intent's requests on which each
// signal fired (recall for the positive intents, confusion for the near misses). Run from the
// repository root:
//   npx tsx server/signals/measure-signals.ts [--misses <intent>]
//
// --misses <intent> also lists that intent's requests on which no leaving signal fired (or, for a
// negative intent, on which one did), to read what the detector misses; reading them is for
// understanding, not for copying their phrasing into the lexicon.
import { detectDefectionSignals } from './defection-signals';
import { evaluateOnBitext, formatEvaluation, loadBitextIntents } from './bitext-evaluation';

const examples = loadBitextIntents();
const evaluation = evaluateOnBitext(examples);
let output = formatEvaluation(evaluation);

// The evaluation's time includes warming up (JIT, lemma cache); the live loop runs warm, so time
// a second pass too, turn by turn.
const durations = examples.map((example) => {
  const started = performance.now();
  detectDefectionSignals(example.text);
  return performance.now() - started;
});
durations.sort((a, b) => a - b);
const percentile = (p: number) => durations[Math.min(durations.length - 1, Math.floor(p * durations.length))]! * 1000;
output += `\nwarm pass: median ${percentile(0.5).toFixed(0)} µs, p99 ${percentile(0.99).toFixed(0)} µs, max ${percentile(1).toFixed(0)} µs a request`;

const missesFlag = process.argv.indexOf('--misses');
const intent = missesFlag === -1 ? undefined : process.argv[missesFlag + 1];
if (intent !== undefined) {
  const lines = ['', `requests of ${intent} with their signals:`];
  for (const example of examples.filter((candidate) => candidate.intent === intent)) {
    const signals = detectDefectionSignals(example.text);
    lines.push(`  ${signals.map((signal) => `${signal.code}[${signal.trigger.words}]`).join(' ') || '-'}  ←  ${example.text}`);
  }
  output += `${lines.join('\n')}`;
}
process.stdout.write(`${output}\n`);
