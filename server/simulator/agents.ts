import { randomUUID } from 'node:crypto';
import type { Faker } from '@faker-js/faker';
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import type { AgentStatus, Disposition, Interaction, InteractionChannel, ScreenPop, Utterance } from '../../shared/interactions';
import type { Ack, AgentState, ClientToServerEvents, ServerToClientEvents } from '../../shared/realtime';
import { DECLINE_REASONS, type RankedAction } from '../../shared/nba';
import type { Logger } from '../logger';
import { HttpStatusError, type CueHttpClient } from './http-client';
import type { TimerSet } from './timer-set';
import { unscriptedReply } from './unscripted-replies';

export type AgentSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How a simulated agent signs in: with a password like a person, or with a token issued beforehand (the benchmark). */
export type AgentLogin = { email: string; password: string } | { token: string; label: string };

export interface WrapupOutcome {
  disposition: Disposition;
  notes: string;
  saved?: boolean;
}

/** A [min, max] range in milliseconds; each delay is drawn uniformly inside it. */
export type DelayRange = readonly [number, number];

/** Instrumentation for the benchmark: called synchronously as each event reaches an agent. */
export interface AgentPoolHooks {
  assigned?(pop: ScreenPop): void;
  utterance?(utterance: Utterance): void;
}

export interface AgentPoolOptions {
  baseUrl: string;
  http: CueHttpClient;
  logins: readonly AgentLogin[];
  logger: Logger;
  faker: Faker;
  timers: TimerSet;
  /** Between the screen pop and answering: a person reads before saying hello. */
  ringDelayMs: DelayRange;
  /**
   * Between answering and offering the top suggestion, whose answer the agent then files: an
   * agent makes the offer while the customer is on the line. One not yet made when the call
   * ends is made just before the wrap-up.
   */
  offerDelayMs: DelayRange;
  /** Between the call ending and the wrap-up being submitted: typing the note. */
  wrapupDelayMs: DelayRange;
  /** Typing a reply in a chat the simulator did not script (someone trying the chat widget). */
  replyDelayMs: DelayRange;
  /** An answered interaction nobody ends within this long is ended by the pool, so no agent is stuck forever. */
  stuckTimeoutMs: number;
  /** The outcome to file for an interaction; undefined for ones the simulator did not start. */
  outcomeFor(interactionId: string): WrapupOutcome | undefined;
  /** Ends an interaction through the integration API, as the telephony platform would. */
  endInteraction(interactionId: string): Promise<void>;
  hooks?: AgentPoolHooks;
  /** How many agents log in and connect at once; the rest wait, so a large pool does not stampede the server. */
  connectConcurrency?: number;
}

const ACK_TIMEOUT_MS = 5_000;
const MAX_ACK_ATTEMPTS = 3;
const RECONNECT_BASE_MS = 500;
const RECONNECT_MAX_MS = 30_000;
const UNSCRIPTED_OUTCOME: WrapupOutcome = {
  disposition: 'information_only',
  notes: 'Taken by a simulated agent; the simulator has no script for this contact.',
};

const loginResponseSchema = z.object({ token: z.string().min(1) });

interface HeldInteraction {
  id: string;
  channel: InteractionChannel;
  customerId: string;
  accepted: boolean;
  wrappingUp: boolean;
  /** The suggested action on top of the agent's list: the one the agent offers. */
  topAction?: RankedAction;
  /** Offered once per interaction, during the call or else before the wrap-up. */
  offered: boolean;
  /** Chats the simulator did not script: the visitor's name, whether they were greeted, their latest message not yet answered. */
  visitorName?: string | null;
  greeted: boolean;
  unanswered?: Utterance;
  replyTimer?: NodeJS.Timeout;
  acceptTimer?: NodeJS.Timeout;
  offerTimer?: NodeJS.Timeout;
  stuckTimer?: NodeJS.Timeout;
}

type AckError = Extract<Ack, { ok: false }>['error'];
/** An error the server answered with: retrying the same request would get the same answer. */
const isFinal = (error: AckError) => error.code !== 'internal';

/**
 * Simulated agents: real Socket.IO clients of the console namespace that sign in, go
 * available, answer what is routed to them after a moment, reply in chats and file a
 * wrap-up when the call ends — what a person in the console does, through the same events.
 */
export class SimulatedAgentPool {
  private readonly agents: SimulatedAgent[];
  /** Which agent holds an interaction; how chat replies and "was it answered" find their agent. */
  private readonly holders = new Map<string, SimulatedAgent>();
  private readonly answerWaiters = new Map<string, Set<(answered: boolean) => void>>();

  constructor(readonly options: AgentPoolOptions) {
    this.agents = options.logins.map((login) => new SimulatedAgent(login, this));
  }

  async start(): Promise<void> {
    const pending = [...this.agents];
    const worker = async () => {
      for (let agent = pending.shift(); agent && !this.options.timers.isStopped; agent = pending.shift()) await agent.start();
    };
    await Promise.all(Array.from({ length: Math.max(1, this.options.connectConcurrency ?? 4) }, worker));
  }

  stop(): void {
    for (const waiters of this.answerWaiters.values()) for (const resolve of waiters) resolve(false);
    this.answerWaiters.clear();
    for (const agent of this.agents) agent.stop();
    this.holders.clear();
  }

  get size(): number {
    return this.agents.length;
  }

  countByStatus(status: AgentStatus): number {
    return this.agents.filter((agent) => agent.status === status).length;
  }

  /** Resolves true once a simulated agent has answered `interactionId`, false after `timeoutMs` (someone else may hold it). */
  waitForAnswer(interactionId: string, timeoutMs: number): Promise<boolean> {
    if (this.holders.get(interactionId)?.hasAnswered(interactionId)) return Promise.resolve(true);
    if (this.options.timers.isStopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiters = this.answerWaiters.get(interactionId) ?? new Set();
      const done = (answered: boolean) => {
        this.options.timers.cancel(timer);
        waiters.delete(done);
        if (waiters.size === 0) this.answerWaiters.delete(interactionId);
        resolve(answered);
      };
      const timer = this.options.timers.after(timeoutMs, 'answer wait', () => done(false));
      waiters.add(done);
      this.answerWaiters.set(interactionId, waiters);
    });
  }

  /** Sends an agent's chat line, if a simulated agent is in that chat; false when nobody here is. */
  async sendChat(interactionId: string, text: string): Promise<boolean> {
    const agent = this.holders.get(interactionId);
    return agent ? agent.sendChat(interactionId, text) : false;
  }

  // --- called by the agents -------------------------------------------------------------------

  holding(interactionId: string, agent: SimulatedAgent): void {
    this.holders.set(interactionId, agent);
  }

  released(interactionId: string, agent: SimulatedAgent): void {
    if (this.holders.get(interactionId) === agent) this.holders.delete(interactionId);
  }

  answered(interactionId: string): void {
    for (const resolve of this.answerWaiters.get(interactionId) ?? []) resolve(true);
  }

  delay([min, max]: DelayRange): number {
    return max <= min ? min : this.options.faker.number.int({ min, max });
  }

  async fetchToken(login: AgentLogin): Promise<string> {
    if ('token' in login) return login.token;
    const response = await this.options.http.postJson('/api/v1/auth/login', { email: login.email, password: login.password });
    if (response.status !== 200) throw new HttpStatusError(response.status, response.body, `login as ${login.email}`);
    return loginResponseSchema.parse(response.body).token;
  }
}

class SimulatedAgent {
  status: AgentStatus = 'offline';
  private socket: AgentSocket | undefined;
  private token: string | undefined;
  private readonly held = new Map<string, HeldInteraction>();
  private reconnectAttempts = 0;
  private goingAvailable = false;
  private stopped = false;

  constructor(
    private readonly login: AgentLogin,
    private readonly pool: SimulatedAgentPool,
  ) {}

  private get name(): string {
    return 'email' in this.login ? this.login.email : this.login.label;
  }

  private get logger(): Logger {
    return this.pool.options.logger;
  }

  private get timers(): TimerSet {
    return this.pool.options.timers;
  }

  /** Signs in and connects; never throws: a failure is logged and retried with backoff. */
  async start(): Promise<void> {
    try {
      this.token = await this.pool.fetchToken(this.login);
    } catch (error) {
      this.logger.warn({ err: error, agent: this.name }, 'simulator: agent could not sign in; retrying');
      this.scheduleReconnect(true);
      return;
    }
    const socket: AgentSocket = io(this.pool.options.baseUrl, {
      // A function, so a reconnect after signing in again carries the new token.
      auth: (send) => send({ token: this.token }),
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: RECONNECT_BASE_MS,
      reconnectionDelayMax: RECONNECT_MAX_MS,
    });
    this.socket = socket;
    this.listen(socket);
    await new Promise<void>((resolve) => {
      const settle = () => {
        socket.off('connect', settle);
        socket.off('connect_error', settle);
        resolve();
      };
      socket.on('connect', settle);
      socket.on('connect_error', settle);
    });
  }

  stop(): void {
    this.stopped = true;
    for (const held of this.held.values()) this.release(held);
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = undefined;
    this.status = 'offline';
  }

  hasAnswered(interactionId: string): boolean {
    return this.held.get(interactionId)?.accepted ?? false;
  }

  async sendChat(interactionId: string, text: string): Promise<boolean> {
    const held = this.held.get(interactionId);
    if (!this.socket || !held?.accepted || held.wrappingUp || held.channel !== 'chat') return false;
    const ack = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('chat:send', { interactionId, text, clientRequestId: randomUUID() });
    if (!ack.ok) this.logger.debug({ agent: this.name, interactionId, error: ack.error }, 'simulator: chat reply refused');
    return ack.ok;
  }

  private listen(socket: AgentSocket): void {
    socket.on('connect', () => {
      this.reconnectAttempts = 0;
    });
    socket.on('connect_error', (error) => {
      // Transport failures are retried by socket.io-client itself (socket.active stays true).
      // A refusal by the server's middleware is not: the token expired or the account is gone.
      if (!socket.active) this.scheduleReconnect(error.message === 'unauthorized');
    });
    socket.on('disconnect', (reason) => {
      this.status = 'offline';
      if (reason === 'io server disconnect') this.scheduleReconnect(true);
    });
    socket.on('agent:state', (state) => this.reconcile(state));
    socket.on('interaction:assigned', (pop) => {
      this.pool.options.hooks?.assigned?.(pop);
      this.adopt(pop.interaction);
      const held = this.held.get(pop.interaction.id);
      if (!held) return;
      held.topAction = pop.actions[0];
      if (held.channel === 'chat') {
        held.visitorName = pop.customer.name;
        held.unanswered = pop.transcript.findLast((turn) => turn.speaker === 'customer');
      }
    });
    socket.on('interaction:insight', (insight) => {
      const held = this.held.get(insight.interactionId);
      if (held && insight.actions) held.topAction = insight.actions[0];
    });
    socket.on('interaction:utterance', (utterance) => {
      this.pool.options.hooks?.utterance?.(utterance);
      this.heard(utterance);
    });
    socket.on('interaction:ended', (interaction) => this.ended(interaction));
  }

  private scheduleReconnect(signInAgain: boolean): void {
    if (this.stopped) return;
    const backoff = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** this.reconnectAttempts);
    this.reconnectAttempts += 1;
    this.timers.after(backoff + this.pool.delay([0, RECONNECT_BASE_MS]), 'agent reconnect', async () => {
      if (this.stopped) return;
      if (signInAgain || !this.token) {
        try {
          this.token = await this.pool.fetchToken(this.login);
        } catch (error) {
          this.logger.warn({ err: error, agent: this.name }, 'simulator: agent could not sign in; retrying');
          return this.scheduleReconnect(true);
        }
      }
      if (this.socket) this.socket.connect();
      else await this.start();
    });
  }

  /** The server's view of this agent (sent on connect and on every change): take up what it says we hold, then go available. */
  private reconcile(state: AgentState): void {
    this.status = state.status;
    for (const interaction of state.interactions) this.adopt(interaction);
    if (state.status === 'away' && state.interactions.length === 0) void this.goAvailable();
  }

  private async goAvailable(): Promise<void> {
    if (this.goingAvailable || !this.socket) return;
    this.goingAvailable = true;
    try {
      const ack = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('agent:status', { status: 'available' });
      if (ack.ok) this.status = ack.state.status;
      else this.logger.debug({ agent: this.name, error: ack.error }, 'simulator: could not go available');
    } catch (error) {
      this.logger.debug({ err: error, agent: this.name }, 'simulator: no answer to agent:status');
    } finally {
      this.goingAvailable = false;
    }
  }

  private adopt(interaction: Interaction): void {
    if (this.held.has(interaction.id) || interaction.state === 'queued' || interaction.state === 'closed') return;
    const held: HeldInteraction = {
      id: interaction.id,
      channel: interaction.channel,
      customerId: interaction.customerId,
      accepted: interaction.state !== 'assigned',
      wrappingUp: false,
      offered: false,
      greeted: false,
    };
    this.held.set(interaction.id, held);
    this.pool.holding(interaction.id, this);
    if (interaction.state === 'assigned') {
      held.acceptTimer = this.timers.after(this.pool.delay(this.pool.options.ringDelayMs), 'accept', () => this.accept(held, 1));
    } else if (interaction.state === 'active') {
      this.armCallTimers(held);
    } else {
      this.scheduleWrapup(held);
    }
  }

  private async accept(held: HeldInteraction, attempt: number): Promise<void> {
    if (!this.socket || !this.held.has(held.id)) return;
    let ack: Ack;
    try {
      ack = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('interaction:accept', { interactionId: held.id });
    } catch (error) {
      if (attempt >= MAX_ACK_ATTEMPTS) throw error;
      held.acceptTimer = this.timers.after(1_000, 'accept', () => this.accept(held, attempt + 1));
      return;
    }
    if (!ack.ok) {
      this.logger.debug({ agent: this.name, interactionId: held.id, error: ack.error }, 'simulator: accept refused');
      if (isFinal(ack.error)) this.release(held);
      return;
    }
    held.accepted = true;
    this.armCallTimers(held);
    this.pool.answered(held.id);
    if (held.channel === 'chat') this.scheduleReply(held);
  }

  private heard(utterance: Utterance): void {
    const held = this.held.get(utterance.interactionId);
    if (!held || held.channel !== 'chat' || utterance.speaker !== 'customer') return;
    held.unanswered = utterance;
    if (held.accepted) this.scheduleReply(held);
  }

  /**
   * A chat the simulator did not script has nobody playing the agent's lines: the agent greets
   * the visitor and answers each message after typing a moment (one answer for messages sent
   * while typing). The simulator's own chats are left to their script.
   */
  private scheduleReply(held: HeldInteraction): void {
    const scripted = () => this.pool.options.outcomeFor(held.id) !== undefined;
    if (held.replyTimer || held.wrappingUp || scripted() || (held.greeted && !held.unanswered)) return;
    this.socket?.emit('chat:typing', { interactionId: held.id, typing: true });
    held.replyTimer = this.timers.after(this.pool.delay(this.pool.options.replyDelayMs), 'chat reply', async () => {
      held.replyTimer = undefined;
      // Asked again: the simulator learns a chat is its own from the start's answer, which can
      // come after the screen pop.
      if (held.wrappingUp || !this.held.has(held.id) || scripted()) {
        this.socket?.emit('chat:typing', { interactionId: held.id, typing: false });
        return;
      }
      const text = unscriptedReply({ greet: held.greeted ? undefined : { name: held.visitorName ?? null }, turn: held.unanswered }, this.pool.options.faker);
      held.greeted = true;
      held.unanswered = undefined;
      await this.sendChat(held.id, text);
    });
  }

  /** Once answered: the offer a few seconds in, and the safety net for a call nobody ends. */
  private armCallTimers(held: HeldInteraction): void {
    this.armStuckTimer(held);
    held.offerTimer = this.timers.after(this.pool.delay(this.pool.options.offerDelayMs), 'offer', () => this.offerTopAction(held));
  }

  /**
   * A safety net, not a flow: interactions the simulator started end long before this. One
   * started elsewhere, or left over from before a restart, would otherwise keep this agent
   * busy forever.
   */
  private armStuckTimer(held: HeldInteraction): void {
    this.timers.cancel(held.stuckTimer);
    held.stuckTimer = this.timers.after(this.pool.options.stuckTimeoutMs, 'end stuck interaction', async () => {
      if (!this.socket || held.wrappingUp || !this.held.has(held.id)) return;
      // Ask first: it may have been re-queued to someone else while this agent was away.
      const resync = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('interaction:resync', { interactionId: held.id, afterSeq: 0 });
      if (!resync.ok || resync.interaction.agentId === null) return this.release(held);
      this.logger.info({ agent: this.name, interactionId: held.id }, 'simulator: ending an interaction nobody ended');
      await this.pool.options.endInteraction(held.id);
    });
  }

  private ended(interaction: Interaction): void {
    const held = this.held.get(interaction.id);
    if (!held) return;
    if (interaction.state === 'wrap_up') this.scheduleWrapup(held);
    // Closed or back in the queue (this agent was away too long): nothing left to do here.
    else this.release(held);
  }

  private scheduleWrapup(held: HeldInteraction): void {
    if (held.wrappingUp) return;
    held.wrappingUp = true;
    this.cancelTimers(held);
    // One clientRequestId for every attempt: a retry after a lost ack must not file a second outcome.
    const clientRequestId = randomUUID();
    this.timers.after(this.pool.delay(this.pool.options.wrapupDelayMs), 'wrap-up', async () => {
      await this.offerTopAction(held);
      await this.wrapUp(held, clientRequestId, 1);
    });
  }

  /**
   * The agent offers the top suggestion and files the customer's answer: a caller the script
   * keeps says yes, one it loses says no, others say yes about a third of the time — so the demo's
   * learning and uplift report have responses to show.
   */
  private async offerTopAction(held: HeldInteraction): Promise<void> {
    const action = held.topAction;
    if (!this.socket || held.offered || !action || action.response) return;
    held.offered = true;
    const { faker } = this.pool.options;
    const saved = this.pool.options.outcomeFor(held.id)?.saved;
    const accepted = saved ?? faker.number.float({ min: 0, max: 1 }) < 0.35;
    const ack = await this.socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('action:respond', {
        interactionId: held.id,
        actionId: action.actionId,
        response: accepted ? 'accepted' : 'declined',
        ...(accepted ? {} : { reason: faker.helpers.arrayElement(DECLINE_REASONS) }),
        clientRequestId: randomUUID(),
      })
      .catch((error: unknown) => {
        this.logger.debug({ err: error, agent: this.name }, 'simulator: no answer to action:respond');
        return null;
      });
    if (ack && !ack.ok) this.logger.debug({ agent: this.name, interactionId: held.id, error: ack.error }, 'simulator: action response refused');
  }

  private async wrapUp(held: HeldInteraction, clientRequestId: string, attempt: number): Promise<void> {
    if (!this.socket || !this.held.has(held.id)) return;
    const outcome = this.pool.options.outcomeFor(held.id) ?? UNSCRIPTED_OUTCOME;
    let ack: Ack;
    try {
      ack = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('interaction:wrapup', { interactionId: held.id, clientRequestId, ...outcome });
    } catch (error) {
      if (attempt >= MAX_ACK_ATTEMPTS) {
        this.release(held);
        throw error;
      }
      this.timers.after(1_000, 'wrap-up', () => this.wrapUp(held, clientRequestId, attempt + 1));
      return;
    }
    if (!ack.ok) this.logger.debug({ agent: this.name, interactionId: held.id, error: ack.error }, 'simulator: wrap-up refused');
    if (ack.ok || isFinal(ack.error) || attempt >= MAX_ACK_ATTEMPTS) this.release(held);
    else this.timers.after(1_000, 'wrap-up', () => this.wrapUp(held, clientRequestId, attempt + 1));
  }

  private cancelTimers(held: HeldInteraction): void {
    for (const timer of [held.replyTimer, held.acceptTimer, held.stuckTimer, held.offerTimer]) this.timers.cancel(timer);
  }

  private release(held: HeldInteraction): void {
    this.cancelTimers(held);
    this.held.delete(held.id);
    this.pool.released(held.id, this);
    // As the console does when the next pop replaces this one: the customer's timeline stops following this agent.
    void this.socket
      ?.timeout(ACK_TIMEOUT_MS)
      .emitWithAck('customer:unwatch', { customerId: held.customerId })
      .catch(() => undefined);
  }
}
