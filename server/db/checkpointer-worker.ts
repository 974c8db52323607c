import { parentPort } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { workerInput } from '../worker-threads';
import type { CheckpointerInput } from './checkpointer';

const { file, intervalMs } = workerInput<CheckpointerInput>();
const db = new BetterSqlite3(file);
// Nothing else runs on this thread: it may wait for a lock.
db.pragma('busy_timeout = 1000');

/**
 * Passive passes one after another, each copying what the writer added during the one before,
 * until a pass finds nothing new: 3–8 passes (12–47 ms) a second at 50 calls a second.
 */
const MAX_PASSES = 20;
/**
 * The log is started over only by a write that begins while every frame of it has been copied.
 * Should the passes never catch up with the writer (a heavier load than the 50 calls a second
 * measured), a blocking RESTART starts it over once it passes this many frames (about 256 MB of
 * 4 KB pages): reads search a longer log for every page they read.
 */
const RESTART_FROM_FRAMES = 65_536;

/** Of what a checkpoint answers, the frames in the log as it found them. */
const checkpoint = (mode: 'PASSIVE' | 'RESTART') => (db.pragma(`wal_checkpoint(${mode})`) as { log: number }[])[0]!;

const timer = setInterval(() => {
  try {
    // PASSIVE never holds off the writer. A RESTART each second did, for 5–26 ms (measured under
    // the benchmark): every write queued meanwhile waited with it, once a second (with it gone,
    // the median second's screen-pop p99 went from 33 to 21 ms). A pass copies the log up to where
    // it found it and the writer appends meanwhile; the next pass copies that, shorter each time.
    // Once a pass finds the log as the previous one left it, the whole log is in the database
    // file, and the writer's next transaction starts the log over from its beginning by itself.
    let previous = -1;
    let pass = checkpoint('PASSIVE');
    for (let passes = 1; pass.log !== previous && passes < MAX_PASSES; passes++) {
      previous = pass.log;
      pass = checkpoint('PASSIVE');
    }
    if (pass.log >= RESTART_FROM_FRAMES) checkpoint('RESTART');
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
