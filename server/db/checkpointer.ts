import type { Worker } from 'node:worker_threads';
import type { Logger } from '../logger';
import { startWorker } from '../worker-threads';

export interface CheckpointerInput {
  file: string;
  intervalMs: number;
}

/** Often enough that the WAL stays small (a second of the live loop's writes is a few MB at most). */
const CHECKPOINT_INTERVAL_MS = 1_000;

/**
 * Copies SQLite's write-ahead log into the database file from a thread of its own. SQLite does
 * it itself in whichever connection commits past 1,000 pages of log, and with a synchronous
 * driver that connection is on the main thread: a commit now and then took 5–17 ms instead of
 * a tenth of one, and the event loop waited. The connections are told not to (see
 * `wal_autocheckpoint` in database.ts); this thread checkpoints every second, and is started
 * again if it stops, so the log never grows for long.
 */
export function startCheckpointer(file: string, logger?: Logger): { stop(): Promise<void> } {
  let stopping = false;
  let running: { worker: Worker; exited: Promise<void> } | null = null;
  let restart: NodeJS.Timeout | undefined;
  const start = () => {
    if (stopping) return;
    const worker = startWorker(new URL('./checkpointer-worker.ts', import.meta.url), { file, intervalMs: CHECKPOINT_INTERVAL_MS } satisfies CheckpointerInput);
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    running = { worker, exited };
    worker.on('message', (message: { failed?: string }) => {
      if (message.failed) logger?.warn({ reason: message.failed }, 'WAL checkpoint failed; the next one will try again');
    });
    worker.on('error', (error) => logger?.error({ err: error }, 'the WAL checkpointer stopped'));
    void exited.then(() => {
      running = null;
      if (!stopping) restart = setTimeout(start, CHECKPOINT_INTERVAL_MS).unref();
    });
  };
  start();
  return {
    async stop() {
      stopping = true;
      clearTimeout(restart);
      const current = running as { worker: Worker; exited: Promise<void> } | null;
      if (!current) return;
      // Held while it stops: an unref'd worker alone would let a process that only waits for it exit here.
      current.worker.ref();
      current.worker.postMessage('stop');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([current.exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, 2_000)))]);
      clearTimeout(timer);
      await current.worker.terminate();
    },
  };
}
