import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';

/**
 * Where a server's CPU time went, from a V8 .cpuprofile (`npm run bench -- --profile` writes
 * one per server under bench-results/profiles/):
 *
 *   npx tsx server/bench/profile-summary.ts bench-results/profiles/cue-*.cpuprofile
 *   npx tsx server/bench/profile-summary.ts --last 30 <file>   (only the last 30 s: the load, not the seeding)
 *
 * Prints self time by package (node_modules/<name>, our own files, Node internals, GC) and the
 * heaviest functions by self and by total (self + callees) time.
 */

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
      children: z.array(z.number()).optional(),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});
type Profile = z.infer<typeof profileSchema>;
type ProfileNode = Profile['nodes'][number];

const root = path.resolve(import.meta.dirname, '../..');

function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1]!;
  const file = url.replace(/^file:\/\//, '');
  return file.startsWith(root) ? path.relative(root, file) : file;
}

const label = (node: ProfileNode) =>
  `${node.callFrame.functionName || '(anonymous)'}  ${packageOf(node.callFrame.url, node.callFrame.functionName)}:${node.callFrame.lineNumber + 1}`;

/** Only the samples of the profile's last `seconds`. */
export function lastSeconds(profile: Profile, seconds: number): Profile {
  const end = profile.timeDeltas.reduce((a, b) => a + b, 0);
  let at = 0;
  const keep = profile.timeDeltas.map((delta) => (at += delta) >= end - seconds * 1e6);
  return { ...profile, samples: profile.samples.filter((_, i) => keep[i]), timeDeltas: profile.timeDeltas.filter((_, i) => keep[i]) };
}

export function summariseProfile(profile: Profile, top = 25): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const idleUs = [...selfUs].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((a, [, us]) => a + us, 0);
  const busyUs = totalUs - idleUs;

  const inclusive = new Map<number, number>();
  const inclusiveOf = (id: number): number => {
    const known = inclusive.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const sum = (selfUs.get(id) ?? 0) + (node.children ?? []).reduce((acc, child) => acc + inclusiveOf(child), 0);
    inclusive.set(id, sum);
    return sum;
  };

  const bump = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  const byPackage = new Map<string, number>();
  const bySelf = new Map<string, number>();
  const byTotal = new Map<string, number>();
  for (const node of profile.nodes) {
    const own = selfUs.get(node.id) ?? 0;
    bump(byPackage, packageOf(node.callFrame.url, node.callFrame.functionName), own);
    bump(bySelf, label(node), own);
  }
  // Total time per function counts each call path once: a function under itself (recursion) is not added twice.
  const walk = (id: number, onPath: Set<string>) => {
    const node = byId.get(id)!;
    const key = label(node);
    if (!onPath.has(key)) bump(byTotal, key, inclusiveOf(id));
    const next = new Set(onPath).add(key);
    for (const child of node.children ?? []) walk(child, next);
  };
  walk(profile.nodes[0]!.id, new Set());

  const pct = (us: number) => `${((us / busyUs) * 100).toFixed(1).padStart(5)}%`;
  const table = (title: string, map: Map<string, number>, filter: (key: string) => boolean = () => true) =>
    [
      title,
      ...[...map]
        .filter(([key]) => filter(key) && !key.startsWith('(idle)'))
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([key, us]) => `  ${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`),
    ].join('\n');
  return [
    `profile: ${(totalUs / 1e6).toFixed(1)} s sampled, ${(busyUs / 1e6).toFixed(1)} s busy (${((busyUs / totalUs) * 100).toFixed(0)}%); percentages are of busy time`,
    '',
    table('self time by package', byPackage),
    '',
    table('self time by function', bySelf),
    '',
    table('total time (self + callees) by function, our code only', byTotal, (key) => /\s(server|shared)\//.test(key)),
    '',
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const { values, positionals: files } = parseArgs({ allowPositionals: true, options: { last: { type: 'string' } } });
  const last = values.last === undefined ? undefined : Number(values.last);
  if (files.length === 0 || (last !== undefined && !(last > 0))) {
    process.stderr.write('usage: tsx server/bench/profile-summary.ts [--last <seconds>] <file.cpuprofile>...\n');
    process.exit(2);
  }
  for (const file of files) {
    const profile = profileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    process.stdout.write(`${file}\n${summariseProfile(last === undefined ? profile : lastSeconds(profile, last))}\n`);
  }
}
