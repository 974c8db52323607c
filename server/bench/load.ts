import { monitorEventLoopDelay } from 'node:perf_hooks';
import { en, Faker } from '@faker-js/faker';
import { z } from 'zod';
import type { ScreenPop, Utterance } from '../../shared/interactions';
import type { Logger } from '../logger';
import { SimulatedAgentPool, type AgentLogin } from '../simulator/agents';
import { CueHttpClient } from '../simulator/http-client';
import { TimerSet } from '../simulator/timer-set';
import { LAG_RESOLUTION_MS, summariseLag, type LagSummaryMs } from './child-process';
import { latencyHistogram, recordMs, summarise, type LatencyHistogram, type LatencySummaryMs } from './histogram';

export interface LoadOptions {
  /** Always http://127.0.0.1:<port>: the benchmark never sends load anywhere else. */
  baseUrl: string;
  /** Where the signed calls go (http://127.0.0.1:<port> too). */
  integrationUrl: string;
  webhookSecret: string;
  logins: readonly AgentLogin[];
  startsPerSecond: number;
  durationSeconds: number;
  /** Each interaction lasts this long: one customer utterance a second, then the end. */
  interactionSeconds: number;
  /** Callers, drawn at random: repeat callers have a growing timeline, as in a real center. */
  phones: readonly string[];
  /** What customers say, in turn. */
  lines: readonly string[];
  logger: Logger;
  /** Called once every agent is available, just before the first start: the server starts measuring. */
  onMeasureStart(): void;
  seed: number;
}

export interface SecondOfLoad {
  second: number;
  startsSent: number;
  pops: number;
  popP99Ms: number;
  utterances: number;
  utteranceP99Ms: number;
}

export interface LoadResult {
  screenPop: LatencySummaryMs;
  /**
   * The same pops split by whether any agent was available (as the agents themselves saw it)
   * when the start was sent: at 50 starts/s, 500 agents and 10 s calls every agent is busy, and
   * a call waits in the queue for the previous caller's wrap-up.
   */
  screenPopAgentFree: LatencySummaryMs;
  screenPopAllBusy: LatencySummaryMs;
  /** To its push, or to the screen pop for a turn that came in while its call waited in the queue (no agent to push it to yet). */
  utterance: LatencySummaryMs;
  /** The HTTP round trips themselves (sent → response), for reference. */
  startHttp: LatencySummaryMs;
  utteranceHttp: LatencySummaryMs;
  /** answered: 201; failed: an error answer or a broken connection; unanswered: no answer by the end of the run. */
  starts: { scheduled: number; answered: number; failed: number; unanswered: number; sentWithNoAgentAvailable: number; popsNeverReceived: number };
  /** Utterances go out only once their start is answered; a start never answered takes its utterances with it. neverReceived: in neither a push nor a screen pop. */
  utterances: { scheduled: number; answered: number; failed: number; neverSent: number; neverReceived: number };
  /** Agent actions (accept, wrap-up, status) that failed, mostly acks timing out on an overloaded server. */
  agentActionFailures: number;
  /** Mean JSON size of what agents received, sampled; the floor emits payloads of these sizes. */
  meanPopBytes: number;
  meanUtteranceBytes: number;
  generator: { eventLoopLagMs: LagSummaryMs; cpuPercentOfOneCore: number };
  agentsConnectSeconds: number;
  loadSeconds: number;
  perSecond: SecondOfLoad[];
}

const startResponseSchema = z.object({ interactionId: z.string().min(1) });
const AGENTS_READY_TIMEOUT_MS = 120_000;
/** After the last end is sent, how long to wait for pushes still in flight before calling them lost. */
const DRAIN_GRACE_MS = 5_000;
const SIZE_SAMPLE_EVERY = 10;

/**
 * Drives one server through a fixed schedule: `startsPerSecond` new calls, each with one
 * customer utterance a second and an end after `interactionSeconds`, answered and wrapped up
 * at once by simulated agents (the simulator's, with no think time; each offers its top
 * suggested action a few seconds into the call, as an agent does). Latency is measured from
 * the moment each request goes on the wire to the moment the agent's socket delivers the push.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { logger } = options;
  // The agents' own retries and ack timeouts are counted, not logged one by one: an overloaded
  // server would otherwise bury the figures under thousands of identical warnings.
  const timers = new TimerSet(logger.child({}, { level: 'error' }));
  const http = new CueHttpClient({ baseUrl: options.baseUrl, maxSockets: 1024, timeoutMs: 60_000 });
  const platform = new CueHttpClient({ baseUrl: options.integrationUrl, webhookSecret: options.webhookSecret, maxSockets: 1024, timeoutMs: 60_000 });
  const faker = new Faker({ locale: en });
  faker.seed(options.seed);

  const screenPop = latencyHistogram();
  const screenPopAgentFree = latencyHistogram();
  const screenPopAllBusy = latencyHistogram();
  const sentWhileAllBusy = new Set<string>();
  const utterance = latencyHistogram();
  const startHttp = latencyHistogram();
  const utteranceHttp = latencyHistogram();
  const popSentAt = new Map<string, number>();
  const utteranceSentAt = new Map<string, number>();
  const perSecond: { startsSent: number; pops: LatencyHistogram; utterances: LatencyHistogram }[] = [];
  let t0 = 0;
  const secondOf = (now: number) => {
    const index = Math.max(0, Math.floor((now - t0) / 1000));
    while (perSecond.length <= index) perSecond.push({ startsSent: 0, pops: latencyHistogram(), utterances: latencyHistogram() });
    return perSecond[index]!;
  };
  const sizes = { pops: 0, popBytes: 0, utterances: 0, utteranceBytes: 0 };

  const utteranceArrived = (arrived: Utterance, now: number) => {
    const key = `${arrived.interactionId}:${arrived.seq}`;
    const sentAt = utteranceSentAt.get(key);
    if (sentAt === undefined) return;
    utteranceSentAt.delete(key);
    recordMs(utterance, now - sentAt);
    recordMs(secondOf(now).utterances, now - sentAt);
    if (utterance.totalCount % SIZE_SAMPLE_EVERY === 1) {
      sizes.utterances += 1;
      sizes.utteranceBytes += JSON.stringify(arrived).length;
    }
  };

  const pool = new SimulatedAgentPool({
    baseUrl: options.baseUrl,
    http,
    logins: options.logins,
    logger: logger.child({}, { level: 'error' }),
    faker,
    timers,
    ringDelayMs: [0, 0],
    offerDelayMs: [2_000, 8_000],
    wrapupDelayMs: [0, 0],
    // Never used: every interaction here is the benchmark's own.
    replyDelayMs: [0, 0],
    stuckTimeoutMs: 60 * 60_000,
    outcomeFor: () => ({ disposition: 'resolved', notes: 'Benchmark call.' }),
    endInteraction: async () => undefined,
    connectConcurrency: 50,
    hooks: {
      assigned(pop: ScreenPop) {
        const now = performance.now();
        // Turns that came in while the call waited in the queue had no agent to go to: they
        // reach one with the screen pop.
        for (const turn of pop.transcript) utteranceArrived(turn, now);
        const sentAt = popSentAt.get(pop.interaction.externalId);
        if (sentAt === undefined) return;
        popSentAt.delete(pop.interaction.externalId);
        recordMs(screenPop, now - sentAt);
        recordMs(sentWhileAllBusy.delete(pop.interaction.externalId) ? screenPopAllBusy : screenPopAgentFree, now - sentAt);
        recordMs(secondOf(now).pops, now - sentAt);
        if (screenPop.totalCount % SIZE_SAMPLE_EVERY === 1) {
          sizes.pops += 1;
          sizes.popBytes += JSON.stringify(pop).length;
        }
      },
      utterance: (pushed: Utterance) => utteranceArrived(pushed, performance.now()),
    },
  });

  const connectStarted = performance.now();
  await pool.start();
  await waitFor(() => pool.countByStatus('available') === pool.size, AGENTS_READY_TIMEOUT_MS, () => `only ${pool.countByStatus('available')} of ${pool.size} agents available`);
  const agentsConnectSeconds = (performance.now() - connectStarted) / 1000;
  logger.info({ agents: pool.size, seconds: agentsConnectSeconds.toFixed(1) }, 'bench: agents connected and available');

  const counts = { sent: 0, failed: 0, noAgent: 0, utterancesScheduled: 0, utterancesSent: 0, utterancesFailed: 0, endsPending: 0 };
  const total = Math.round(options.startsPerSecond * options.durationSeconds);
  const intervalMs = 1000 / options.startsPerSecond;
  const interactionMs = options.interactionSeconds * 1000;

  const sendUtterance = (interactionId: string, seq: number, text: string) => {
    const key = `${interactionId}:${seq}`;
    let sentAt = 0;
    platform
      .postSigned(`/api/v1/interactions/${interactionId}/utterances`, { speaker: 'customer', text, seq }, {
        onSend: () => {
          sentAt = performance.now();
          utteranceSentAt.set(key, sentAt);
        },
      })
      .then((response) => {
        recordMs(utteranceHttp, performance.now() - sentAt);
        if (response.status !== 201) throw new Error(`utterance ${seq} answered ${response.status}: ${JSON.stringify(response.body)}`);
        counts.utterancesSent += 1;
      })
      .catch((error: unknown) => {
        counts.utterancesFailed += 1;
        utteranceSentAt.delete(key);
        // The first few say what went wrong; the count in the results says how often.
        if (counts.utterancesFailed <= 5) logger.warn({ err: error }, 'bench: utterance failed');
      });
  };

  const startInteraction = (index: number) => {
    const externalId = `bench-${String(index).padStart(7, '0')}`;
    if (pool.countByStatus('available') === 0) {
      counts.noAgent += 1;
      sentWhileAllBusy.add(externalId);
    }
    let sentAt = 0;
    platform
      .postSigned(
        '/api/v1/interactions',
        { externalId, channel: 'voice', queue: 'support', from: { kind: 'phone', value: faker.helpers.arrayElement(options.phones) } },
        {
          onSend: () => {
            sentAt = performance.now();
            popSentAt.set(externalId, sentAt);
            secondOf(sentAt).startsSent += 1;
          },
        },
      )
      .then((response) => {
        recordMs(startHttp, performance.now() - sentAt);
        if (response.status !== 201) throw new Error(`start answered ${response.status}: ${JSON.stringify(response.body)}`);
        counts.sent += 1;
        const { interactionId } = startResponseSchema.parse(response.body);
        // One utterance a second, half a second into each second, so that exactly
        // interactionSeconds utterances fit before the end.
        for (let seq = 1; seq <= options.interactionSeconds; seq++) {
          counts.utterancesScheduled += 1;
          const dueAt = sentAt + (seq - 0.5) * 1000;
          timers.after(dueAt - performance.now(), 'utterance', () => sendUtterance(interactionId, seq, options.lines[(index + seq) % options.lines.length]!));
        }
        counts.endsPending += 1;
        timers.after(sentAt + interactionMs - performance.now(), 'end', async () => {
          try {
            const ended = await platform.postSigned(`/api/v1/interactions/${interactionId}/end`, {});
            if (ended.status !== 200) logger.warn({ status: ended.status }, 'bench: end refused');
          } finally {
            counts.endsPending -= 1;
          }
        });
      })
      .catch((error: unknown) => {
        counts.failed += 1;
        popSentAt.delete(externalId);
        // The first few say what went wrong; the count in the results says how often.
        if (counts.failed <= 5) logger.warn({ err: error }, 'bench: start failed');
      });
  };

  options.onMeasureStart();
  const cpuAtStart = process.cpuUsage();
  const lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  lag.enable();
  t0 = performance.now();
  let next = 0;
  await new Promise<void>((resolve) => {
    // Catches up when a timer fires late, so the rate holds even if the generator hiccups;
    // latency is timed from the real send, so lateness here does not shorten what is measured.
    const tick = () => {
      const now = performance.now();
      while (next < total && t0 + next * intervalMs <= now) startInteraction(next++);
      if (next >= total) return resolve();
      timers.after(t0 + next * intervalMs - now, 'start', tick);
    };
    tick();
  });
  const lastStartAt = performance.now();
  await waitFor(
    () => counts.endsPending === 0 && counts.sent + counts.failed === total && performance.now() > lastStartAt + interactionMs,
    interactionMs + 60_000,
    () => `${counts.endsPending} ends still pending`,
  ).catch((error: unknown) => logger.warn({ err: error }, 'bench: did not drain'));
  await waitFor(() => popSentAt.size === 0 && utteranceSentAt.size === 0, DRAIN_GRACE_MS, () => '').catch(() => undefined);
  const loadSeconds = (performance.now() - t0) / 1000;
  lag.disable();
  const cpu = process.cpuUsage(cpuAtStart);

  timers.stop();
  pool.stop();
  http.close();
  platform.close();
  const failures = timers.failures;

  return {
    screenPop: summarise(screenPop),
    screenPopAgentFree: summarise(screenPopAgentFree),
    screenPopAllBusy: summarise(screenPopAllBusy),
    utterance: summarise(utterance),
    startHttp: summarise(startHttp),
    utteranceHttp: summarise(utteranceHttp),
    starts: {
      scheduled: total,
      answered: counts.sent,
      failed: counts.failed,
      unanswered: total - counts.sent - counts.failed,
      sentWithNoAgentAvailable: counts.noAgent,
      popsNeverReceived: popSentAt.size,
    },
    utterances: {
      scheduled: total * options.interactionSeconds,
      answered: counts.utterancesSent,
      failed: counts.utterancesFailed,
      neverSent: total * options.interactionSeconds - counts.utterancesScheduled,
      neverReceived: utteranceSentAt.size,
    },
    agentActionFailures: failures,
    meanPopBytes: sizes.pops ? Math.round(sizes.popBytes / sizes.pops) : 0,
    meanUtteranceBytes: sizes.utterances ? Math.round(sizes.utteranceBytes / sizes.utterances) : 0,
    generator: {
      eventLoopLagMs: summariseLag(lag),
      cpuPercentOfOneCore: Math.round(((cpu.user + cpu.system) / 1e6 / loadSeconds) * 1000) / 10,
    },
    agentsConnectSeconds,
    loadSeconds,
    perSecond: perSecond.map((s, second) => ({
      second,
      startsSent: s.startsSent,
      pops: s.pops.totalCount,
      popP99Ms: summarise(s.pops).p99,
      utterances: s.utterances.totalCount,
      utteranceP99Ms: summarise(s.utterances).p99,
    })),
  };
}

async function waitFor(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
