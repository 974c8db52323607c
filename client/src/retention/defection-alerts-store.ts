import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Interaction } from '../../../shared/interactions';
import type { DefectionAlert } from '../../../shared/realtime';
import type { InteractionTransfer } from '../../../shared/retention';
import * as api from '../api/retention-api';
import { asApiError } from '../api/http';
import { liveRequest } from '../realtime/live-requests';
import { newRequestId } from '../realtime/request-ids';

/** How many live moments the desk keeps; older ones are on the customers' timelines. */
const KEEP = 200;

export interface TakeOverState {
  status: 'pending' | 'failed';
  error: string | null;
  /** One key per interaction across retries: a lost ack retried takes it over once. */
  clientRequestId: string;
}

/** Defection moments as they happen, newest first: the retention desk's and supervisors' live feed. */
export const useDefectionAlertsStore = defineStore('defection-alerts', () => {
  const alerts = ref<DefectionAlert[]>([]);
  /** Interactions already taken over (by anyone on the desk), with who has them now. */
  const takenBy = ref<Record<string, string>>({});
  const takeOvers = ref<Record<string, TakeOverState>>({});
  /** Interactions of the list that are over (wrap-up or closed): nothing left to take over. */
  const ended = ref<Record<string, true>>({});
  /** Moments that arrived while nobody had the list open, for the navigation to count. */
  const unseen = ref(0);
  const loadError = ref<string | null>(null);
  let viewers = 0;

  function receiveAlert(alert: DefectionAlert): void {
    // A recovered connection may replay an alert it already delivered.
    if (alerts.value.some((known) => known.id === alert.id)) return;
    alerts.value = [alert, ...alerts.value].slice(0, KEEP);
    if (viewers === 0) unseen.value += 1;
  }

  /**
   * The moments of calls and chats still live, from the server: on opening the console and
   * after a reconnect the server could not recover, so nothing said meanwhile is missing.
   * Live alerts that arrive during the request are kept (merged by id).
   */
  async function load(): Promise<void> {
    try {
      const answer = await api.fetchLiveMoments();
      const known = new Set(alerts.value.map((alert) => alert.id));
      const merged = [...alerts.value, ...answer.alerts.filter((alert) => !known.has(alert.id))];
      alerts.value = merged.sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, KEEP);
      takenBy.value = { ...answer.takenBy, ...takenBy.value };
      loadError.value = null;
    } catch (caught) {
      loadError.value = asApiError(caught).message;
    }
  }

  /** The list is on screen: what arrives now is seen. Returns the function to call when it leaves. */
  function view(): () => void {
    viewers += 1;
    unseen.value = 0;
    return () => {
      viewers -= 1;
    };
  }

  function receiveEnded(interaction: Interaction): void {
    if (interaction.state !== 'wrap_up' && interaction.state !== 'closed') return;
    if (!alerts.value.some((alert) => alert.interactionId === interaction.id)) return;
    ended.value = { ...ended.value, [interaction.id]: true };
  }

  function receiveTransfer(transfer: InteractionTransfer): void {
    takenBy.value = { ...takenBy.value, [transfer.interaction.id]: transfer.toAgentName };
  }

  /** Takes the alert's interaction over; true once it is this user's (the screen pop follows on the live connection). */
  async function takeOver(alert: DefectionAlert): Promise<boolean> {
    const { interactionId } = alert;
    const previous = takeOvers.value[interactionId];
    if (previous?.status === 'pending') return false;
    const clientRequestId = previous?.clientRequestId ?? newRequestId();
    takeOvers.value = { ...takeOvers.value, [interactionId]: { status: 'pending', error: null, clientRequestId } };
    const answer = await liveRequest('interaction:transfer', { interactionId, clientRequestId });
    if (answer.ok) {
      const { [interactionId]: _done, ...rest } = takeOvers.value;
      takeOvers.value = rest;
      return true;
    }
    takeOvers.value = { ...takeOvers.value, [interactionId]: { status: 'failed', error: answer.error.message, clientRequestId } };
    return false;
  }

  function $reset(): void {
    alerts.value = [];
    takenBy.value = {};
    takeOvers.value = {};
    ended.value = {};
    unseen.value = 0;
    loadError.value = null;
  }

  return { alerts, takenBy, takeOvers, ended, unseen, loadError, receiveAlert, receiveEnded, receiveTransfer, takeOver, load, view, $reset };
});
