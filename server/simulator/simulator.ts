import { randomUUID } from 'node:crypto';
import { en, en_US, Faker } from '@faker-js/faker';
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import type { InteractionChannel } from '../../shared/interactions';
import type { VisitorClientToServerEvents, VisitorServerToClientEvents } from '../../shared/realtime';
import type { Logger } from '../logger';
import { SimulatedAgentPool, type AgentLogin, type DelayRange, type WrapupOutcome } from './agents';
import { CallerPicker, type SimulatedCaller } from './callers';
import { CueHttpClient, HttpStatusError, type JsonResponse } from './http-client';
import { pickScript, renderConversation, type RenderedConversation } from './scripts';
import { TimerSet } from './timer-set';

export interface AgentCredentials {
  email: string;
  password: string;
}

export interface SimulatorPacing {
  /** Between two turns of a conversation. */
  turnDelayMs: DelayRange;
  /** Between the screen pop and the agent answering. */
  ringDelayMs: DelayRange;
  /** Between answering and offering the top suggested action (see SimulatedAgentPool). */
  offerDelayMs: DelayRange;
  /** Between the end of a call and its wrap-up. */
  wrapupDelayMs: DelayRange;
  /** Typing a reply to a visitor the simulator did not script (see SimulatedAgentPool). */
  replyDelayMs: DelayRange;
  /**
   * How long a caller waits for a simulated agent to answer before talking anyway. A person
   * logged in as a demo agent may hold the call; the simulator cannot see that, and the
   * transcript should still reach them.
   */
  answerWaitMs: number;
  /** See SimulatedAgentPool: ends what nobody else ends. */
  stuckTimeoutMs: number;
}

/** A contact center's pace: a turn every one to three seconds, a few seconds to answer and to wrap up. */
export const REALISTIC_PACING: SimulatorPacing = {
  turnDelayMs: [1_000, 3_000],
  ringDelayMs: [800, 2_500],
  offerDelayMs: [4_000, 12_000],
  wrapupDelayMs: [2_000, 6_000],
  replyDelayMs: [1_500, 4_000],
  answerWaitMs: 10_000,
  stuckTimeoutMs: 10 * 60_000,
};

export interface SimulatorOptions {
  /** Where Cue's console, sockets and chat widget are, e.g. http://127.0.0.1:3000. */
  baseUrl: string;
  /** Where Cue's integration API listens, e.g. http://127.0.0.1:3001: the calls come in there. */
  integrationUrl: string;
  /** The integration API's secret: calls come in signed, like a telephony platform's. */
  webhookSecret: string;
  /** Accounts to sign in with, or how many of `simulatedAgentAccounts()` to use (their creator must have created them). */
  agents: readonly AgentCredentials[] | number;
  /** The password of `simulatedAgentAccounts()`, when `agents` is a number. */
  agentPassword?: string;
  /** New calls and chats per minute, on average (arrivals are Poisson, as in a real center). */
  ratePerMinute: number;
  logger: Logger;
  /** Same seed, same sequence of scripts, callers and delays (timing on the wire still varies). */
  seed?: number;
  /** Seeded customers to call from; new people with generated US numbers when empty. */
  callers?: readonly SimulatedCaller[];
  /** The share of contacts that are web chats rather than calls. */
  chatShare?: number;
  pacing?: Partial<SimulatorPacing>;
  /** At most this many conversations run at once; arrivals beyond it are skipped, not queued. */
  maxConcurrent?: number;
}

export interface SimulatorStats {
  started: Record<InteractionChannel, number>;
  completed: number;
  /** Cut short by stop(). */
  interrupted: number;
  failed: number;
  skippedAtCapacity: number;
  active: number;
}

export interface Simulator {
  stats(): SimulatorStats;
  /** Stops new arrivals, ends the calls in flight, disconnects every socket and clears every timer. */
  stop(): Promise<void>;
}

export const SIMULATED_AGENT_QUEUES = ['support', 'billing', 'retention', 'chat'] as const;

export interface SimulatedAgentAccount {
  email: string;
  name: string;
  role: 'agent';
  queues: string[];
  password: string;
}

/**
 * The accounts the simulator signs in as when given a count. Whoever starts it creates them
 * first (createUser); the simulator itself never touches the database.
 */
export function simulatedAgentAccounts(count: number, password: string): SimulatedAgentAccount[] {
  // Names from their own seed, so accounts keep their names whatever seed the traffic uses.
  const names = new Faker({ locale: [en_US, en] });
  names.seed(7_100_001);
  return Array.from({ length: count }, (_, index) => ({
    email: `sim-agent-${String(index + 1).padStart(3, '0')}@simulator.example.com`,
    name: names.person.fullName(),
    role: 'agent' as const,
    queues: [...SIMULATED_AGENT_QUEUES],
    password,
  }));
}

const startResponseSchema = z.object({ interactionId: z.uuid() });
const chatSessionSchema = z.object({ token: z.string().min(1), interactionId: z.uuid() });

const VISITOR_CONNECT_TIMEOUT_MS = 5_000;
const STOP_DEADLINE_MS = 2_000;
/** Failures are logged at most this often, with a count of the ones held back: a server that is down should not flood the log. */
const FAILURE_LOG_INTERVAL_MS = 5_000;

type VisitorSocket = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;

/**
 * Drives a living contact center through Cue's public surfaces only: calls through the signed
 * integration API, chats through the public chat endpoint and the `/chat` namespace, and
 * simulated agents through the console's Socket.IO namespace. It never reads the database, so
 * what it exercises is exactly what a real deployment exercises.
 */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const simulator = new TrafficSimulator(options);
  await simulator.start();
  return simulator;
}

class TrafficSimulator implements Simulator {
  private readonly logger: Logger;
  private readonly faker: Faker;
  private readonly timers: TimerSet;
  private readonly http: CueHttpClient;
  /** The telephony and chat platform's side: signed calls to the integration API. */
  private readonly platform: CueHttpClient;
  private readonly pool: SimulatedAgentPool;
  private readonly callers: CallerPicker;
  private readonly pacing: SimulatorPacing;
  private readonly maxConcurrent: number;
  private readonly conversations = new Set<Promise<void>>();
  /** Interactions this simulator started and has not ended yet; stop() ends them. */
  private readonly open = new Set<string>();
  /** Outcome to file per interaction. Bounded: the oldest entries go first, long after their wrap-up. */
  private readonly outcomes = new Map<string, WrapupOutcome>();
  private readonly counts: Omit<SimulatorStats, 'active'> = { started: { voice: 0, chat: 0 }, completed: 0, interrupted: 0, failed: 0, skippedAtCapacity: 0 };
  private chatsPausedUntil = 0;
  private lastFailureLog = 0;
  private failuresNotLogged = 0;

  constructor(private readonly options: SimulatorOptions) {
    this.logger = options.logger;
    this.faker = new Faker({ locale: [en_US, en] });
    this.faker.seed(options.seed ?? Date.now());
    this.timers = new TimerSet(options.logger);
    this.pacing = { ...REALISTIC_PACING, ...options.pacing };
    this.http = new CueHttpClient({ baseUrl: options.baseUrl, maxSockets: 32 });
    this.platform = new CueHttpClient({ baseUrl: options.integrationUrl, webhookSecret: options.webhookSecret, maxSockets: 32 });
    this.callers = new CallerPicker(options.callers ?? [], this.faker);
    const logins = agentLogins(options);
    this.maxConcurrent = options.maxConcurrent ?? Math.max(4, logins.length * 2);
    this.pool = new SimulatedAgentPool({
      baseUrl: options.baseUrl,
      http: this.http,
      logins,
      logger: options.logger,
      faker: this.faker,
      timers: this.timers,
      ringDelayMs: this.pacing.ringDelayMs,
      offerDelayMs: this.pacing.offerDelayMs,
      wrapupDelayMs: this.pacing.wrapupDelayMs,
      replyDelayMs: this.pacing.replyDelayMs,
      stuckTimeoutMs: this.pacing.stuckTimeoutMs,
      outcomeFor: (interactionId) => this.outcomes.get(interactionId),
      endInteraction: (interactionId) => this.end(interactionId),
    });
  }

  async start(): Promise<void> {
    await this.pool.start();
    this.logger.info(
      { agents: this.pool.size, ratePerMinute: this.options.ratePerMinute, maxConcurrent: this.maxConcurrent },
      'simulator: started',
    );
    this.scheduleNextArrival();
  }

  stats(): SimulatorStats {
    return { ...this.counts, started: { ...this.counts.started }, active: this.conversations.size };
  }

  async stop(): Promise<void> {
    if (this.timers.isStopped) return;
    // Waking every sleep first makes each conversation return at its next step instead of talking on.
    this.timers.stop();
    const ending = Promise.allSettled([...this.open].map((interactionId) => this.end(interactionId)));
    await raceDeadline(ending, STOP_DEADLINE_MS);
    this.pool.stop();
    // In-flight requests fail at once when their sockets go, so every conversation unwinds.
    this.http.close();
    this.platform.close();
    await raceDeadline(Promise.allSettled([...this.conversations]), STOP_DEADLINE_MS);
    this.logger.info(this.stats(), 'simulator: stopped');
  }

  // --- arrivals -------------------------------------------------------------------------------

  private scheduleNextArrival(): void {
    const rate = this.options.ratePerMinute;
    if (!(rate > 0)) return;
    // Exponential gaps make arrivals a Poisson process: bursts and lulls, like real traffic.
    const gapMs = (-Math.log(1 - this.faker.number.float({ min: 0, max: 0.999_999 })) * 60_000) / rate;
    this.timers.after(gapMs, 'arrival', () => {
      this.scheduleNextArrival();
      this.arrive();
    });
  }

  private arrive(): void {
    if (this.conversations.size >= this.maxConcurrent) {
      this.counts.skippedAtCapacity += 1;
      return;
    }
    const wantsChat = this.faker.number.float({ min: 0, max: 1 }) < (this.options.chatShare ?? 0.3);
    const channel: InteractionChannel = wantsChat && Date.now() >= this.chatsPausedUntil ? 'chat' : 'voice';
    const conversation = renderConversation(pickScript(channel, this.faker), this.faker);
    this.counts.started[channel] += 1;
    const run = (channel === 'chat' ? this.runChat(conversation) : this.runCall(conversation))
      .then((finished) => {
        if (finished) this.counts.completed += 1;
        else this.counts.interrupted += 1;
      })
      .catch((error: unknown) => {
        this.counts.failed += 1;
        this.logFailure(error, channel);
      })
      .finally(() => this.conversations.delete(run));
    this.conversations.add(run);
  }

  // --- one call -------------------------------------------------------------------------------

  /** Plays one call; false when stop() cut it short. */
  private async runCall(conversation: RenderedConversation): Promise<boolean> {
    const caller = this.callers.forCall();
    const response = await this.platform.postSigned('/api/v1/interactions', {
      externalId: `sim-call-${randomUUID()}`,
      channel: 'voice',
      queue: conversation.queue,
      from: { kind: caller.kind, value: caller.value },
      ...(caller.name ? { name: caller.name } : {}),
    });
    const { interactionId } = startResponseSchema.parse(expectStatus(response, [200, 201], 'starting a call'));
    this.track(interactionId, conversation);
    try {
      await this.pool.waitForAnswer(interactionId, this.pacing.answerWaitMs);
      let seq = 0;
      for (const turn of conversation.turns) {
        if (!(await this.timers.sleep(this.pool.delay(this.pacing.turnDelayMs)))) return false;
        seq += 1;
        // The telephony platform transcribes both sides of a call.
        const said = await this.platform.postSigned(`/api/v1/interactions/${interactionId}/utterances`, { speaker: turn.speaker, text: turn.text, seq });
        // 409: the call was ended from elsewhere (a person in the console, the stuck-call safety net).
        if (said.status === 409) return true;
        expectStatus(said, [200, 201], 'sending an utterance');
      }
      if (!(await this.timers.sleep(this.pool.delay(this.pacing.turnDelayMs)))) return false;
      await this.end(interactionId);
      return true;
    } finally {
      this.open.delete(interactionId);
    }
  }

  // --- one chat -------------------------------------------------------------------------------

  private async runChat(conversation: RenderedConversation): Promise<boolean> {
    const visitor = this.callers.forChat();
    const response = await this.http.postJson(
      '/api/v1/chat/sessions',
      { name: visitor.name, [visitor.kind]: visitor.value },
      // Each simulated visitor comes from its own documentation-range address (RFC 5737), passed
      // the way a reverse proxy passes a visitor's address. Cue trusts the header only from
      // loopback, which is where the simulator runs in demo mode. Without it every visitor would
      // share one address and the widget's per-address limit would turn most chats away.
      { headers: { 'x-forwarded-for': this.visitorAddress() } },
    );
    if (response.status === 429) {
      this.chatsPausedUntil = Date.now() + (response.retryAfterSeconds ?? 60) * 1000;
      throw new HttpStatusError(429, response.body, 'starting a chat (chats paused until the limit resets)');
    }
    const { token, interactionId } = chatSessionSchema.parse(expectStatus(response, [201], 'starting a chat'));
    this.track(interactionId, conversation);
    const socket: VisitorSocket = io(`${this.options.baseUrl}/chat`, { auth: { token }, transports: ['websocket'], forceNew: true });
    try {
      await connectedWithin(socket, VISITOR_CONNECT_TIMEOUT_MS);
      await this.pool.waitForAnswer(interactionId, this.pacing.answerWaitMs);
      for (const turn of conversation.turns) {
        if (!(await this.timers.sleep(this.pool.delay(this.pacing.turnDelayMs)))) return false;
        if (turn.speaker === 'agent') {
          // Only a simulated agent follows the script; a person in the chat answers in their own words.
          await this.pool.sendChat(interactionId, turn.text);
          continue;
        }
        const ack = await socket.timeout(5_000).emitWithAck('chat:send', { text: turn.text, clientRequestId: randomUUID() });
        if (!ack.ok && ack.error.code === 'conflict') return true;
        if (!ack.ok) throw new Error(`visitor message refused: ${ack.error.code} ${ack.error.message}`);
      }
      if (!(await this.timers.sleep(this.pool.delay(this.pacing.turnDelayMs)))) return false;
      // The visitor ends the chat in the widget, as a caller hangs up.
      this.open.delete(interactionId);
      const ended = await socket.timeout(5_000).emitWithAck('chat:end', {});
      if (!ended.ok) throw new Error(`ending the chat refused: ${ended.error.code} ${ended.error.message}`);
      return true;
    } finally {
      socket.disconnect();
      this.open.delete(interactionId);
    }
  }

  // --- shared ---------------------------------------------------------------------------------

  private track(interactionId: string, conversation: RenderedConversation): void {
    this.open.add(interactionId);
    this.outcomes.set(interactionId, conversation.outcome);
    const limit = this.maxConcurrent * 4 + 100;
    for (const oldest of this.outcomes.keys()) {
      if (this.outcomes.size <= limit) break;
      this.outcomes.delete(oldest);
    }
  }

  private async end(interactionId: string): Promise<void> {
    this.open.delete(interactionId);
    const response = await this.platform.postSigned(`/api/v1/interactions/${interactionId}/end`, {});
    expectStatus(response, [200], 'ending an interaction');
  }

  private visitorAddress(): string {
    const network = this.faker.helpers.arrayElement(['192.0.2', '198.51.100', '203.0.113']);
    return `${network}.${this.faker.number.int({ min: 1, max: 254 })}`;
  }

  private logFailure(error: unknown, channel: InteractionChannel): void {
    if (this.timers.isStopped) return;
    const now = Date.now();
    if (now - this.lastFailureLog < FAILURE_LOG_INTERVAL_MS) {
      this.failuresNotLogged += 1;
      return;
    }
    this.logger.warn({ err: error, channel, similarFailuresNotLogged: this.failuresNotLogged }, 'simulator: a conversation failed');
    this.lastFailureLog = now;
    this.failuresNotLogged = 0;
  }
}

function agentLogins(options: SimulatorOptions): AgentLogin[] {
  if (typeof options.agents !== 'number') return options.agents.map(({ email, password }) => ({ email, password }));
  if (!options.agentPassword) throw new Error('startSimulator: agentPassword is needed when agents is a count');
  return simulatedAgentAccounts(options.agents, options.agentPassword).map(({ email, password }) => ({ email, password }));
}

function expectStatus(response: JsonResponse, expected: number[], what: string): unknown {
  if (!expected.includes(response.status)) throw new HttpStatusError(response.status, response.body, what);
  return response.body;
}

function connectedWithin(socket: Socket, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error('visitor socket did not connect in time')), timeoutMs);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('connect_error', finish);
      if (error) reject(error);
      else resolve();
    };
    const onConnect = () => finish();
    socket.on('connect', onConnect);
    socket.on('connect_error', finish);
  });
}

async function raceDeadline(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
