import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { DefectionAlert } from '../../../shared/realtime';

/** How many live moments the desk keeps; older ones are on the customers' timelines. */
const KEEP = 200;

/** Defection moments as they happen, newest first: the retention desk's and supervisors' live feed. */
export const useDefectionAlertsStore = defineStore('defection-alerts', () => {
  const alerts = ref<DefectionAlert[]>([]);

  function receiveAlert(alert: DefectionAlert): void {
    // A recovered connection may replay an alert it already delivered.
    if (alerts.value.some((known) => known.id === alert.id)) return;
    alerts.value = [alert, ...alerts.value].slice(0, KEEP);
  }

  function $reset(): void {
    alerts.value = [];
  }

  return { alerts, receiveAlert, $reset };
});
