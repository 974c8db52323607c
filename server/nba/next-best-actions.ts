import { createHash } from 'node:crypto';
import { Op } from 'sequelize';
import type { Disposition, Interaction } from '../../shared/interactions';
import {
  DECLINE_REASON_TEXT,
  type ActionRespondRequest,
  type CatalogAction,
  type NbaArm,
  type NbaMetricsResponse,
  type RankedAction,
} from '../../shared/nba';
import type { Database } from '../db/database';
import type { OfferOutcome } from '../db/models';
import { newId } from '../db/ids';
import { answerOffer, findAcceptedOffers, findOffer, findOffersShownSince, insertNewOffers, recordOfferOutcome, type OfferRecord } from './offer-rows';
import { AppError } from '../errors';
import { getCustomer } from '../customers/customers';
import type { CustomerDetail } from '../../shared/customers';
import { recordCueEvents, type CueEvent } from '../timeline/ingest';
import type { TimelineEvent } from '../../shared/timeline';
import { rankNextBestActions, type ContactHistory, type ScoredAction } from './arbitration';
import { ActionCatalog } from './catalog';
import { buildFacts, type NbaCustomer, type NbaMoment } from './facts';
import { betaDraw, PropensityLearner, type BetaDraw, type LearnedResponse } from './propensity';
import { emptyCounts, metricsRow, type ArmCounts } from './uplift';
import { CUE_SOURCE } from '../../shared/ingest';

const DAY_MS = 86_400_000;
const CONTACT_POLICY_DAYS = 365;

/** The interaction being ranked for, as the NBA needs it. */
export type NbaInteraction = Pick<Interaction, 'id' | 'customerId' | 'channel'> & { fromKind: Interaction['from']['kind']; fromValue: string };

/** The live moment, with plain words for its codes so the "why" reads like the rest of the console. */
export interface LiveMoment extends NbaMoment {
  codeTexts: ReadonlyMap<string, string>;
}

export interface NextBestActionsOptions {
  db: Database;
  /** Share of interactions, 0..1, ranked at random among eligible actions: the uplift baseline. */
  holdoutShare: number;
  draw?: BetaDraw;
  now?: () => Date;
}

/** What ranking needs to remember over one interaction. */
interface InteractionState {
  arm: NbaArm;
  customer: NbaCustomer;
  history: ContactHistory;
  /** One Thompson draw per action and segment for the whole interaction: the list moves when the moment does, not at random. */
  draws: Map<string, number>;
  /** Offers shown on this interaction, by action id. */
  offers: Map<string, OfferRecord>;
  lastShown: string;
}

/**
 * Next-best-actions for live interactions: ranks the catalog for the moment, records every
 * impression, response and outcome once (on the offers table and the customer's timeline), and
 * learns propensities from those responses. The learned state is the offers table itself, read
 * back at start, so it survives restarts and cannot drift from what was logged.
 */
export class NextBestActions {
  readonly catalog: ActionCatalog;
  private readonly learner = new PropensityLearner();
  private readonly states = new Map<string, Promise<InteractionState>>();
  private readonly draw: BetaDraw;
  private readonly now: () => Date;

  constructor(private readonly options: NextBestActionsOptions) {
    this.catalog = new ActionCatalog(options.db);
    this.draw = options.draw ?? betaDraw();
    this.now = options.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    const { NbaOffer, NbaAction } = this.options.db.models;
    const rows = await NbaOffer.findAll({
      attributes: ['actionId', 'segment', 'response', 'outcome'],
      where: { response: { [Op.ne]: null } },
      raw: true,
    });
    const retention = new Set((await NbaAction.findAll({ attributes: ['id'], where: { category: 'retention' } })).map((a) => a.id));
    for (const row of rows) this.learn(row.actionId, row.segment, row.response!, row.outcome, retention.has(row.actionId));
  }

  /**
   * The top actions for this moment. `changed` says whether the top three differ from the last
   * ranking of this interaction. Newly shown actions are recorded as impressions in the
   * background (`recorded` settles with their timeline events): the screen pop does not wait
   * for those writes, and a response, queued behind them on the one writer, always finds them.
   */
  async rank(interaction: NbaInteraction, moment: LiveMoment): Promise<{ actions: RankedAction[]; changed: boolean; recorded: Promise<TimelineEvent[]> }> {
    const [catalog, state] = await Promise.all([this.catalog.list(), this.stateOf(interaction)]);
    const facts = buildFacts(state.customer, moment);
    const segment = facts.segment!;
    const declinedHere = new Set([...state.offers.values()].filter((o) => o.response === 'declined').map((o) => o.actionId));
    const ranked = rankNextBestActions({
      catalog,
      facts,
      codeTexts: moment.codeTexts,
      history: state.history,
      declinedHere,
      now: this.now(),
      propensity: (action) => {
        const retention = action.category === 'retention';
        const key = `${action.id}|${segment}`;
        let sample = state.draws.get(key);
        if (sample === undefined) {
          sample = this.learner.sample(action.id, segment, retention, this.draw);
          state.draws.set(key, sample);
        }
        return { value: sample, ...this.learner.estimate(action.id, segment, retention) };
      },
      randomOrder: state.arm === 'holdout' ? (action) => stableRandom(`${interaction.id}:${action.id}`) : undefined,
    });

    // No await from here on: two rankings of one interaction cannot both take an action as new.
    const fresh = ranked.flatMap((r, index) => (state.offers.has(r.action.id) ? [] : [this.newOffer(interaction, state, segment, r, index + 1)]));
    for (const offer of fresh) state.offers.set(offer.actionId, offer);
    const recorded = fresh.length > 0 ? this.recordImpressions(interaction, fresh, ranked) : Promise.resolve([]);
    const shown = ranked.map((r) => r.action.id);
    // Accepted actions stay on screen: the agent is in the middle of delivering them.
    for (const offer of state.offers.values()) if (offer.response === 'accepted' && !shown.includes(offer.actionId)) shown.push(offer.actionId);
    const byId = new Map(catalog.map((a) => [a.id, a]));
    const actions = shown.flatMap((actionId, index) => {
      const action = byId.get(actionId);
      const offer = state.offers.get(actionId);
      const scored = ranked.find((r) => r.action.id === actionId);
      return action && offer ? [toRankedAction(action, offer, index + 1, scored)] : [];
    });
    const signature = shown.join(',');
    const changed = signature !== state.lastShown;
    state.lastShown = signature;
    return { actions, changed, recorded };
  }

  /** The agent's answer to a shown action, stored once: a retry with the same clientRequestId gets the same answer. */
  async respond(
    interaction: NbaInteraction,
    request: ActionRespondRequest,
    agent: { id: string; name: string },
  ): Promise<{ action: RankedAction; timelineEvent: TimelineEvent | null; duplicate: boolean }> {
    const { db } = this.options;
    const state = await this.stateOf(interaction);
    const action = (await this.catalog.list()).find((a) => a.id === request.actionId);
    // Made only when thrown: an error captures a stack trace, and most answers are to offers made.
    const notOffered = () => new AppError('not_found', 'actionId: this action was not offered on this interaction', 'actionId');
    if (!action) throw notOffered();
    // The answer and its timeline event in one write.
    const result = await db.write(async (transaction) => {
      // The answer in one statement when the offer is there and not answered yet; read only to say why not.
      const offer = await answerOffer(
        db,
        interaction.id,
        request.actionId,
        { response: request.response, declineReason: request.reason ?? null, responseRequestId: request.clientRequestId, respondedAt: this.now() },
        transaction,
      );
      if (!offer) {
        const stored = await findOffer(db, interaction.id, request.actionId, transaction);
        if (!stored) throw notOffered();
        if (stored.responseRequestId === request.clientRequestId) return { offer: stored, event: null, duplicate: true };
        throw new AppError('conflict', `this action was already ${stored.response}`);
      }
      const answer = request.response === 'accepted' ? 'accepted' : `declined: ${DECLINE_REASON_TEXT[request.reason!]}`;
      const [event = null] = await recordCueEvents(db, transaction, this.timelineEvents(interaction, [
        {
          sourceEventId: `nba:${offer.id}:response`,
          type: request.response === 'accepted' ? 'nba.accepted' : 'nba.declined',
          summary: `Offered ${action.title} — ${answer}`,
          data: {
            interactionId: interaction.id,
            offerId: offer.id,
            actionId: action.id,
            actionKey: action.key,
            category: action.category,
            response: request.response,
            reason: request.reason ?? null,
            agentId: agent.id,
            agentName: agent.name,
          },
        },
      ]));
      return { offer, event, duplicate: false };
    });
    state.offers.set(result.offer.actionId, result.offer);
    const ranked = toRankedAction(action, result.offer, result.offer.rank, undefined);
    if (result.duplicate) return { action: ranked, timelineEvent: null, duplicate: true };
    this.learn(action.id, result.offer.segment, request.response, null, action.category === 'retention');
    return { action: ranked, timelineEvent: result.event, duplicate: false };
  }

  /**
   * At wrap-up: whether each accepted action worked. A retention offer saved the customer or lost
   * them (the wrap-up's `saved`, or a retention disposition); any other action worked when the
   * contact was resolved. Unknown outcomes are not guessed.
   */
  async recordOutcome(interaction: NbaInteraction, wrapup: { disposition: Disposition; saved: boolean | null }): Promise<TimelineEvent[]> {
    const { db } = this.options;
    this.states.delete(interaction.id);
    const accepted = await findAcceptedOffers(db, interaction.id);
    if (accepted.length === 0) return [];
    const catalog = new Map((await this.catalog.list()).map((a) => [a.id, a]));
    const decided = accepted.flatMap((offer) => {
      const action = catalog.get(offer.actionId);
      const outcome = action ? outcomeOf(action, wrapup) : null;
      return action && outcome ? [{ offer, action, outcome }] : [];
    });
    if (decided.length === 0) return [];
    const at = this.now();
    // The outcomes and their timeline events in one write.
    const events = await db.write(async (transaction) => {
      for (const { offer, outcome } of decided) await recordOfferOutcome(db, offer.id, outcome, at, transaction);
      return recordCueEvents(db, transaction, this.timelineEvents(
        interaction,
        decided.map(({ offer, action, outcome }) => ({
          sourceEventId: `nba:${offer.id}:outcome`,
          type: 'nba.outcome' as const,
          summary: `${action.title} — ${OUTCOME_TEXT[outcome]}`,
          data: { interactionId: interaction.id, offerId: offer.id, actionId: action.id, actionKey: action.key, category: action.category, outcome },
        })),
      ));
    });
    for (const { offer, action, outcome } of decided) {
      if (outcome === 'saved' || outcome === 'lost') this.learner.record(action.id, offer.segment, outcome);
    }
    return events.filter((event) => event !== null);
  }

  /** Interactions that end without a wrap-up (abandoned) must not keep their state. */
  forget(interactionId: string): void {
    this.states.delete(interactionId);
  }

  /** Acceptance and saves, learned ranking against the random holdout, overall and per action. */
  async metrics(since?: Date): Promise<NbaMetricsResponse> {
    const { db } = this.options;
    const [offers, catalog] = await Promise.all([
      db.models.NbaOffer.findAll({
        attributes: ['actionId', 'arm', 'response', 'outcome'],
        where: since ? { shownAt: { [Op.gte]: since } } : {},
        raw: true,
      }),
      this.catalog.list(),
    ]);
    const byId = new Map(catalog.map((a) => [a.id, a]));
    const overall = { learned: emptyCounts(), holdout: emptyCounts() };
    const perAction = new Map<string, { learned: ArmCounts; holdout: ArmCounts }>();
    for (const offer of offers) {
      const action = byId.get(offer.actionId);
      if (!action) continue;
      const counts = perAction.get(offer.actionId) ?? { learned: emptyCounts(), holdout: emptyCounts() };
      perAction.set(offer.actionId, counts);
      for (const c of [overall[offer.arm], counts[offer.arm]]) {
        c.offers += 1;
        if (offer.response === 'accepted') c.accepted += 1;
        if (action.category === 'retention') {
          c.retentionOffers += 1;
          if (offer.outcome === 'saved') c.saved += 1;
        }
      }
    }
    return {
      since: since?.toISOString() ?? null,
      overall: metricsRow(overall.learned, overall.holdout),
      actions: [...perAction.entries()]
        .map(([actionId, c]) => ({ actionId, key: byId.get(actionId)!.key, title: byId.get(actionId)!.title, ...metricsRow(c.learned, c.holdout) }))
        .sort((a, b) => b.learned.offers + b.holdout.offers - (a.learned.offers + a.holdout.offers)),
    };
  }

  private learn(actionId: string, segment: string, response: string, outcome: string | null, retention: boolean): void {
    if (response === 'accepted' || response === 'declined') this.learner.record(actionId, segment, response);
    if (retention && (outcome === 'saved' || outcome === 'lost')) this.learner.record(actionId, segment, outcome as LearnedResponse);
  }

  /**
   * Starts loading what ranking needs for this interaction, so the first ranking does not wait
   * for it alone. `customer`: the caller's read of the customer, when it makes one anyway.
   */
  prepare(interaction: NbaInteraction, customer?: Promise<CustomerDetail | null>): void {
    this.stateOf(interaction, customer).catch(() => undefined);
  }

  private stateOf(interaction: NbaInteraction, customer?: Promise<CustomerDetail | null>): Promise<InteractionState> {
    let state = this.states.get(interaction.id);
    if (!state) {
      state = this.loadState(interaction, customer ?? getCustomer(this.options.db, interaction.customerId));
      this.states.set(interaction.id, state);
      // A failed load is tried again by the next ranking.
      state.catch(() => this.states.delete(interaction.id));
    }
    return state;
  }

  private async loadState(interaction: NbaInteraction, customerRead: Promise<CustomerDetail | null>): Promise<InteractionState> {
    const { db } = this.options;
    const since = new Date(this.now().getTime() - CONTACT_POLICY_DAYS * DAY_MS);
    const [customer, earlier, catalogList] = await Promise.all([
      customerRead,
      findOffersShownSince(db, interaction.customerId, since),
      this.catalog.list(),
    ]);
    const monthAgo = this.now().getTime() - 30 * DAY_MS;
    const offersLast30d = new Map<string, number>();
    const lastDeclinedAt = new Map<string, Date>();
    const recentKeys = new Set<string>();
    const offers = new Map<string, OfferRecord>();
    const catalog = new Map(catalogList.map((a) => [a.id, a]));
    for (const offer of earlier) {
      if (offer.interactionId === interaction.id) {
        offers.set(offer.actionId, offer);
        continue;
      }
      if (offer.shownAt.getTime() >= monthAgo) {
        offersLast30d.set(offer.actionId, (offersLast30d.get(offer.actionId) ?? 0) + 1);
        const key = catalog.get(offer.actionId)?.key;
        if (key) recentKeys.add(key);
      }
      if (offer.response === 'declined' && offer.respondedAt) lastDeclinedAt.set(offer.actionId, offer.respondedAt);
    }
    const state: InteractionState = {
      arm: stableRandom(interaction.id) < this.options.holdoutShare ? 'holdout' : 'learned',
      customer: {
        attributes: customer?.attributes ?? {},
        summary: { openComplaints: customer?.summary.openComplaints ?? 0, lastNps: customer?.summary.lastNps ?? null },
        recentOffers: [...recentKeys],
      },
      history: { offersLast30d, lastDeclinedAt },
      draws: new Map(),
      offers,
      lastShown: '',
    };
    return state;
  }

  private newOffer(interaction: NbaInteraction, state: InteractionState, segment: string, scored: ScoredAction, rank: number): OfferRecord {
    return {
      id: newId(),
      interactionId: interaction.id,
      customerId: interaction.customerId,
      actionId: scored.action.id,
      rank,
      arm: state.arm,
      segment,
      factors: scored.factors,
      why: scored.why.slice(0, 300),
      shownAt: this.now(),
      response: null,
      declineReason: null,
      responseRequestId: null,
      respondedAt: null,
      outcome: null,
      outcomeAt: null,
    };
  }

  /**
   * Stores the impressions and puts the ones really stored on the timeline. An action can reach
   * here a second time for one interaction: a state loaded afresh (after `forget`, or while the
   * first impression's write still waited in the writer queue) does not see that offer and takes
   * the action as new. The unique (interaction, action) index then keeps the first offer; this
   * one is skipped, and so is its `nba.offered` event: the insert returns the ids it stored.
   */
  private async recordImpressions(interaction: NbaInteraction, offers: readonly OfferRecord[], ranked: readonly ScoredAction[]): Promise<TimelineEvent[]> {
    const { db } = this.options;
    const actions = new Map(ranked.map((r) => [r.action.id, r.action]));
    const events = await db.write(async (transaction) => {
      const stored = await insertNewOffers(db, offers, transaction);
      const inserted = offers.filter((offer) => stored.has(offer.id));
      return recordCueEvents(db, transaction, this.timelineEvents(
        interaction,
        inserted.map((offer) => ({
          sourceEventId: `nba:${offer.id}:offered`,
          type: 'nba.offered' as const,
          summary: `Suggested to the agent: ${actions.get(offer.actionId)?.title ?? 'an action'}`,
          data: { interactionId: interaction.id, offerId: offer.id, actionId: offer.actionId, actionKey: actions.get(offer.actionId)?.key ?? null, rank: offer.rank, arm: offer.arm, why: offer.why },
        })),
      ));
    });
    return events.filter((event) => event !== null);
  }

  private timelineEvents(
    interaction: NbaInteraction,
    events: { sourceEventId: string; type: 'nba.offered' | 'nba.accepted' | 'nba.declined' | 'nba.outcome'; summary: string; data: Record<string, unknown> }[],
  ): CueEvent[] {
    const occurredAt = this.now().toISOString();
    return events.map((event) => ({
      source: CUE_SOURCE,
      sourceEventId: event.sourceEventId,
      occurredAt,
      channel: interaction.channel,
      type: event.type,
      customerId: interaction.customerId,
      summary: event.summary.slice(0, 500),
      data: event.data,
    }));
  }
}

const OUTCOME_TEXT: Record<OfferOutcome, string> = { saved: 'customer stayed', lost: 'customer left', worked: 'resolved', did_not_work: 'not resolved' };

const RESOLVED: readonly Disposition[] = ['resolved', 'retention_saved', 'information_only'];
const UNRESOLVED: readonly Disposition[] = ['follow_up_needed', 'escalated', 'retention_lost', 'cancelled_service'];

function outcomeOf(action: CatalogAction, wrapup: { disposition: Disposition; saved: boolean | null }): OfferOutcome | null {
  if (action.category === 'retention') {
    if (wrapup.saved === true || wrapup.disposition === 'retention_saved') return 'saved';
    if (wrapup.saved === false || wrapup.disposition === 'retention_lost' || wrapup.disposition === 'cancelled_service') return 'lost';
    return null;
  }
  if (RESOLVED.includes(wrapup.disposition)) return 'worked';
  if (UNRESOLVED.includes(wrapup.disposition)) return 'did_not_work';
  return null;
}

function toRankedAction(action: CatalogAction, offer: OfferRecord, rank: number, scored: ScoredAction | undefined): RankedAction {
  return {
    offerId: offer.id,
    actionId: action.id,
    key: action.key,
    title: action.title,
    category: action.category,
    script: action.script,
    why: scored?.why ?? offer.why,
    rank,
    factors: scored?.factors ?? offer.factors,
    response: offer.response,
    declineReason: offer.declineReason,
  };
}

/** A number in [0, 1) fixed by `key`: the holdout draw and its random order repeat for the same interaction. */
function stableRandom(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
}
