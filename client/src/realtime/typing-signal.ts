export interface TypingSignalOptions {
  /** Quiet this long after the last keystroke and the other side is told typing stopped. */
  idleMs?: number;
  /**
   * While typing goes on, "typing" is said again this often, so the other side can expire an
   * indicator whose sender vanished (closed tab, lost network) without ever saying "stopped".
   */
  repeatMs?: number;
}

export interface TypingSignal {
  /** Call on every edit of the draft; `hasText` false (draft emptied) counts as stopping. */
  input(hasText: boolean): void;
  /** The message was sent or the composer closed. */
  stop(): void;
}

/** Turns keystrokes into few typing events: one on the first key, a reminder now and then, one when it stops. */
export function createTypingSignal(send: (typing: boolean) => void, { idleMs = 3000, repeatMs = 4000 }: TypingSignalOptions = {}): TypingSignal {
  let typing = false;
  let lastSentAt = 0;
  let idleTimer: ReturnType<typeof setTimeout> | null = null;

  function stop() {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    if (!typing) return;
    typing = false;
    send(false);
  }

  function input(hasText: boolean) {
    if (!hasText) return stop();
    const now = Date.now();
    if (!typing || now - lastSentAt >= repeatMs) {
      typing = true;
      lastSentAt = now;
      send(true);
    }
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(stop, idleMs);
  }

  return { input, stop };
}

/** How long a "typing" indicator stays up without a fresh signal (a few of the sender's reminders). */
export const TYPING_EXPIRES_MS = 10_000;
