import { defineStore, getActivePinia } from 'pinia';
import { computed, ref } from 'vue';
import type { User } from '../../../shared/auth';
import * as api from '../api/console-api';
import { ApiError, asApiError } from '../api/http';
import { resetAllStores } from './reset-stores';

export type SessionStatus = 'unknown' | 'anonymous' | 'authenticated';

export const useSessionStore = defineStore('session', () => {
  const user = ref<User | null>(null);
  const status = ref<SessionStatus>('unknown');
  /** Why the session could not be checked (server unreachable), for the login page to say. */
  const restoreError = ref<ApiError | null>(null);
  const isAuthenticated = computed(() => status.value === 'authenticated');
  // Captured while the store is set up, so ending the session can clear every store of this app.
  const pinia = getActivePinia();

  // Every navigation before the first answer waits on the same request rather than firing its own.
  let restoring: Promise<void> | null = null;

  function restore(): Promise<void> {
    if (status.value !== 'unknown') return Promise.resolve();
    restoring ??= api
      .fetchMe()
      .then(({ user: me }) => signedIn(me))
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) {
          signedOut();
          return;
        }
        // The server is down or broken: status stays unknown so the next navigation asks again,
        // and the login page says what happened instead of a blank screen.
        restoreError.value = asApiError(error);
      })
      .finally(() => {
        restoring = null;
      });
    return restoring;
  }

  async function login(email: string, password: string): Promise<User> {
    const response = await api.login({ email, password });
    signedIn(response.user);
    return response.user;
  }

  async function logout(): Promise<void> {
    try {
      await api.logout();
    } finally {
      endSession();
    }
  }

  /** Signed out here or by the server (a 401): nothing the previous user loaded may stay in memory. */
  function endSession() {
    if (pinia) resetAllStores(pinia);
    else $reset();
  }

  function signedIn(me: User) {
    user.value = me;
    status.value = 'authenticated';
    restoreError.value = null;
  }

  function signedOut() {
    user.value = null;
    status.value = 'anonymous';
  }

  /** Called by endSession with every other store's; the session is then known to be anonymous. */
  function $reset() {
    signedOut();
    restoreError.value = null;
  }

  return { user, status, restoreError, isAuthenticated, restore, login, logout, endSession, $reset };
});
