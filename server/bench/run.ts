import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { en, en_US, Faker } from '@faker-js/faker';
import { pino } from 'pino';
import { z } from 'zod';
import { issueToken } from '../auth/tokens';
import { createUser } from '../auth/users';
import { migrate, openDatabase } from '../db/database';
import type { AgentLogin } from '../simulator/agents';
import { generateUsPhone } from '../simulator/callers';
import { CueHttpClient } from '../simulator/http-client';
import { CONVERSATION_SCRIPTS, renderConversation } from '../simulator/scripts';
import { forkBenchChild, type ServerReport } from './child-process';
import { runLoad, type LoadResult, type SecondOfLoad } from './load';

/**
 * `npm run bench`: Cue on a fresh SQLite database in a child process, N agents connected as
 * real Socket.IO clients, a fixed schedule of calls with one utterance a second each, and the
 * same load against a bare express + Socket.IO floor (floor-server.ts says exactly what it
 * does). Prints the figures and writes them to bench-results/bench.json.
 *
 *   npm run bench -- --duration 60 --rate 50 --agents 500
 *   npm run bench -- --duration 10 --rate 10 --agents 100     (a quick look)
 *   npm run bench -- --profile                                (writes a .cpuprofile of each server)
 *   npm run bench -- --diagnose                               (times the writer queue, SQL and live-loop calls inside Cue)
 */

const GOALS = { screenPopP99Ms: 15, utteranceP99Ms: 10, p50RatioToFloor: 3 };
/** Mean sizes Cue pushed in runs with 20 history events per caller; used for the floor only if a Cue run delivered nothing. */
const TYPICAL_POP_BYTES = 7900;
const TYPICAL_UTTERANCE_BYTES = 230;

const flagsSchema = z.object({
  duration: z.coerce.number().min(1).max(600),
  rate: z.coerce.number().min(0.1).max(1000),
  agents: z.coerce.number().int().min(1).max(5000),
  'call-seconds': z.coerce.number().int().min(1).max(600),
  customers: z.coerce.number().int().min(1).max(100_000),
  history: z.coerce.number().int().min(0).max(200),
  seed: z.coerce.number().int(),
  out: z.string().min(1),
  profile: z.boolean(),
  diagnose: z.boolean(),
  'skip-floor': z.boolean(),
});

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    rate: { type: 'string', default: '50' },
    agents: { type: 'string', default: '500' },
    'call-seconds': { type: 'string', default: '10' },
    customers: { type: 'string', default: '1000' },
    history: { type: 'string', default: '20' },
    seed: { type: 'string', default: '20261123' },
    out: { type: 'string', default: 'bench-results/bench.json' },
    profile: { type: 'boolean', default: false },
    diagnose: { type: 'boolean', default: false },
    'skip-floor': { type: 'boolean', default: false },
  },
});
const parsedFlags = flagsSchema.safeParse(values);
if (!parsedFlags.success) {
  process.stderr.write(`${parsedFlags.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n')}\n`);
  process.exit(2);
}
const flags = parsedFlags.data;

// Progress on stderr, figures on stdout.
const logger = pino({ level: 'info', base: undefined }, pino.destination(2));
const here = import.meta.dirname;
const faker = new Faker({ locale: [en_US, en] });
faker.seed(flags.seed);

interface MachineCpu {
  busyPercentOfAllCores: number;
  cores: number;
}

/** Machine-wide CPU over a window, from the kernel's per-core counters: what everything on the box used, not just us. */
function machineCpuMeter(): () => MachineCpu {
  const sample = () => os.cpus().reduce((acc, cpu) => ({ busy: acc.busy + cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq, idle: acc.idle + cpu.times.idle }), { busy: 0, idle: 0 });
  const start = sample();
  return () => {
    const end = sample();
    const busy = end.busy - start.busy;
    const idle = end.idle - start.idle;
    return { busyPercentOfAllCores: Math.round((busy / Math.max(1, busy + idle)) * 1000) / 10, cores: os.cpus().length };
  };
}

interface PhaseResult {
  load: LoadResult;
  server: ServerReport;
  machine: MachineCpu;
  loadAverageAfter: number[];
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cue-bench-'));
  const jwtSecret = randomBytes(32).toString('hex');
  const webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
  const loadAverageBefore = os.loadavg();
  logger.info({ ...flags, dataDir, loadAverage: loadAverageBefore }, 'bench: starting');
  try {
    const logins = await createAgents(dataDir, jwtSecret);
    const phones = Array.from({ length: flags.customers }, () => generateUsPhone(faker));
    const lines = customerLines();

    const cue = await runPhase('cue', path.join(here, 'cue-server.ts'), {
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      DATABASE_URL: `sqlite:${path.join(dataDir, 'cue.sqlite')}`,
      JWT_SECRET: jwtSecret,
      WEBHOOK_SECRET: webhookSecret,
      DEMO: 'false',
      LOG_LEVEL: 'warn',
      AFTER_CALL_WORK_SECONDS: '0',
      // Any free port: a Cue already running here (npm start) has 3001.
      INTEGRATION_PORT: '0',
      INTEGRATION_HOST: '127.0.0.1',
      ...(flags.diagnose ? { BENCH_DIAGNOSE: '1' } : {}),
    }, { logins, phones, lines, webhookSecret, seedHistory: true });

    const floor = flags['skip-floor']
      ? undefined
      : await runPhase('floor', path.join(here, 'floor-server.ts'), {
          // Sizes measured on Cue in this run; when nothing arrived there, typical sizes from earlier runs.
          FLOOR_POP_BYTES: String(cue.load.meanPopBytes || TYPICAL_POP_BYTES),
          FLOOR_UTTERANCE_BYTES: String(cue.load.meanUtteranceBytes || TYPICAL_UTTERANCE_BYTES),
        }, { logins, phones, lines, webhookSecret, seedHistory: false });

    const results = compose(cue, floor, loadAverageBefore);
    mkdirSync(path.dirname(path.resolve(flags.out)), { recursive: true });
    writeFileSync(flags.out, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(report(results));
    process.stdout.write(`\nFull results: ${flags.out}\n`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The agents and their queue membership, created directly in a fresh database; their tokens issued with the run's secret. */
async function createAgents(dataDir: string, jwtSecret: string): Promise<AgentLogin[]> {
  const started = performance.now();
  const db = await openDatabase(`sqlite:${path.join(dataDir, 'cue.sqlite')}`);
  await migrate(db);
  const ids: string[] = [];
  const pending = Array.from({ length: flags.agents }, (_, i) => i);
  // Password hashing (argon2) runs on libuv's pool, so a few at a time go faster than one.
  const worker = async () => {
    for (let i = pending.shift(); i !== undefined; i = pending.shift()) {
      const user = await createUser(db, {
        email: `bench-agent-${String(i + 1).padStart(4, '0')}@bench.example.com`,
        name: `Bench Agent ${i + 1}`,
        role: 'agent',
        queues: ['support'],
        password: randomBytes(12).toString('hex'),
      });
      ids.push(user.id);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  await db.close();
  logger.info({ agents: ids.length, seconds: ((performance.now() - started) / 1000).toFixed(1) }, 'bench: agents created');
  // Tokens are issued here rather than through POST /auth/login: the login route is rate-limited
  // per address (rightly), and signing in 500 people is not what this benchmark measures.
  return ids.map((id, i) => ({ token: issueToken({ sub: id, role: 'agent' }, jwtSecret, 6 * 3600), label: `bench-agent-${i + 1}` }));
}

/** What callers say in the run: the customer turns of the simulator's scripts, card numbers included, so redaction does its real work. */
function customerLines(): string[] {
  return CONVERSATION_SCRIPTS.flatMap((script) =>
    Array.from({ length: 4 }, () => renderConversation(script, faker).turns.filter((t) => t.speaker === 'customer').map((t) => t.text)).flat(),
  );
}

const HISTORY_TYPES = [
  { type: 'billing.invoice', channel: 'system', summary: 'Monthly invoice' },
  { type: 'billing.payment', channel: 'system', summary: 'Payment received' },
  { type: 'email.inbound', channel: 'email', summary: 'Question about the new plans' },
  { type: 'call.inbound', channel: 'voice', summary: 'Called about slow internet' },
  { type: 'campaign.sent', channel: 'email', summary: 'Spring upgrade offer' },
  { type: 'order.placed', channel: 'web', summary: 'Ordered a wifi extender' },
  { type: 'survey.nps', channel: 'email', summary: 'NPS survey answered', score: true },
] as const;

/** Every caller gets a history, so a screen pop reads a real timeline page, not an empty one. */
async function seedHistory(integrationUrl: string, webhookSecret: string, phones: readonly string[]): Promise<void> {
  if (flags.history === 0) return;
  const started = performance.now();
  const http = new CueHttpClient({ baseUrl: integrationUrl, webhookSecret, timeoutMs: 120_000 });
  const now = Date.now();
  const events = phones.flatMap((phone, c) =>
    Array.from({ length: flags.history }, (_, e) => {
      const kind = HISTORY_TYPES[(c + e) % HISTORY_TYPES.length]!;
      return {
        source: 'bench',
        sourceEventId: `history-${c}-${e}`,
        occurredAt: new Date(now - (e + 1) * 9 * 86_400_000).toISOString(),
        channel: kind.channel,
        type: kind.type,
        customer: { identities: [{ kind: 'phone', value: phone }], ...(e === 0 ? { profile: { name: faker.person.fullName() } } : {}) },
        summary: kind.summary,
        ...('score' in kind ? { data: { score: faker.number.int({ min: 0, max: 10 }) } } : {}),
      };
    }),
  );
  try {
    for (let i = 0; i < events.length; i += 1000) {
      const response = await http.postSigned('/api/v1/events', { events: events.slice(i, i + 1000) });
      if (response.status !== 200) throw new Error(`seeding history answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
  } finally {
    http.close();
  }
  logger.info({ events: events.length, seconds: ((performance.now() - started) / 1000).toFixed(1) }, 'bench: history seeded');
}

interface PhaseInputs {
  logins: AgentLogin[];
  phones: string[];
  lines: string[];
  webhookSecret: string;
  seedHistory: boolean;
}

async function runPhase(name: string, file: string, env: Record<string, string>, inputs: PhaseInputs): Promise<PhaseResult> {
  // One folder per phase, with Node's default file names: the tsx loader thread writes a
  // profile of its own, and a fixed name would let it overwrite the server's.
  const profileDir = path.resolve('bench-results/profiles', name);
  if (flags.profile) mkdirSync(profileDir, { recursive: true });
  const execArgv = flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = await forkBenchChild(file, env, execArgv);
  try {
    const baseUrl = `http://127.0.0.1:${child.port}`;
    const integrationUrl = `http://127.0.0.1:${child.integrationPort}`;
    if (inputs.seedHistory) await seedHistory(integrationUrl, inputs.webhookSecret, inputs.phones);
    logger.info({ phase: name }, 'bench: connecting agents');
    let machine: (() => MachineCpu) | undefined;
    const load = await runLoad({
      baseUrl,
      integrationUrl,
      webhookSecret: inputs.webhookSecret,
      logins: inputs.logins,
      startsPerSecond: flags.rate,
      durationSeconds: flags.duration,
      interactionSeconds: flags['call-seconds'],
      phones: inputs.phones,
      lines: inputs.lines,
      logger,
      seed: flags.seed,
      onMeasureStart: () => {
        child.measureStart();
        machine = machineCpuMeter();
        logger.info({ phase: name, seconds: flags.duration }, 'bench: load running');
      },
    });
    const server = await child.report().catch((error: unknown): ServerReport => {
      // Keep the latency figures of the run even when the server is too swamped to report on itself.
      logger.error({ err: error, phase: name }, 'bench: the server did not report its event-loop lag and CPU');
      const unknown = { min: -1, mean: -1, p50: -1, p90: -1, p99: -1, max: -1 };
      return { eventLoopLagMs: unknown, cpuPercentOfOneCore: -1, mainThreadBusyPercent: -1, cpuSeconds: { user: -1, system: -1 }, windowSeconds: 0, rssMb: -1 };
    });
    logger.info({ phase: name, screenPop: load.screenPop, utterance: load.utterance }, 'bench: phase done');
    return { load, server, machine: machine?.() ?? { busyPercentOfAllCores: 0, cores: os.cpus().length }, loadAverageAfter: os.loadavg() };
  } finally {
    await child.stop();
  }
}

function compose(cue: PhaseResult, floor: PhaseResult | undefined, loadAverageBefore: number[]) {
  // A phase that dropped or never answered work did not keep up: its percentiles cover only
  // what arrived, so no goal is "met" by it, and a ratio between two such phases means nothing.
  const ratio = (a: PhaseResult, b: PhaseResult | undefined, pick: (load: LoadResult) => { p50: number; count: number }) =>
    b && keptUp(a.load) && keptUp(b.load) && pick(a.load).count > 0 && pick(b.load).count > 0
      ? Math.round((pick(a.load).p50 / pick(b.load).p50) * 100) / 100
      : null;
  const ratios = {
    screenPopP50: ratio(cue, floor, (load) => load.screenPop),
    utteranceP50: ratio(cue, floor, (load) => load.utterance),
  };
  const within = (phase: PhaseResult, summary: { p99: number; count: number }, goal: number) => keptUp(phase.load) && summary.count > 0 && summary.p99 <= goal;
  return {
    at: new Date().toISOString(),
    parameters: {
      durationSeconds: flags.duration,
      startsPerSecond: flags.rate,
      agents: flags.agents,
      interactionSeconds: flags['call-seconds'],
      utterancesPerInteraction: flags['call-seconds'],
      customers: flags.customers,
      historyEventsPerCustomer: flags.history,
      database: 'sqlite (fresh file in a temporary DATA_DIR)',
      measuredFrom: 'request written to the socket (client side) to the push delivered to the agent socket',
    },
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model ?? 'unknown',
      totalMemoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadAverageBefore,
      note: 'server, load generator and floor share the same cores; the generator runs in this process, each server in a child process',
    },
    cue: { keptUp: keptUp(cue.load), ...phaseJson(cue) },
    floor: floor ? { keptUp: keptUp(floor.load), ...phaseJson(floor) } : null,
    ratios,
    goals: {
      ...GOALS,
      screenPopP99Met: within(cue, cue.load.screenPop, GOALS.screenPopP99Ms),
      utteranceP99Met: within(cue, cue.load.utterance, GOALS.utteranceP99Ms),
      // The same p99 goals held against the floor: where even it misses them, the machine does.
      floorScreenPopP99Met: floor ? within(floor, floor.load.screenPop, GOALS.screenPopP99Ms) : null,
      floorUtteranceP99Met: floor ? within(floor, floor.load.utterance, GOALS.utteranceP99Ms) : null,
      screenPopRatioMet: ratios.screenPopP50 === null ? null : ratios.screenPopP50 <= GOALS.p50RatioToFloor,
      utteranceRatioMet: ratios.utteranceP50 === null ? null : ratios.utteranceP50 <= GOALS.p50RatioToFloor,
    },
  };
}

/** Every start answered and popped, every utterance sent, answered and pushed. */
function keptUp(load: LoadResult): boolean {
  const { starts, utterances } = load;
  const utterancesUnanswered = utterances.scheduled - utterances.answered - utterances.failed - utterances.neverSent;
  return starts.failed + starts.unanswered + starts.popsNeverReceived + utterances.failed + utterances.neverSent + utterancesUnanswered + utterances.neverReceived === 0;
}

function phaseJson(phase: PhaseResult) {
  const { load, server, machine } = phase;
  const usedByUs = server.cpuPercentOfOneCore + load.generator.cpuPercentOfOneCore;
  return {
    screenPopMs: load.screenPop,
    screenPopAgentFreeMs: load.screenPopAgentFree,
    screenPopAllBusyMs: load.screenPopAllBusy,
    utteranceMs: load.utterance,
    startHttpRoundTripMs: load.startHttp,
    utteranceHttpRoundTripMs: load.utteranceHttp,
    starts: load.starts,
    utterances: load.utterances,
    agentActionFailures: load.agentActionFailures,
    meanPopBytes: load.meanPopBytes,
    meanUtteranceBytes: load.meanUtteranceBytes,
    server: { eventLoopLagMs: server.eventLoopLagMs, cpuPercentOfOneCore: server.cpuPercentOfOneCore, mainThreadBusyPercent: server.mainThreadBusyPercent, rssMb: server.rssMb },
    ...(server.diagnostics ? { diagnostics: server.diagnostics } : {}),
    generator: load.generator,
    machineCpu: {
      ...machine,
      // What the rest of the box (other people's processes) took from the same cores meanwhile.
      otherProcessesPercentOfOneCore: Math.max(0, Math.round((machine.busyPercentOfAllCores * machine.cores - usedByUs) * 10) / 10),
    },
    loadAverageAfter: phase.loadAverageAfter,
    agentsConnectSeconds: load.agentsConnectSeconds,
    loadSeconds: load.loadSeconds,
    steadyP99Ms: steadyP99(load.perSecond, flags.duration),
    perSecond: load.perSecond,
  };
}

/**
 * The median of each second's p99 once the calls have built up and while starts are still sent
 * (from a sixth of the run, 10 s of 60, to its end): what a typical second of the steady state
 * looks like, apart from the few seconds that build a backlog and dominate the whole run's p99.
 */
function steadyP99(perSecond: readonly SecondOfLoad[], durationSeconds: number): { screenPop: number | null; utterance: number | null } {
  const steady = perSecond.slice(Math.floor(durationSeconds / 6), durationSeconds);
  const median = (values: number[]) => {
    const sorted = values.sort((a, b) => a - b);
    return sorted.length > 0 ? sorted[Math.floor(sorted.length / 2)]! : null;
  };
  return {
    screenPop: median(steady.filter((second) => second.pops > 0).map((second) => second.popP99Ms)),
    utterance: median(steady.filter((second) => second.utterances > 0).map((second) => second.utteranceP99Ms)),
  };
}

type Results = ReturnType<typeof compose>;

function report(results: Results): string {
  const row = (label: string, s: { p50: number; p95: number; p99: number; max: number; count: number }) =>
    `  ${label.padEnd(22)} ${[s.p50, s.p95, s.p99, s.max].map((v) => v.toFixed(2).padStart(9)).join('')}   n=${s.count}`;
  const phase = (name: string, p: ReturnType<typeof phaseJson> & { keptUp: boolean }) =>
    [
      `${name}                    p50 ms   p95 ms   p99 ms   max ms`,
      row('screen pop', p.screenPopMs),
      // The floor's agents never hear they are busy, so only Cue's pops split.
      ...(p.screenPopAllBusyMs.count > 0 ? [row('  an agent was free', p.screenPopAgentFreeMs), row('  all agents busy', p.screenPopAllBusyMs)] : []),
      row('utterance', p.utteranceMs),
      row('start HTTP round trip', p.startHttpRoundTripMs),
      row('utterance HTTP trip', p.utteranceHttpRoundTripMs),
      `  steady p99 ms (median of each second's p99 after the first sixth): screen pop ${p.steadyP99Ms.screenPop?.toFixed(1) ?? 'n/a'}, utterance ${p.steadyP99Ms.utterance?.toFixed(1) ?? 'n/a'}`,
      `  server event-loop lag ms: p50 ${p.server.eventLoopLagMs.p50}  p99 ${p.server.eventLoopLagMs.p99}  max ${p.server.eventLoopLagMs.max}   server CPU ${p.server.cpuPercentOfOneCore}% of a core (main thread busy ${p.server.mainThreadBusyPercent}%), RSS ${p.server.rssMb} MB`,
      `  generator CPU ${p.generator.cpuPercentOfOneCore}% of a core, its loop lag p99 ${p.generator.eventLoopLagMs.p99} ms; machine busy ${p.machineCpu.busyPercentOfAllCores}% of ${p.machineCpu.cores} cores (others: ${p.machineCpu.otherProcessesPercentOfOneCore}% of a core)`,
      `  starts answered ${p.starts.answered}/${p.starts.scheduled} (failed ${p.starts.failed}, unanswered ${p.starts.unanswered}, sent with no agent available ${p.starts.sentWithNoAgentAvailable}, pops never received ${p.starts.popsNeverReceived})`,
      `  utterances answered ${p.utterances.answered}/${p.utterances.scheduled} (failed ${p.utterances.failed}, never sent ${p.utterances.neverSent}, pushes never received ${p.utterances.neverReceived}); agent actions failed ${p.agentActionFailures}; pop ${p.meanPopBytes} B, utterance ${p.meanUtteranceBytes} B`,
      ...(p.keptUp ? [] : ['  NOTE: the server did not keep up: percentiles cover only what arrived, so they understate; the counts above say how much never did']),
    ].join('\n');
  const goal = (met: boolean | null) => (met === null ? 'n/a (a phase did not keep up)' : met ? 'met' : 'MISSED');
  const lines = [
    '',
    `Cue benchmark: ${results.parameters.agents} agents, ${results.parameters.startsPerSecond} starts/s for ${results.parameters.durationSeconds} s, ${results.parameters.interactionSeconds} s calls with 1 utterance/s`,
    `machine: ${results.machine.cpus} × ${results.machine.model}, load average before ${results.machine.loadAverageBefore.map((l) => l.toFixed(2)).join(' ')}`,
    '',
    phase('Cue', results.cue),
    ...(results.floor ? ['', phase('floor (bare express + Socket.IO)', results.floor)] : []),
    '',
    `p50 ratio to the floor: screen pop ${results.ratios.screenPopP50 ?? 'n/a'}, utterance ${results.ratios.utteranceP50 ?? 'n/a'}`,
    `goals: screen pop p99 ≤ ${GOALS.screenPopP99Ms} ms ${goal(results.goals.screenPopP99Met)}; utterance p99 ≤ ${GOALS.utteranceP99Ms} ms ${goal(results.goals.utteranceP99Met)}; p50 ratio ≤ ${GOALS.p50RatioToFloor}: screen pop ${goal(results.goals.screenPopRatioMet)}, utterance ${goal(results.goals.utteranceRatioMet)}`,
    ...(results.floor
      ? [`the floor against the same p99 goals: screen pop ${goal(results.goals.floorScreenPopP99Met)}; utterance ${goal(results.goals.floorUtteranceP99Met)}`]
      : []),
    '',
  ];
  return lines.join('\n');
}

await main();
