import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AgentStatus } from '../../../shared/interactions';
import type { AgentState } from '../../../shared/realtime';
import { liveRequest } from '../realtime/live-requests';

/** The two states an agent picks; the others (busy, wrap-up, offline) follow the work. */
export type ChosenStatus = 'available' | 'away';

export const AGENT_STATUS_LABELS: Readonly<Record<AgentStatus, string>> = {
  available: 'Available',
  away: 'Away',
  busy: 'On an interaction',
  wrap_up: 'Wrap-up',
  offline: 'Offline',
};

/** The signed-in agent's presence, as the server last said (`agent:state`). */
export const useAgentStatusStore = defineStore('agent-status', () => {
  const status = ref<AgentStatus>('offline');
  /** False until the server has told this console the agent's state once. */
  const known = ref(false);
  const changingTo = ref<ChosenStatus | null>(null);
  const error = ref<string | null>(null);
  /** Whether the agent holds an interaction (assigned, active or in wrap-up), as agent:state lists them. */
  const holding = ref(false);

  /**
   * Available and away are the agent's to pick whenever they hold no interaction: the server's
   * own rule. (Not "whenever the status is available or away": after-call work ends on a timer,
   * and an agent must never be stuck behind a wrap-up status with nothing left to wrap up.)
   */
  const canChoose = computed(() => known.value && !holding.value);

  /** Counts `agent:state` pushes, to tell whether the answer to a change is still the latest word. */
  let pushes = 0;

  function apply(state: AgentState) {
    status.value = state.status;
    holding.value = state.interactions.length > 0;
    known.value = true;
  }

  function receiveState(state: AgentState) {
    pushes += 1;
    apply(state);
  }

  async function choose(next: ChosenStatus): Promise<void> {
    if (changingTo.value) return;
    changingTo.value = next;
    error.value = null;
    const pushesBefore = pushes;
    try {
      const answer = await liveRequest('agent:status', { status: next });
      // Going available can route a waiting interaction to the agent at once: the server pushes
      // "busy" before it answers, and its answer still says "available". A push that came in
      // meanwhile is newer than the answer.
      if (answer.ok && pushes === pushesBefore) apply(answer.state);
      else if (!answer.ok) error.value = answer.error.message;
    } finally {
      changingTo.value = null;
    }
  }

  function $reset() {
    status.value = 'offline';
    known.value = false;
    changingTo.value = null;
    error.value = null;
    holding.value = false;
  }

  return { status, known, changingTo, error, holding, canChoose, receiveState, choose, $reset };
});
