import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { DefectionAlert } from '../../../shared/realtime';
import type { InteractionTransfer } from '../../../shared/retention';
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

  function receiveAlert(alert: DefectionAlert): void {
    // A recovered connection may replay an alert it already delivered.
    if (alerts.value.some((known) => known.id === alert.id)) return;
    alerts.value = [alert, ...alerts.value].slice(0, KEEP);
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
  }

  return { alerts, takenBy, takeOvers, receiveAlert, receiveTransfer, takeOver, $reset };
});
