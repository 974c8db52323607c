import { parentPort } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { workerInput } from '../worker-threads';
import type { CheckpointerInput } from './checkpointer';

const { file, intervalMs } = workerInput<CheckpointerInput>();
const db = new BetterSqlite3(file);
// Nothing else runs on this thread: it may wait for a lock.
db.pragma('busy_timeout = 1000');

const timer = setInterval(() => {
  try {
    // PASSIVE copies what it can without waiting on the writer or on readers: the bulk of it.
    db.pragma('wal_checkpoint(PASSIVE)');
    // Under steady writes a passive checkpoint never catches up with the log, and the log only
    // starts over from its beginning once one has: it grew without end (390 MB in 45 s at 50
    // calls a second), and every read searched a longer index of it. RESTART copies the little
    // written since, holding off writers meanwhile, and makes the next writer start the log over.
    db.pragma('wal_checkpoint(RESTART)');
  } catch (error) {
    parentPort?.postMessage({ failed: error instanceof Error ? error.message : String(error) });
  }
}, intervalMs);

parentPort?.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
