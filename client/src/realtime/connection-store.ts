import { defineStore } from 'pinia';
import { ref } from 'vue';

export type LiveConnectionStatus = 'offline' | 'connecting' | 'connected' | 'reconnecting';

/** The console's live connection as the agent should see it: connected, or trying to be. */
export const useLiveConnectionStore = defineStore('live-connection', () => {
  const status = ref<LiveConnectionStatus>('offline');
  /** Why the last attempt failed, for the banner; cleared once connected. */
  const problem = ref<string | null>(null);
  let everConnected = false;

  function connecting() {
    status.value = everConnected ? 'reconnecting' : 'connecting';
  }

  function connected() {
    everConnected = true;
    status.value = 'connected';
    problem.value = null;
  }

  function lost(reason: string | null = null) {
    status.value = everConnected ? 'reconnecting' : 'connecting';
    problem.value = reason;
  }

  function closed() {
    everConnected = false;
    status.value = 'offline';
    problem.value = null;
  }

  function $reset() {
    closed();
  }

  return { status, problem, connecting, connected, lost, closed, $reset };
});
