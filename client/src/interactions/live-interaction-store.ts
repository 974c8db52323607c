import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { CustomerDetail } from '../../../shared/customers';
import type { Interaction, InteractionInsight, ScreenPop, Utterance } from '../../../shared/interactions';
import type { AgentState } from '../../../shared/realtime';
import type { InteractionTransfer } from '../../../shared/retention';
import type { TimelinePage } from '../../../shared/timeline';
import * as api from '../api/console-api';
import { asApiError } from '../api/http';
import { liveRequest } from '../realtime/live-requests';
import { TYPING_EXPIRES_MS } from '../realtime/typing-signal';
import { mergeTranscript, sentimentSeries } from './transcript';
import { useNextBestActionsStore } from '../next-best-actions/next-best-actions-store';

const LIVE_STATES: readonly Interaction['state'][] = ['assigned', 'active', 'wrap_up'];

/** Why the interaction on screen is no longer this agent's, for the console to say. */
export type LostReason = 'requeued' | 'transferred';

/**
 * The interaction this agent is handling (or last handled): the screen pop, the transcript in
 * `seq` order, the live sentiment. Fed by the realtime module; reconciled with `agent:state`,
 * which is the server's word on what the agent holds.
 */
export const useLiveInteractionStore = defineStore('live-interaction', () => {
  const interaction = shallowRef<Interaction | null>(null);
  const customer = shallowRef<CustomerDetail | null>(null);
  const customerError = ref<string | null>(null);
  const transcript = shallowRef<readonly Utterance[]>([]);
  const insight = shallowRef<InteractionInsight | null>(null);
  const customerTyping = ref(false);
  const accepting = ref(false);
  const acceptError = ref<string | null>(null);
  const lost = ref<LostReason | null>(null);
  /** Who took the interaction over, when `lost` is 'transferred'. */
  const transferredTo = ref<string | null>(null);
  /** Counts screen pops (and work found on reconnect still waiting for accept), so each is announced once. */
  const arrivals = ref(0);
  /** The pop's first timeline page, handed once to whoever shows the timeline (`takeTimelineSeed`). */
  let timelineSeed: { customerId: string; page: TimelinePage } | null = null;
  let typingTimer: ReturnType<typeof setTimeout> | null = null;

  const interactionId = computed(() => interaction.value?.id ?? null);
  const isLive = computed(() => interaction.value !== null && LIVE_STATES.includes(interaction.value.state));
  const isChat = computed(() => interaction.value?.channel === 'chat');
  const lastSeq = computed(() => transcript.value.at(-1)?.seq ?? 0);
  const series = computed(() => sentimentSeries(insight.value, transcript.value));
  const rolling = computed(() => insight.value?.sentiment.rolling ?? null);
  /** Wrap-up is open once a call has ended, and at any time while the agent is chatting (ending the chat). */
  const canWrapUp = computed(() => {
    const current = interaction.value;
    return current !== null && (current.state === 'wrap_up' || (current.channel === 'chat' && current.state === 'active'));
  });

  const isCurrent = (id: string) => interaction.value?.id === id;

  function receivePop(pop: ScreenPop) {
    clearTyping();
    interaction.value = pop.interaction;
    customer.value = pop.customer;
    customerError.value = null;
    transcript.value = mergeTranscript([], pop.transcript);
    insight.value = pop.insight;
    accepting.value = false;
    acceptError.value = null;
    lost.value = null;
    timelineSeed = { customerId: pop.customer.id, page: pop.timeline };
    arrivals.value += 1;
  }

  function takeTimelineSeed(customerId: string): TimelinePage | null {
    const seed = timelineSeed;
    timelineSeed = null;
    return seed?.customerId === customerId ? seed.page : null;
  }

  function receiveUtterance(utterance: Utterance) {
    if (!isCurrent(utterance.interactionId)) return;
    transcript.value = mergeTranscript(transcript.value, [utterance]);
    // A customer who sent a message has stopped typing it.
    if (utterance.speaker === 'customer') clearTyping();
  }

  function receiveInsight(next: InteractionInsight) {
    if (isCurrent(next.interactionId)) insight.value = next;
  }

  function receiveUpdated(next: Interaction) {
    if (isCurrent(next.id)) interaction.value = next;
  }

  function receiveEnded(next: Interaction) {
    if (!isCurrent(next.id)) return;
    clearTyping();
    // Back in the queue (the agent was gone past the grace period): it is someone else's now.
    if (next.state === 'queued') return loseInteraction('requeued');
    interaction.value = next;
  }

  /**
   * Taken over (the retention desk's warm transfer): released here with who has it now. The
   * same event reaches the new owner's desk; it is only a loss to the agent it was taken from.
   */
  function receiveTransferred(transfer: InteractionTransfer) {
    const current = interaction.value;
    if (!current || current.id !== transfer.interaction.id || current.agentId !== transfer.fromAgentId) return;
    loseInteraction('transferred');
    transferredTo.value = transfer.toAgentName;
  }

  function receiveTyping(event: { interactionId: string; typing: boolean }) {
    if (!isCurrent(event.interactionId)) return;
    clearTyping();
    if (!event.typing) return;
    customerTyping.value = true;
    // A visitor who closes the tab mid-sentence never says "stopped"; the indicator expires.
    typingTimer = setTimeout(clearTyping, TYPING_EXPIRES_MS);
  }

  /**
   * `agent:state` lists what the agent holds. Work there that this console does not show
   * (a reload, a pop missed while disconnected) is picked up; the interaction shown but no
   * longer held has ended (its wrap-up landed) or went back to the queue.
   */
  function receiveAgentState(state: AgentState) {
    const current = interaction.value;
    const held = current ? state.interactions.find((i) => i.id === current.id) : undefined;
    if (current && held) {
      interaction.value = held;
      return;
    }
    if (current && isLive.value) {
      if (current.state === 'wrap_up') interaction.value = { ...current, state: 'closed' };
      else loseInteraction('requeued');
    }
    const other = state.interactions[0];
    if (other) void adopt(other);
  }

  /** Shows work the server says this agent holds without a screen pop to go with it. */
  async function adopt(next: Interaction): Promise<void> {
    clearTyping();
    interaction.value = next;
    customer.value = null;
    customerError.value = null;
    transcript.value = [];
    insight.value = null;
    acceptError.value = null;
    lost.value = null;
    timelineSeed = null;
    if (next.state === 'assigned') arrivals.value += 1;
    await Promise.all([loadCustomer(next), resync()]);
  }

  async function loadCustomer(of: Interaction): Promise<void> {
    try {
      const { customer: loaded } = await api.fetchCustomer(of.customerId);
      if (isCurrent(of.id)) customer.value = loaded;
    } catch (caught) {
      if (isCurrent(of.id)) customerError.value = asApiError(caught).message;
    }
  }

  /** After a reconnect the server could not recover: fetch the state and the turns after the last `seq` held. */
  async function resync(): Promise<void> {
    const current = interaction.value;
    if (!current) return;
    const answer = await liveRequest('interaction:resync', { interactionId: current.id, afterSeq: lastSeq.value });
    if (!isCurrent(current.id)) return;
    if (answer.ok) {
      interaction.value = answer.interaction;
      transcript.value = mergeTranscript(transcript.value, answer.utterances);
      if (answer.insight) {
        insight.value = answer.insight;
        useNextBestActionsStore().receiveInsight(answer.insight);
      }
    } else if (answer.error.code === 'not_found') {
      // Re-queued and routed to someone else while this console was away.
      loseInteraction('requeued');
    }
  }

  async function accept(): Promise<void> {
    const current = interaction.value;
    if (!current || current.state !== 'assigned' || accepting.value) return;
    accepting.value = true;
    acceptError.value = null;
    try {
      const answer = await liveRequest('interaction:accept', { interactionId: current.id });
      if (!isCurrent(current.id)) return;
      if (answer.ok) interaction.value = answer.interaction;
      else acceptError.value = answer.error.message;
    } finally {
      accepting.value = false;
    }
  }

  /** The wrap-up was stored: the interaction is closed (the server pushes no update for that). */
  function receiveWrappedUp(id: string) {
    const current = interaction.value;
    if (!current || current.id !== id) return;
    clearTyping();
    interaction.value = { ...current, state: 'closed', closedAt: current.closedAt ?? new Date().toISOString() };
  }

  function loseInteraction(reason: LostReason) {
    clearTyping();
    interaction.value = null;
    customer.value = null;
    transcript.value = [];
    insight.value = null;
    timelineSeed = null;
    lost.value = reason;
    transferredTo.value = null;
  }

  function clearTyping() {
    if (typingTimer) clearTimeout(typingTimer);
    typingTimer = null;
    customerTyping.value = false;
  }

  function dismissLost() {
    lost.value = null;
    transferredTo.value = null;
  }

  function $reset() {
    clearTyping();
    interaction.value = null;
    customer.value = null;
    customerError.value = null;
    transcript.value = [];
    insight.value = null;
    accepting.value = false;
    acceptError.value = null;
    lost.value = null;
    transferredTo.value = null;
    arrivals.value = 0;
    timelineSeed = null;
  }

  return {
    interaction,
    customer,
    customerError,
    transcript,
    insight,
    customerTyping,
    accepting,
    acceptError,
    lost,
    transferredTo,
    arrivals,
    interactionId,
    isLive,
    isChat,
    lastSeq,
    series,
    rolling,
    canWrapUp,
    receivePop,
    takeTimelineSeed,
    receiveUtterance,
    receiveInsight,
    receiveUpdated,
    receiveEnded,
    receiveTransferred,
    receiveTyping,
    receiveAgentState,
    receiveWrappedUp,
    resync,
    accept,
    dismissLost,
    $reset,
  };
});
