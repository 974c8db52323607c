import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { InteractionInsight, ScreenPop } from '../../../shared/interactions';
import type { ActionResponse, DeclineReason, RankedAction } from '../../../shared/nba';
import { useLiveInteractionStore } from '../interactions/live-interaction-store';
import { liveRequest } from '../realtime/live-requests';
import { newRequestId } from '../realtime/request-ids';

/** What the agent answers for an action: a decline always says why, so declines can be learned from. */
export type ActionAnswer = { response: 'accepted' } | { response: 'declined'; reason: DeclineReason };

/**
 * The next-best-actions of the interaction on screen: the ranked list the server pushes (in the
 * screen pop, then in insights whenever it changes), and the agent's answers to them.
 *
 * A re-ranked list never reorders the cards under the agent's pointer: while the panel is held
 * (`hold(true)`, pointer over it or a decline reason being picked) the newer list waits and is
 * shown on release. The exception is the list that follows the agent's own decline: they asked
 * for that card to go away.
 */
export const useNextBestActionsStore = defineStore('next-best-actions', () => {
  const live = useLiveInteractionStore();
  /** The interaction the lists below belong to. */
  const interactionId = ref<string | null>(null);
  const shown = shallowRef<readonly RankedAction[]>([]);
  /** A newer ranking held back while the agent is pointing at the list. */
  const waiting = shallowRef<readonly RankedAction[] | null>(null);
  const held = ref(false);
  /** Actions declined on this interaction, as the server confirmed them (the list drops them). */
  const declined = shallowRef<readonly RankedAction[]>([]);
  /** Answers sent and not yet confirmed, by actionId. */
  const pending = ref<Record<string, ActionResponse>>({});
  const errors = ref<Record<string, string>>({});
  /** Counts lists applied, so the panel can mark what changed once per change. */
  const revision = ref(0);
  /**
   * One clientRequestId per action of this interaction, kept across every retry (even one that
   * switches from accept to decline): when an ack was lost after the server stored the answer,
   * the retry is told that stored answer, which is the truth to show, instead of a conflict.
   */
  let requestIds = new Map<string, string>();
  /** A decline was sent: the list that comes back without it is the agent's own doing, shown at once. */
  let ownDeclinePending = false;

  const isCurrent = computed(() => interactionId.value !== null && interactionId.value === live.interactionId);
  /** The ranked actions of the interaction on screen, in rank order; empty for any other. */
  const actions = computed(() => (isCurrent.value ? shown.value : []));
  /** Declined here and no longer in the list: still worth a line, so the agent sees what they answered. */
  const declinedElsewhere = computed(() =>
    isCurrent.value ? declined.value.filter((action) => !shown.value.some((s) => s.actionId === action.actionId)) : [],
  );
  const hasWaiting = computed(() => isCurrent.value && waiting.value !== null);

  function begin(id: string) {
    interactionId.value = id;
    shown.value = [];
    waiting.value = null;
    declined.value = [];
    pending.value = {};
    errors.value = {};
    requestIds = new Map();
    ownDeclinePending = false;
  }

  function receivePop(pop: ScreenPop) {
    begin(pop.interaction.id);
    apply(pop.actions);
  }

  /** `actions: null` means the ranking has not changed since the last list: keep what is shown. */
  function receiveInsight(insight: InteractionInsight) {
    if (insight.actions === null || insight.interactionId !== live.interactionId) return;
    // Work picked up without a screen pop (a reload mid-call): its first list starts it.
    if (interactionId.value !== insight.interactionId) {
      begin(insight.interactionId);
      apply(insight.actions);
      return;
    }
    if (held.value && shown.value.length > 0 && !ownDeclinePending) waiting.value = insight.actions;
    else apply(insight.actions);
  }

  function apply(list: readonly RankedAction[]) {
    shown.value = list;
    waiting.value = null;
    ownDeclinePending = false;
    revision.value += 1;
  }

  function hold(on: boolean) {
    held.value = on;
    if (!on && waiting.value) apply(waiting.value);
  }

  function showWaiting() {
    if (waiting.value) apply(waiting.value);
  }

  async function respond(actionId: string, answer: ActionAnswer): Promise<boolean> {
    const id = interactionId.value;
    if (!id || !isCurrent.value || pending.value[actionId]) return false;
    let clientRequestId = requestIds.get(actionId);
    if (!clientRequestId) {
      clientRequestId = newRequestId();
      requestIds.set(actionId, clientRequestId);
    }
    pending.value = { ...pending.value, [actionId]: answer.response };
    errors.value = without(errors.value, actionId);
    if (answer.response === 'declined') ownDeclinePending = true;
    const result = await liveRequest('action:respond', {
      interactionId: id,
      actionId,
      clientRequestId,
      ...(answer.response === 'declined' ? { response: 'declined', reason: answer.reason } : { response: 'accepted' }),
    });
    // The agent moved on to another interaction while this was in flight.
    if (interactionId.value !== id) return result.ok;
    pending.value = without(pending.value, actionId);
    if (result.ok) {
      recordAnswer(result.action);
      return true;
    }
    if (answer.response === 'declined') ownDeclinePending = false;
    errors.value = {
      ...errors.value,
      [actionId]: result.error.code === 'network' ? `${result.error.message} Your answer was not confirmed; answering again records it once.` : result.error.message,
    };
    return false;
  }

  /** The server's stored answer: on the card where it is shown, and in the declined list. */
  function recordAnswer(answered: RankedAction) {
    const merge = (list: readonly RankedAction[]) =>
      list.map((action) => (action.actionId === answered.actionId ? { ...action, response: answered.response, declineReason: answered.declineReason } : action));
    const onScreen = shown.value.some((action) => action.actionId === answered.actionId);
    // An accepted action stays on screen (the agent is delivering it), even if a re-rank dropped it meanwhile.
    shown.value = onScreen || answered.response !== 'accepted' ? merge(shown.value) : [...shown.value, answered];
    if (waiting.value) waiting.value = merge(waiting.value);
    if (answered.response === 'declined' && !declined.value.some((action) => action.actionId === answered.actionId)) {
      declined.value = [...declined.value, answered];
    }
  }

  function $reset() {
    interactionId.value = null;
    shown.value = [];
    waiting.value = null;
    held.value = false;
    declined.value = [];
    pending.value = {};
    errors.value = {};
    revision.value = 0;
    requestIds = new Map();
    ownDeclinePending = false;
  }

  return {
    interactionId,
    shown,
    waiting,
    held,
    declined,
    pending,
    errors,
    revision,
    actions,
    declinedElsewhere,
    hasWaiting,
    receivePop,
    receiveInsight,
    hold,
    showWaiting,
    respond,
    $reset,
  };
});

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _dropped, ...rest } = record;
  return rest;
}
