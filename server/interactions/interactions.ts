import { randomUUID } from 'node:crypto';
import { Op, UniqueConstraintError } from 'sequelize';
import type { CountryCode } from 'libphonenumber-js';
import type { User } from '../../shared/auth';
import type {
  AppendUtterance,
  ChurnRisk,
  DefectionMoment,
  LiveSignal,
  RiskLevel,
  Interaction,
  InteractionInsight,
  ScreenPop,
  StartInteraction,
  Utterance,
} from '../../shared/interactions';
import type { AgentState, DefectionAlert, Resync, WrapupRequest } from '../../shared/realtime';
import type { InteractionTransfer, TransferReason } from '../../shared/retention';
import type { EventType, TimelineEvent } from '../../shared/timeline';
import type { Database } from '../db/database';
import type { QueueRow, UtteranceRow } from '../db/models';
import { newId } from '../db/ids';
import { AppError } from '../errors';
import { findUser } from '../auth/users';
import type { Logger } from '../logger';
import { getCustomer } from '../customers/customers';
import { normalizeIdentity } from '../identity/normalize';
import { ingestEventsWithin, recordCueEvents, storedEvent, type CueEvent } from '../timeline/ingest';
import { CUE_SOURCE, type IngestEvent } from '../../shared/ingest';
import { listTimeline } from '../timeline/timeline';
import { rollingSentiment } from '../conversation/sentiment';
import type { TurnAnalyser } from '../conversation/turn-analysis';
import { DEFECTION_MOMENT_CODES } from '../signals/defection-signals';
import type { NextBestActions, NbaInteraction } from '../nba/next-best-actions';
import type { ActionRespondRequest, RankedAction } from '../../shared/nba';
import { LiveTranscript } from './live-transcript';
import { UtteranceWriter } from './utterance-writer';
import { AgentPresence } from './presence';
import { ConnectionGrace } from './connection-grace';
import { OpenInteractions } from './open-interactions';
import { findClosedCallsEndedSince, findInteraction, findInteractionByExternalId, findInteractionsIn, insertInteraction, updateInteraction, type InteractionChanges, type InteractionRecord } from './interaction-rows';

/** What the live loop tells the outside world; the realtime layer turns each call into socket emits. */
export interface LiveNotifier {
  agentState(agentId: string, state: AgentState): void;
  interactionAssigned(agentId: string, pop: ScreenPop): void;
  interactionUpdated(agentId: string, interaction: Interaction): void;
  utterance(interaction: Interaction, utterance: Utterance): void;
  insight(agentId: string, insight: InteractionInsight): void;
  interactionEnded(interaction: Interaction, agentId: string | null): void;
  timelineEvent(event: TimelineEvent): void;
  queuePosition(interactionId: string, position: number | null, agentName: string | null): void;
  /** To the retention desk and the supervisors of the interaction's queue. */
  alert(alert: DefectionAlert): void;
  /** To the agent who had it, the retention desk and the queue's supervisors. */
  interactionTransferred(transfer: InteractionTransfer): void;
}

/** Churn risk for a customer on a live interaction: baseline, history and the call's signals so far. */
export interface RiskScorer {
  scoreRisk(customerId: string, liveSignals: readonly LiveSignal[]): Promise<ChurnRisk>;
}

export interface InteractionServiceOptions {
  db: Database;
  logger: Logger;
  notifier: LiveNotifier;
  defaultPhoneRegion: CountryCode;
  /**
   * How long an agent may be disconnected before going offline and losing their interaction to
   * the queue, and a web chat's visitor before their chat ends as left.
   */
  presenceGraceMs: number;
  /** After-call work: how long an agent stays in wrap-up after submitting it. */
  afterCallWorkMs: number;
  /** Absent when no churn model is loaded: risk is then null, never a made-up number. */
  risk?: RiskScorer;
  /** Redaction, sentiment and defection signals of each turn. */
  analyser: TurnAnalyser;
  /** Absent: the screen pop and insights carry no actions. */
  nba?: NextBestActions;
}

const LIVE_STATES = ['assigned', 'active', 'wrap_up'] as const;
/** The external ids of chats started from Cue's own chat widget, whose visitors Cue itself sees come and go. */
const WEB_CHAT_PREFIX = 'web-chat-';

/** Who ended an interaction: the telephony or chat platform (through the API), or a web chat's visitor, by choice or by leaving. */
export type EndedBy = 'platform' | 'visitor' | 'visitor_left';

const END_SUMMARIES: Record<EndedBy, { queued: string; live: (channel: Interaction['channel']) => string }> = {
  platform: { queued: 'Abandoned in the queue', live: (channel) => `${channel === 'voice' ? 'Call' : 'Chat'} ended` },
  visitor: { queued: 'Abandoned in the queue: the visitor ended the chat', live: () => 'Chat ended by the visitor' },
  visitor_left: { queued: 'Abandoned in the queue: the visitor left', live: () => 'Chat ended: the visitor left' },
};
const SCREEN_POP_TIMELINE_PAGE = 50;

export const toInteraction = (row: InteractionRecord): Interaction => ({
  id: row.id,
  externalId: row.externalId,
  channel: row.channel,
  queue: row.queue,
  customerId: row.customerId,
  agentId: row.agentId,
  state: row.state,
  from: { kind: row.fromKind, value: row.fromValue },
  startedAt: row.startedAt.toISOString(),
  assignedAt: row.assignedAt?.toISOString() ?? null,
  endedAt: row.endedAt?.toISOString() ?? null,
  closedAt: row.closedAt?.toISOString() ?? null,
});

const toUtterance = (row: UtteranceRow): Utterance => ({
  interactionId: row.interactionId,
  seq: row.seq,
  speaker: row.speaker,
  text: row.text,
  at: row.at.toISOString(),
  sentiment: row.sentimentScore === null || row.sentimentLabel === null ? null : { score: row.sentimentScore, label: row.sentimentLabel },
  signals: row.signals ?? [],
  defectionMoment: Boolean(row.defectionMoment),
});

/**
 * The live loop: routes calls and chats to agents, keeps their transcripts and sentiment, and
 * writes every transition and outcome to the customer's timeline. Plain TypeScript: the HTTP
 * routes and socket handlers call it; it reports back through a LiveNotifier.
 */
export class InteractionService {
  private readonly db: Database;
  private readonly notifier: LiveNotifier;
  private readonly presence: AgentPresence;
  /**
   * The visitors of web chats: one who has had no connection for the grace period has left (closed
   * the tab, or lost the network for good), and the chat ends, so it neither waits in the queue for
   * an agent to greet no one nor holds an agent who talks to an empty page.
   */
  private readonly visitors: ConnectionGrace;
  /** Waiting interactions per queue, oldest first. */
  private readonly waiting = new Map<string, string[]>();
  /** The waiting ones that are chats: only a chat visitor is told their place in the queue. */
  private readonly waitingChats = new Set<string>();
  /** Routing decisions are made one at a time so one agent never gets two interactions. */
  private routing: Promise<unknown> = Promise.resolve();
  private readonly afterCallWorkTimers = new Map<string, NodeJS.Timeout>();
  /** Closed calls whose transcript still takes late turns, until their window passes. */
  private readonly lateTurnTimers = new Set<NodeJS.Timeout>();
  /**
   * Every interaction not yet closed: the live loop reads its interactions on every turn and
   * every step, and they change only here. This process owns the live loop (its queues are in
   * memory too), so nothing else changes these rows meanwhile.
   */
  private readonly open = new OpenInteractions();
  /** The transcript of each interaction in `open`, and of a closed call until its late turns' window passes (LATE_VOICE_TURN_MS). */
  private readonly transcripts = new Map<string, LiveTranscript>();
  private readonly queues = new Map<string, QueueRow>();
  private readonly utteranceWriter: UtteranceWriter;
  /** Per interaction, the turn being analysed: the next one waits for it. */
  private readonly turnsInProgress = new Map<string, Promise<void>>();
  /** The last risk level pushed per live interaction, to see it cross into high. */
  private readonly riskLevels = new Map<string, RiskLevel>();

  constructor(private readonly options: InteractionServiceOptions) {
    this.db = options.db;
    this.notifier = options.notifier;
    this.utteranceWriter = new UtteranceWriter(options.db);
    this.presence = new AgentPresence(options.presenceGraceMs, (agentId) => {
      this.agentWentOffline(agentId).catch((error: unknown) => options.logger.error({ err: error, agentId }, 'could not re-queue'));
    });
    this.visitors = new ConnectionGrace(options.presenceGraceMs, (interactionId) => {
      // A chat that ended before its visitor went has nothing left to end.
      if (!this.open.get(interactionId)) return;
      this.endInteraction(interactionId, 'visitor_left').catch((error: unknown) => options.logger.error({ err: error, interactionId }, 'could not end a chat its visitor left'));
    });
  }

  /** Picks up where a previous process left off: waiting interactions back in their queues, agents holding work given time to reconnect. */
  async start(): Promise<void> {
    const open = await findInteractionsIn(this.db, ['queued', ...LIVE_STATES]);
    // A call wrapped up just before a restart still takes its late turns (see LATE_VOICE_TURN_MS).
    const takingLateTurns = await findClosedCallsEndedSince(this.db, new Date(Date.now() - LATE_VOICE_TURN_MS));
    const turns = await this.db.models.Utterance.findAll({
      where: { interactionId: { [Op.in]: [...open, ...takingLateTurns].map((row) => row.id) } },
      order: [['seq', 'ASC']],
    });
    const transcriptOf = (row: InteractionRecord) =>
      new LiveTranscript(turns.filter((turn) => turn.interactionId === row.id).map((turn) => ({ utterance: toUtterance(turn), clientRequestId: turn.clientRequestId })));
    for (const row of takingLateTurns) {
      this.transcripts.set(row.id, transcriptOf(row));
      this.keepTranscriptForLateTurns(row);
    }
    for (const row of open) {
      this.open.add(row);
      this.transcripts.set(row.id, transcriptOf(row));
      if (row.state === 'queued') this.enqueue(row.queue, row.id, { channel: row.channel });
      else if (row.agentId) this.presence.expectReconnect(row.agentId, row.state === 'wrap_up' ? 'wrap_up' : 'busy');
      if (row.state !== 'wrap_up' && row.externalId.startsWith(WEB_CHAT_PREFIX)) this.visitors.expect(row.id);
    }
  }

  stop(): void {
    this.presence.stop();
    this.visitors.stop();
    for (const timer of this.afterCallWorkTimers.values()) clearTimeout(timer);
    for (const timer of this.lateTurnTimers) clearTimeout(timer);
  }

  // --- integration API ------------------------------------------------------------------------

  /** `nameFromVisitor`: the caller's name is theirs to say, not Cue's to record (see `startWebChat`). */
  async startInteraction(input: StartInteraction, { nameFromVisitor = false } = {}): Promise<{ interaction: Interaction; created: boolean }> {
    const queue = await this.queueNamed(input.queue);
    if (!queue) throw new AppError('invalid_request', `queue: no queue named ${input.queue}`, 'queue');
    const from = normalizeIdentity(input.from.kind, input.from.value, this.options.defaultPhoneRegion);
    if (!from.ok) throw new AppError('invalid_request', `from.value: ${from.reason}`, 'from.value');

    // Time-ordered: the interaction's rows and its transcript's append to the end of their indexes.
    const id = newId();
    const startedAt = input.startedAt ? new Date(input.startedAt) : new Date();
    const queuedEvent: IngestEvent = {
      source: CUE_SOURCE,
      sourceEventId: `interaction:${id}:queued`,
      occurredAt: startedAt.toISOString(),
      channel: input.channel,
      type: 'interaction.queued',
      customer: { identities: [{ kind: input.from.kind, value: from.value }], ...(input.name ? { profile: { name: input.name } } : {}) },
      summary: `${input.channel === 'voice' ? 'Call' : 'Chat'} waiting in ${queue.name}`,
      data: { interactionId: id, queue: queue.key, externalId: input.externalId },
    };
    // Nobody waiting ahead and an agent free: routed now, as the routing line would (the agent is
    // marked busy at the decision), and the assignment stored in the same write as the
    // interaction, so the screen pop waits for one write instead of two.
    const agentId = (this.waiting.get(queue.key)?.length ?? 0) === 0 ? this.presence.longestIdleIn(queue.key) : undefined;
    if (agentId) this.presence.setStatus(agentId, 'busy');
    let agent: User | null = null;
    // The call did not go to them after all (a failed write, or a start already stored): free
    // again unless they changed their status meanwhile, and given whatever waits.
    const release = () => {
      if (!agentId || this.presence.status(agentId) !== 'busy') return;
      this.presence.setStatus(agentId, 'available');
      if (agent) void this.routeFor(agent).catch((error: unknown) => this.options.logger.error({ err: error, agentId }, 'routing failed'));
    };
    agent = agentId
      ? await findUser(this.db, agentId).catch((error: unknown) => {
          release();
          throw error;
        })
      : null;

    // One write resolves the caller, records the wait on their timeline and stores the interaction.
    const stored = await this.db.write(async (transaction) => {
      // Telephony platforms retry: a start for an externalId already stored answers with that interaction.
      const earlier = await findInteractionByExternalId(this.db, input.channel, input.externalId, transaction);
      if (earlier) return { row: earlier, queued: null, assigned: null };
      const [result] = await ingestEventsWithin(this.db, transaction, [queuedEvent], {
        defaultPhoneRegion: this.options.defaultPhoneRegion,
        internal: true,
        profileForNewCustomersOnly: nameFromVisitor,
      });
      if (result?.status !== 'accepted' || !result.customerId) {
        throw new AppError('invalid_request', result?.error ? `${result.error.path}: ${result.error.message}` : 'could not resolve the caller');
      }
      const created: InteractionRecord = {
        id,
        externalId: input.externalId,
        channel: input.channel,
        queue: queue.key,
        customerId: result.customerId,
        agentId: agentId ?? null,
        state: agentId ? 'assigned' : 'queued',
        fromKind: input.from.kind,
        fromValue: from.value,
        startedAt,
        assignedAt: agentId ? new Date() : null,
        endedAt: null,
        closedAt: null,
        wrapup: null,
      };
      await insertInteraction(this.db, created, transaction);
      const assignment = agentId ? transitionEvent(created, 'assigned', agentId, 'interaction.assigned', `Routed to ${agent?.name ?? 'an agent'}`, randomUUID()) : null;
      const [assigned = null] = assignment ? await recordCueEvents(this.db, transaction, [assignment]) : [];
      return { row: created, queued: result, assigned };
    }).catch((error: unknown) => {
      release();
      throw error;
    });
    const { row, queued } = stored;
    if (!queued) {
      release();
      return { interaction: toInteraction(this.open.get(row.id) ?? row), created: false };
    }
    this.open.add(row);
    this.transcripts.set(id, new LiveTranscript());
    this.publish(storedEvent(queuedEvent, queued));
    if (agentId) {
      this.publish(stored.assigned);
      // The assignment was stored with the interaction: a page read now holds it already.
      await this.sendScreenPop(row, agentId, agent?.name ?? null, null, this.screenPopContext(row));
    } else {
      this.enqueue(queue.key, id, { channel: input.channel });
      await this.route(queue.key);
    }
    return { interaction: toInteraction(row), created: true };
  }

  /** A chat from Cue's chat widget: its visitor has the grace period to connect, and leaving ends it (see `visitors`). */
  async startWebChat(input: Pick<StartInteraction, 'queue' | 'from' | 'name'>): Promise<Interaction> {
    // Anyone may type anyone's email into the widget: the name they give may name the customer
    // this chat makes, never rename one Cue knows.
    const { interaction } = await this.startInteraction({ ...input, externalId: `${WEB_CHAT_PREFIX}${randomUUID()}`, channel: 'chat' }, { nameFromVisitor: true });
    this.visitors.expect(interaction.id);
    return interaction;
  }

  /** Queues are made by migrations and not changed while the server runs: read once each. */
  private async queueNamed(key: string): Promise<QueueRow | null> {
    const known = this.queues.get(key);
    if (known) return known;
    const row = await this.db.models.Queue.findByPk(key);
    if (row) this.queues.set(key, row);
    return row;
  }

  /**
   * Appends a transcript turn, redacted before it is stored or sent anywhere. A turn whose
   * `seq` (or chat `clientRequestId`) is already in the transcript is a duplicate (telephony
   * platforms and chat clients retry) and changes nothing.
   *
   * The turn is pushed to the agent before it is stored, so the agent reads it while the write
   * commits; the answer waits for the commit. A write that fails takes the turn back out of
   * the transcript and fails the request: the platform's retry sends it again, and the console
   * and the widget merge turns by seq.
   */
  async appendUtterance(interactionId: string, input: AppendUtterance, clientRequestId?: string): Promise<{ utterance: Utterance; duplicate: boolean }> {
    const row = await this.requireInteraction(interactionId);
    refuseTurnsWhenOver(row);
    const transcript = this.liveTranscript(row);
    // One turn of an interaction at a time up to the push: each is read against the turns before
    // it, and a retry racing its original finds it in the transcript.
    const added = await this.inTurnOrder(interactionId, async () => {
      // A retry of a turn still being written is a duplicate only once that write is done; if it
      // failed, the turn was taken out and this one takes its place.
      const retried = transcript.find(input.seq, clientRequestId);
      if (retried && (await retried.stored.then(() => true, () => false))) return { utterance: retried.utterance, stored: null };
      const earlier = transcript.utterances;
      const analysed = await this.options.analyser.analyse({
        text: input.text,
        speaker: input.speaker,
        previousTurn: transcript.last()?.text,
        earlierSentiment: earlier.flatMap((turn) => (turn.speaker === 'customer' && turn.sentiment ? [turn.sentiment.score] : [])),
      });
      // Again after the analysis: the call may have ended meanwhile.
      refuseTurnsWhenOver(row);
      const utterance: Utterance = {
        interactionId,
        seq: input.seq ?? transcript.nextSeq(),
        speaker: input.speaker,
        text: analysed.text,
        at: (input.at ? new Date(input.at) : new Date()).toISOString(),
        sentiment: analysed.sentiment,
        signals: analysed.signals,
        defectionMoment: analysed.signals.some((signal) => isMomentCode(signal.code)),
      };
      const stored = this.storeUtterance(utterance, clientRequestId).catch((error: unknown) => {
        transcript.remove(utterance.seq);
        throw error;
      });
      transcript.add(utterance, clientRequestId ?? null, stored);
      this.notifier.utterance(toInteraction(row), utterance);
      return { utterance, stored };
    });
    if (!added.stored) return { utterance: added.utterance, duplicate: true };
    const stored = await added.stored;
    // After the write: a turn that is not stored leaves no insight, moment or alert behind.
    if (!stored.duplicate && stored.utterance.sentiment) await this.afterCustomerTurn(row, stored.utterance, transcript);
    return stored;
  }

  private inTurnOrder<T>(interactionId: string, work: () => Promise<T>): Promise<T> {
    const next = (this.turnsInProgress.get(interactionId) ?? Promise.resolve()).then(work);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.turnsInProgress.set(interactionId, settled);
    void settled.then(() => {
      if (this.turnsInProgress.get(interactionId) === settled) this.turnsInProgress.delete(interactionId);
    });
    return next;
  }

  private async storeUtterance(utterance: Utterance, clientRequestId: string | undefined): Promise<{ utterance: Utterance; duplicate: boolean }> {
    try {
      await this.utteranceWriter.store(utterance, clientRequestId ?? null);
      return { utterance, duplicate: false };
    } catch (error) {
      // Stored meanwhile by another process holding the same interaction: the key says so.
      if (!(error instanceof UniqueConstraintError)) throw error;
      const existing = await this.db.models.Utterance.findOne({ where: { interactionId: utterance.interactionId, seq: utterance.seq } });
      if (!existing) throw error;
      return { utterance: toUtterance(existing), duplicate: true };
    }
  }

  /**
   * After a customer turn: new insight for the agent, and when the caller said they are leaving,
   * or the risk just crossed into high, a defection moment on the timeline and an alert.
   */
  private async afterCustomerTurn(row: InteractionRecord, utterance: Utterance, transcript: LiveTranscript): Promise<void> {
    // A wrap-up that came in while the turn was stored or read closed the interaction: nothing
    // live is left to update, and state made for it now would never be let go.
    const closed = () => row.state === 'closed';
    if (closed()) return;
    const insight = await this.insightOf(row, { actions: 'when_changed' });
    if (closed()) return this.options.nba?.forget(row.id);
    if (row.agentId) this.notifier.insight(row.agentId, insight);
    const previousLevel = this.riskLevels.get(row.id);
    if (insight.risk) this.riskLevels.set(row.id, insight.risk.level);
    const crossedHigh = insight.risk?.level === 'high' && previousLevel !== undefined && previousLevel !== 'high';
    if (utterance.defectionMoment) await this.recordDefectionMoment(row, utterance, 'intent', insight.risk);
    else if (crossedHigh) {
      const marked = { ...utterance, defectionMoment: true };
      transcript.replace(marked);
      // After the turn's own insert has committed (afterCustomerTurn waits for it): never 0 rows.
      await this.db.write((transaction) =>
        this.db.models.Utterance.update({ defectionMoment: true }, { where: { interactionId: row.id, seq: utterance.seq }, transaction }),
      );
      await this.recordDefectionMoment(row, marked, 'risk_high', insight.risk);
    }
  }

  private async recordDefectionMoment(row: InteractionRecord, utterance: Utterance, cause: DefectionMoment['cause'], risk: ChurnRisk | null): Promise<void> {
    const signals = utterance.signals.map(({ code, text }) => ({ code, text }));
    const what = cause === 'intent' ? signals.map((s) => s.text).join(', ') : 'Churn risk crossed into high';
    const recorded = await this.record(cueEvent(row, {
      sourceEventId: `interaction:${row.id}:defection:${utterance.seq}`,
      occurredAt: utterance.at,
      type: 'interaction.defection_moment',
      summary: `Defection moment: ${what}`.slice(0, 500),
      data: { interactionId: row.id, seq: utterance.seq, cause, signals, riskScore: risk?.score ?? null },
    }));
    if (!recorded) return;
    const [customer, agent] = await Promise.all([
      this.db.query<{ name: string | null }>('SELECT "name" FROM "customers" WHERE "id" = $1', [row.customerId]).then((rows) => rows[0]),
      row.agentId ? findUser(this.db, row.agentId) : null,
    ]);
    this.notifier.alert({
      id: recorded.id,
      kind: 'defection_moment',
      at: utterance.at,
      interactionId: row.id,
      channel: row.channel,
      queue: row.queue,
      startedAt: row.startedAt.toISOString(),
      customerId: row.customerId,
      customerName: customer?.name ?? null,
      agentId: row.agentId,
      agentName: agent?.name ?? null,
      seq: utterance.seq,
      text: utterance.text,
      signals,
      risk,
    });
  }

  /** The call or chat ended: the agent moves to wrap-up; an interaction nobody answered is closed as abandoned. */
  async endInteraction(interactionId: string, endedBy: EndedBy = 'platform'): Promise<Interaction> {
    const row = await this.requireInteraction(interactionId);
    // A turn that came in before the end is pushed before it: a chat's last message is kept, not
    // refused as too late because the end overtook it while it was being analysed (a call's late
    // turns are kept anyway, see LATE_VOICE_TURN_MS), and the agent reads the turn, then the end.
    await this.turnsInProgress.get(interactionId);
    if (row.state === 'wrap_up' || row.state === 'closed') return toInteraction(row);
    const now = new Date();
    if (row.state === 'queued') {
      this.dequeue(row.queue, row.id);
      await this.transition(row, 'closed', { endedAt: now, closedAt: now }, 'interaction.closed', END_SUMMARIES[endedBy].queued);
      this.options.nba?.forget(row.id);
      this.notifier.interactionEnded(toInteraction(row), null);
      await this.broadcastQueuePositions(row.queue);
      return toInteraction(row);
    }
    await this.transition(row, 'wrap_up', { endedAt: now }, 'interaction.wrap_up', END_SUMMARIES[endedBy].live(row.channel));
    if (row.agentId) {
      this.presence.setStatus(row.agentId, 'wrap_up');
      this.notifier.interactionEnded(toInteraction(row), row.agentId);
      await this.publishAgentState(row.agentId);
    }
    return toInteraction(row);
  }

  // --- agent actions --------------------------------------------------------------------------

  agentConnected(agent: Pick<User, 'id' | 'role' | 'queues'>): void {
    this.presence.connected(agent.id, agent.role === 'agent' || agent.role === 'retention' ? agent.queues : []);
  }

  agentDisconnected(agentId: string): void {
    this.presence.disconnected(agentId);
  }

  visitorConnected(interactionId: string): void {
    this.visitors.connected(interactionId);
  }

  visitorDisconnected(interactionId: string): void {
    this.visitors.disconnected(interactionId);
  }

  async setAgentStatus(agent: User, status: 'available' | 'away'): Promise<AgentState> {
    const holding = this.open.heldBy(agent.id);
    if (holding.some((i) => i.state !== 'wrap_up')) throw new AppError('conflict', 'finish the current interaction first');
    if (holding.length > 0) throw new AppError('conflict', 'submit the wrap-up first');
    this.presence.setStatus(agent.id, status);
    if (status === 'available') await this.routeFor(agent);
    return this.publishAgentState(agent.id);
  }

  async agentState(agentId: string): Promise<AgentState> {
    const held = this.open.heldBy(agentId);
    // Status read after the await: a publish that started earlier must not carry an older status.
    return { status: this.presence.status(agentId), interactions: held.map(toInteraction) };
  }

  async accept(agent: User, interactionId: string): Promise<Interaction> {
    const row = await this.requireAssignedTo(agent, interactionId);
    if (row.state === 'assigned') await this.transition(row, 'active', {}, 'interaction.active', `Answered by ${agent.name}`);
    return toInteraction(row);
  }

  /** Stores the outcome once: a retry with the same clientRequestId gets the same answer. */
  async wrapUp(agent: User, request: WrapupRequest): Promise<{ eventId: string }> {
    const row = await this.requireAssignedTo(agent, request.interactionId, { allowClosed: true });
    if (row.wrapup) {
      if (row.wrapup.clientRequestId === request.clientRequestId) return { eventId: row.wrapup.eventId };
      throw new AppError('conflict', 'this interaction is already wrapped up');
    }
    if (row.state === 'assigned') throw new AppError('conflict', 'accept the interaction before wrapping it up');

    const now = new Date();
    // A millisecond after the closing transition: the outcome is what the next agent should see on top.
    const outcomeAt = new Date(now.getTime() + 1);
    const outcomeEvent = cueEvent(row, {
      sourceEventId: `interaction:${row.id}:outcome`,
      occurredAt: outcomeAt.toISOString(),
      type: 'outcome.recorded',
      summary: `${request.disposition.replaceAll('_', ' ')}${retentionSummary(request)}${request.notes ? `: ${request.notes.slice(0, 300)}` : ''}`,
      data: {
        interactionId: row.id,
        disposition: request.disposition,
        notes: request.notes ?? null,
        saved: request.saved ?? null,
        offer: request.offer ?? null,
        agentId: agent.id,
        agentName: agent.name,
      },
    });
    const closing = transitionEvent(row, 'closed', row.agentId, 'interaction.closed', 'Wrapped up', '', now);
    // The outcome, the wrap-up and the closing transition in one write: the agent is free the
    // moment it commits, and no outcome is ever stored without its interaction closed.
    const written = await this.db.write(async (transaction) => {
      // Both events in one statement: every statement of a write costs the writer a turn of the event loop.
      const [closed = null, stored] = await recordCueEvents(this.db, transaction, [closing, outcomeEvent]);
      if (!stored) {
        // Another wrap-up of this interaction committed first: the same request retried while
        // the first was still being written gets its answer; any other is refused.
        const earlier = (await findInteraction(this.db, row.id, transaction))?.wrapup;
        if (earlier && earlier.clientRequestId === request.clientRequestId) return { repeatOf: earlier.eventId };
        throw new AppError('conflict', 'this interaction is already wrapped up');
      }
      const wrapup = {
        disposition: request.disposition,
        notes: request.notes ?? null,
        saved: request.saved ?? null,
        clientRequestId: request.clientRequestId,
        eventId: stored.id,
        agentId: agent.id,
        at: now.toISOString(),
      };
      const changes = { wrapup, closedAt: now, endedAt: row.endedAt ?? now };
      // Only while it is still this agent's: a take-over that committed first keeps the call.
      const stillTheirs = await updateInteraction(this.db, row.id, { state: 'closed', ...changes }, transaction, { agentId: agent.id, states: ['active', 'wrap_up'] });
      if (!stillTheirs) throw new AppError('conflict', 'the interaction is no longer live with this agent');
      return { outcome: stored, changes, closed };
    });
    if (written.repeatOf !== undefined) return { eventId: written.repeatOf };
    const { outcome, changes, closed } = written;
    this.applyTransition(row, 'closed', changes, closed);
    // After the closing transition: the outcome is what viewers should see on top.
    this.publish(outcome);
    if (row.channel === 'chat') this.notifier.interactionEnded(toInteraction(row), agent.id);
    this.finishAfterCallWork(agent);
    // The wrap-up is stored and its agent free: a failure here is logged, not answered as a failed wrap-up.
    const nbaOutcomes = this.options.nba
      ? await this.options.nba.recordOutcome(nbaInteractionOf(row), { disposition: request.disposition, saved: request.saved ?? null }).catch((error: unknown) => {
          this.options.logger.error({ err: error, interactionId: row.id }, 'could not record the outcomes of the actions taken');
          return [];
        })
      : [];
    for (const event of nbaOutcomes) this.publish(event);
    return { eventId: outcome.id };
  }

  /**
   * Warm transfer: the live interaction `fromAgentId` holds goes to `to`, who answers it at
   * once and gets the full screen pop (every turn so far); the customer stays on the line and
   * later turns follow the new owner. The first agent is told and released to after-call work.
   * A retry with the same clientRequestId by the same user answers with the first result.
   * Who may take what over is the caller's policy (server/retention); this is the mechanics.
   */
  async transfer(
    interactionId: string,
    fromAgentId: string,
    to: User,
    { clientRequestId, reason }: { clientRequestId: string; reason: TransferReason },
  ): Promise<Interaction> {
    // A transfer is a routing decision: made in the same line as routing, so the new owner is
    // never handed a queued call at the same moment.
    return this.serialized(async () => {
      // Routing marks an agent busy the moment it picks them, before the assignment is stored.
      const statusBefore = this.presence.status(to.id);
      if (statusBefore === 'busy') throw new AppError('conflict', 'finish your current interaction first');
      // Busy from here, as routing marks the agents it picks: a call started meanwhile (routed at
      // once, outside this line) must not pick them too.
      this.presence.setStatus(to.id, 'busy');
      const giveBack = () => {
        if (this.presence.status(to.id) === 'busy') this.presence.setStatus(to.id, statusBefore);
      };
      const now = new Date();
      const taken: InteractionChanges = { agentId: to.id, state: 'active', assignedAt: now };
      const moved = await this.db.write((transaction) =>
        // Conditional on the owner and state read by the caller: of two take-overs, one wins.
        updateInteraction(this.db, interactionId, taken, transaction, { agentId: fromAgentId, states: ['assigned', 'active'] }),
      ).catch((error: unknown) => {
        giveBack();
        throw error;
      });
      if (!moved) {
        giveBack();
        throw new AppError('conflict', 'the interaction is no longer live with that agent');
      }
      const row = await this.requireInteraction(interactionId);
      this.open.change(row, taken);
      const from = await findUser(this.db, fromAgentId);
      const fromName = from?.name ?? null;
      await this.record(cueEvent(row, {
        sourceEventId: transferEventKey(interactionId, clientRequestId),
        occurredAt: now.toISOString(),
        type: 'interaction.transferred',
        summary: `Transferred from ${fromName ?? 'an agent'} to ${to.name}${reason === 'retention_takeover' ? ' (retention take-over)' : ''}`,
        data: { interactionId, state: row.state, reason, fromAgentId, fromAgentName: fromName, agentId: to.id, agentName: to.name, clientRequestId },
      }));

      const interaction = toInteraction(row);
      this.notifier.interactionTransferred({
        interaction,
        fromAgentId,
        fromAgentName: fromName,
        toAgentId: to.id,
        toAgentName: to.name,
        reason,
        at: now.toISOString(),
      });
      const pop = await this.screenPop(row);
      this.notifier.interactionAssigned(to.id, pop);
      // Turns stored after the pop read the transcript but before they saw the new owner went
      // to the first agent only: send them again (the console and the chat widget merge by seq).
      for (const missed of this.liveTranscript(row).after(pop.transcript.at(-1)?.seq ?? 0)) this.notifier.utterance(interaction, missed);
      if (row.channel === 'chat') this.notifier.queuePosition(interactionId, null, to.name);
      await this.publishAgentState(to.id);
      if (from) this.finishAfterCallWork(from);
      return interaction;
    });
  }

  /** Whether `interactionId` was already transferred under this clientRequestId (a retried request). */
  async transferredWith(interactionId: string, clientRequestId: string): Promise<boolean> {
    return (await this.db.models.TimelineEvent.count({ where: { source: CUE_SOURCE, sourceEventId: transferEventKey(interactionId, clientRequestId) } })) > 0;
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.routing.then(work, work);
    this.routing = next.catch(() => undefined);
    return next;
  }

  async resync(agent: User, interactionId: string, afterSeq: number): Promise<Resync> {
    const row = await this.requireAssignedTo(agent, interactionId, { allowClosed: true });
    const transcript = await this.utterancesAfter(interactionId, 0);
    const insight = row.state === 'closed' ? null : await this.insightOf(row, { actions: 'always' });
    return { interaction: toInteraction(row), utterances: transcript.filter((turn) => turn.seq > afterSeq), insight };
  }

  async utterancesAfter(interactionId: string, afterSeq: number): Promise<Utterance[]> {
    const live = this.transcripts.get(interactionId);
    if (live) return live.after(afterSeq);
    const rows = await this.db.models.Utterance.findAll({
      where: { interactionId, seq: { [Op.gt]: afterSeq } },
      order: [['seq', 'ASC']],
    });
    return rows.map(toUtterance);
  }

  /** Agents see the customers of interactions they hold or held; other roles see every customer. */
  async canSeeCustomer(user: User, customerId: string): Promise<boolean> {
    if (user.role !== 'agent') return true;
    return (await this.db.models.Interaction.count({ where: { customerId, agentId: user.id } })) > 0;
  }

  /** Whether the agent holds an interaction with this customer that is not closed. */
  holdsCustomer(agentId: string, customerId: string): boolean {
    return this.open.heldBy(agentId).some((row) => row.customerId === customerId);
  }

  async requireAssignedTo(agent: User, interactionId: string, { allowClosed = false } = {}): Promise<InteractionRecord> {
    const row = await this.interactionRow(interactionId);
    // One answer for "does not exist" and "not yours": an agent cannot probe other agents' work.
    if (!row || row.agentId !== agent.id) throw new AppError('not_found', 'no such interaction assigned to you');
    if (row.state === 'closed' && !allowClosed) throw new AppError('conflict', 'the interaction is closed');
    return row;
  }

  async agentName(agentId: string): Promise<string | null> {
    return (await findUser(this.db, agentId))?.name ?? null;
  }

  async queuePosition(interactionId: string): Promise<number | null> {
    const row = await this.requireInteraction(interactionId);
    const index = this.waiting.get(row.queue)?.indexOf(interactionId) ?? -1;
    return index >= 0 ? index + 1 : null;
  }

  async requireInteraction(interactionId: string): Promise<InteractionRecord> {
    const row = await this.interactionRow(interactionId);
    if (!row) throw new AppError('not_found', 'no such interaction');
    return row;
  }

  /** Every interaction that is not closed has one, and so has a closed call for its late turns; other closed ones are never read for a live step. */
  private liveTranscript(row: InteractionRecord): LiveTranscript {
    const transcript = this.transcripts.get(row.id);
    if (!transcript) throw new AppError('conflict', 'the interaction is closed');
    return transcript;
  }

  private async interactionRow(interactionId: string): Promise<InteractionRecord | null> {
    return this.open.get(interactionId) ?? findInteraction(this.db, interactionId);
  }

  // --- routing --------------------------------------------------------------------------------

  private enqueue(queue: string, interactionId: string, { channel, front = false }: { channel: Interaction['channel']; front?: boolean }): void {
    if (channel === 'chat') this.waitingChats.add(interactionId);
    const list = this.waiting.get(queue) ?? [];
    if (list.includes(interactionId)) return;
    if (front) list.unshift(interactionId);
    else list.push(interactionId);
    this.waiting.set(queue, list);
  }

  private dequeue(queue: string, interactionId: string): void {
    this.waitingChats.delete(interactionId);
    const list = this.waiting.get(queue);
    if (list) this.waiting.set(queue, list.filter((id) => id !== interactionId));
  }

  private route(queue: string): Promise<void> {
    const run = () => this.routeNow(queue);
    const decided = this.routing.then(run, run);
    this.routing = decided.catch((error: unknown) => this.options.logger.error({ err: error, queue }, 'routing failed'));
    return decided.then(({ assigned }) => assigned);
  }

  private async routeFor(agent: User): Promise<void> {
    for (const queue of agent.queues) await this.route(queue);
  }

  /**
   * FIFO per queue, each to the longest-idle available agent of that queue. Only the decisions
   * are made in the routing line; the screen pops are built and sent outside it, so one slow pop
   * does not hold up the next call's routing. Settles when this round's assignments are done.
   */
  private async routeNow(queue: string): Promise<{ assigned: Promise<void> }> {
    const list = this.waiting.get(queue) ?? [];
    const assignments: Promise<void>[] = [];
    while (list.length > 0) {
      const agentId = this.presence.longestIdleIn(queue);
      if (!agentId) break;
      const interactionId = list.shift()!;
      this.waitingChats.delete(interactionId);
      const row = this.open.get(interactionId);
      if (!row || row.state !== 'queued') continue;
      // Busy before the next decision: the agent is taken even while the pop is on its way.
      this.presence.setStatus(agentId, 'busy');
      assignments.push(this.assign(row, agentId));
    }
    await this.broadcastQueuePositions(queue);
    return { assigned: Promise.all(assignments).then(() => undefined) };
  }

  private async assign(row: InteractionRecord, agentId: string): Promise<void> {
    // What the screen pop reads does not depend on the assignment: read while it is stored, one
    // event short of a page, and the assignment itself put on top (the newest) once it is.
    const context = this.screenPopContext(row, SCREEN_POP_TIMELINE_PAGE - 1);
    context.catch(() => undefined);
    const agent = await findUser(this.db, agentId);
    const assigned = await this.transition(row, 'assigned', { agentId, assignedAt: new Date() }, 'interaction.assigned', `Routed to ${agent?.name ?? 'an agent'}`, randomUUID());
    await this.sendScreenPop(row, agentId, agent?.name ?? null, assigned, context);
  }

  /**
   * `assigned`: the assignment as stored, put on top of the pop's timeline (the newest event)
   * when `context` was read while it was being stored. That read may or may not have seen the
   * commit, so the event is put there once either way.
   */
  private async sendScreenPop(
    row: InteractionRecord,
    agentId: string,
    agentName: string | null,
    assigned: TimelineEvent | null,
    context: ReturnType<InteractionService['screenPopContext']>,
  ): Promise<void> {
    const pop = await this.screenPop(row, context);
    if (assigned) pop.timeline.events = [assigned, ...pop.timeline.events.filter((event) => event.id !== assigned.id)];
    this.notifier.interactionAssigned(agentId, pop);
    // Only a chat visitor is told who answers; a caller hears it.
    if (row.channel === 'chat') this.notifier.queuePosition(row.id, null, agentName);
    await this.publishAgentState(agentId);
  }

  async screenPop(row: InteractionRecord, context = this.screenPopContext(row)): Promise<ScreenPop> {
    const { customer, timeline, insight } = await context;
    if (insight.risk) this.riskLevels.set(row.id, insight.risk.level);
    const transcript = this.liveTranscript(row).utterances;
    return { interaction: toInteraction(row), customer, timeline, transcript, insight, risk: insight.risk, actions: insight.actions ?? [] };
  }

  private async screenPopContext(row: InteractionRecord, timelineLimit = SCREEN_POP_TIMELINE_PAGE) {
    const customerRead = getCustomer(this.db, row.customerId);
    this.options.nba?.prepare(nbaInteractionOf(row), customerRead);
    const [customer, timeline, insight] = await Promise.all([
      customerRead,
      listTimeline(this.db, row.customerId, { limit: timelineLimit }),
      this.insightOf(row, { actions: 'always' }),
    ]);
    if (!customer) throw new AppError('internal', 'the interaction has no customer');
    return { customer, timeline, insight };
  }

  private async insightOf(row: InteractionRecord, { actions }: { actions: 'always' | 'when_changed' }): Promise<InteractionInsight> {
    const interactionId = row.id;
    this.options.nba?.prepare(nbaInteractionOf(row));
    const customerTurns = this.liveTranscript(row).utterances.filter((turn) => turn.speaker === 'customer');
    const series = customerTurns.flatMap((turn) => (turn.sentiment ? [{ seq: turn.seq, score: turn.sentiment.score }] : []));
    const defectionMoments: DefectionMoment[] = customerTurns
      .filter((turn) => turn.defectionMoment)
      .map((turn) => ({
        seq: turn.seq,
        at: turn.at,
        cause: turn.signals.some((signal) => isMomentCode(signal.code)) ? 'intent' : 'risk_high',
        signals: turn.signals.map(({ code, text }) => ({ code, text })),
      }));
    const liveSignals = liveSignalsOf(customerTurns);
    const risk = this.options.risk ? await this.options.risk.scoreRisk(row.customerId, liveSignals) : null;
    const rolling = rollingSentiment(series.map((s) => s.score));
    const ranking = await this.rankActions(row, { risk, liveSignals, sentiment: rolling?.score ?? null });
    return {
      interactionId,
      sentiment: { rolling, series },
      risk,
      defectionMoments,
      actions: ranking && (actions === 'always' || ranking.changed) ? ranking.actions : null,
    };
  }

  /** Next-best-actions for the moment; the impressions they make land on the timeline. */
  private async rankActions(row: InteractionRecord, moment: { risk: ChurnRisk | null; liveSignals: readonly LiveSignal[]; sentiment: number | null }) {
    if (!this.options.nba) return null;
    const codeTexts = new Map<string, string>([
      ...(moment.risk?.reasons ?? []).map((r) => [r.code, r.text] as const),
      ...moment.liveSignals.map((s) => [s.code, s.text] as const),
    ]);
    const ranking = await this.options.nba.rank(nbaInteractionOf(row), {
      channel: row.channel,
      risk: moment.risk,
      intents: moment.liveSignals.map((s) => s.code),
      sentiment: moment.sentiment,
      codeTexts,
    });
    ranking.recorded
      .then((events) => {
        for (const event of events) this.publish(event);
      })
      .catch((error: unknown) => this.options.logger.error({ err: error, interactionId: row.id }, 'could not record the actions shown'));
    return ranking;
  }

  /**
   * The agent accepted or declined a suggested action. A decline takes it off the list, so the
   * agent gets the next one at once.
   */
  async respondToAction(agent: User, request: ActionRespondRequest): Promise<{ action: RankedAction }> {
    const nba = this.options.nba;
    if (!nba) throw new AppError('not_found', 'next-best-actions are not enabled');
    const row = await this.requireAssignedTo(agent, request.interactionId);
    const response = await nba.respond(nbaInteractionOf(row), request, agent);
    this.publish(response.timelineEvent);
    if (!response.duplicate && request.response === 'declined' && row.agentId) {
      this.notifier.insight(row.agentId, await this.insightOf(row, { actions: 'when_changed' }));
    }
    return { action: response.action };
  }

  private async agentWentOffline(agentId: string): Promise<void> {
    const held = this.open.heldBy(agentId).filter((row) => row.state !== 'wrap_up');
    for (const row of held) {
      // Back to the head of its queue: it has waited longest. The transcript stays with it.
      await this.transition(row, 'queued', { agentId: null, assignedAt: null }, 'interaction.requeued', 'Agent disconnected; back in the queue', randomUUID());
      this.notifier.interactionEnded(toInteraction(row), agentId);
      this.enqueue(row.queue, row.id, { channel: row.channel, front: true });
      await this.route(row.queue);
    }
  }

  private finishAfterCallWork(agent: User): void {
    const done = async () => {
      this.afterCallWorkTimers.delete(agent.id);
      if (this.presence.status(agent.id) !== 'wrap_up') return;
      this.presence.setStatus(agent.id, 'available');
      await this.publishAgentState(agent.id);
      await this.routeFor(agent);
    };
    const failed = (error: unknown) => this.options.logger.error({ err: error }, 'after-call work');
    this.presence.setStatus(agent.id, 'wrap_up');
    // No after-call work: free now, not a timer's turn later, while the next caller waits in the queue.
    if (this.options.afterCallWorkMs === 0) return void done().catch(failed);
    const timer = setTimeout(() => void done().catch(failed), this.options.afterCallWorkMs);
    this.afterCallWorkTimers.set(agent.id, timer);
    void this.publishAgentState(agent.id);
  }

  private async broadcastQueuePositions(queue: string): Promise<void> {
    (this.waiting.get(queue) ?? []).forEach((interactionId, index) => {
      if (this.waitingChats.has(interactionId)) this.notifier.queuePosition(interactionId, index + 1, null);
    });
  }

  private async publishAgentState(agentId: string): Promise<AgentState> {
    const state = await this.agentState(agentId);
    this.notifier.agentState(agentId, state);
    return state;
  }

  /** Moves the interaction to `state` and writes the transition onto the customer's timeline. */
  private async transition(
    row: InteractionRecord,
    state: Interaction['state'],
    changes: Omit<InteractionChanges, 'state'>,
    type: EventType,
    summary: string,
    repeatKey = '',
    at = new Date(),
  ): Promise<TimelineEvent | null> {
    // One write for the change and the event recording it; the row in memory changes once both are committed.
    const event = transitionEvent(row, state, changes.agentId !== undefined ? changes.agentId : row.agentId, type, summary, repeatKey, at);
    const stored = await this.db.write(async (transaction) => {
      await updateInteraction(this.db, row.id, { state, ...changes }, transaction);
      const [recorded = null] = await recordCueEvents(this.db, transaction, [event]);
      return recorded;
    });
    this.applyTransition(row, state, changes, stored);
    return stored;
  }

  /** After the transition's write committed: the row in memory, the live maps, and the pushes. */
  private applyTransition(row: InteractionRecord, state: Interaction['state'], changes: Omit<InteractionChanges, 'state'>, stored: TimelineEvent | null): void {
    this.open.change(row, { state, ...changes });
    if (state === 'closed') {
      this.riskLevels.delete(row.id);
      // A call's transcript stays open to its late turns even when the agent wrapped up at once.
      this.keepTranscriptForLateTurns(row);
    }
    this.publish(stored);
    if (row.agentId && state !== 'closed') this.notifier.interactionUpdated(row.agentId, toInteraction(row));
  }

  /** A closed interaction's transcript: kept until a call's late turns' window passes (LATE_VOICE_TURN_MS), let go at once otherwise. */
  private keepTranscriptForLateTurns(row: InteractionRecord): void {
    const lateTurnsFor = lateVoiceTurnsWindowLeft(row);
    if (lateTurnsFor <= 0) {
      this.transcripts.delete(row.id);
      return;
    }
    const timer = setTimeout(() => {
      this.lateTurnTimers.delete(timer);
      this.transcripts.delete(row.id);
    }, lateTurnsFor);
    this.lateTurnTimers.add(timer);
  }

  private publish(event: TimelineEvent | null): void {
    if (event) this.notifier.timelineEvent(event);
  }

  /** Stores Cue's own event and pushes it to the customer's viewers, as stored. */
  private async record(event: CueEvent): Promise<TimelineEvent | null> {
    const [stored = null] = await this.db.write((transaction) => recordCueEvents(this.db, transaction, [event]));
    this.publish(stored);
    return stored;
  }
}

/**
 * Speech recognition finishes a call's last words after the caller hangs up, and telephony
 * platforms send those final turns a few seconds after the end (or the end overtakes a turn on
 * its way in). A voice turn that arrives this soon after the end is the call's own transcript:
 * it is kept and pushed like any other, and analysed for the agent while they are still in
 * wrap-up.
 */
export const LATE_VOICE_TURN_MS = 10_000;

/** How much longer a call that ended takes late turns, in ms; 0 or less: none (a chat, or the window passed). */
const lateVoiceTurnsWindowLeft = (row: InteractionRecord): number =>
  row.channel === 'voice' && row.endedAt ? row.endedAt.getTime() + LATE_VOICE_TURN_MS - Date.now() : 0;

/**
 * Turns of an interaction that is over are refused, except a call's late turns (above), kept
 * whether the agent is still in wrap-up or already submitted it. A chat has no such turns: its
 * widget stops sending at the end.
 */
function refuseTurnsWhenOver(row: InteractionRecord): void {
  if (row.state !== 'closed' && row.state !== 'wrap_up') return;
  if (lateVoiceTurnsWindowLeft(row) <= 0) throw new AppError('conflict', `the interaction is ${row.state.replace('_', '-')}`);
}

/** " (saved, offer: …)" on a retention outcome, so the timeline says it at a glance. */
const retentionSummary = ({ saved, offer }: WrapupRequest): string =>
  saved === undefined ? '' : ` (${saved ? 'saved' : 'lost'}${offer ? `, offer: ${offer.slice(0, 100)}` : ''})`;

/** Cue's own event about an interaction, on the timeline of the customer it is with. */
const cueEvent = (row: InteractionRecord, event: Pick<CueEvent, 'sourceEventId' | 'occurredAt' | 'type' | 'summary' | 'data'>): CueEvent => ({
  source: CUE_SOURCE,
  channel: row.channel,
  customerId: row.customerId,
  ...event,
});

/** The timeline's record of an interaction moving to `state`. */
const transitionEvent = (
  row: InteractionRecord,
  state: Interaction['state'],
  agentId: string | null,
  type: EventType,
  summary: string,
  repeatKey = '',
  at = new Date(),
): CueEvent =>
  cueEvent(row, {
    sourceEventId: `interaction:${row.id}:${type}${repeatKey ? `:${repeatKey}` : ''}`,
    occurredAt: at.toISOString(),
    type,
    summary,
    data: { interactionId: row.id, state, agentId },
  });

const transferEventKey = (interactionId: string, clientRequestId: string) => `interaction:${interactionId}:interaction.transferred:${clientRequestId}`;

const nbaInteractionOf = (row: InteractionRecord): NbaInteraction => ({
  id: row.id,
  customerId: row.customerId,
  channel: row.channel,
  fromKind: row.fromKind,
  fromValue: row.fromValue,
});

/** An explicit cancel or switch intent: what makes a turn a defection moment by itself. */
const isMomentCode = (code: string): boolean => (DEFECTION_MOMENT_CODES as readonly string[]).includes(code);

/** Each signal code counts once per call, at its strongest: saying "cancel" five times is one intent. */
function liveSignalsOf(turns: readonly Utterance[]): LiveSignal[] {
  const strongest = new Map<string, LiveSignal>();
  for (const signal of turns.flatMap((turn) => turn.signals)) {
    const seen = strongest.get(signal.code);
    if (!seen || signal.weight > seen.weight) strongest.set(signal.code, signal);
  }
  return [...strongest.values()];
}
