import { Worker, workerData } from 'node:worker_threads';

/**
 * A worker thread running a TypeScript module of this project (`module`: its URL, from
 * `new URL('./x.ts', import.meta.url)`), with `data` for it to read through `workerInput()`.
 * Not what keeps the process alive: the server's HTTP listener or the CLI's work does that.
 */
export function startWorker(module: URL, data: unknown): Worker {
  const worker = new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), { workerData: { module: module.href, data } });
  worker.unref();
  return worker;
}

/** Inside a worker started by `startWorker`: the data it was given. */
export const workerInput = <T>(): T => (workerData as { data: T }).data;

/**
 * Sends messages to another thread in batches: the messages of one turn of the event loop go
 * as one `postMessage`, sent once the turn's I/O has been handled (setImmediate). A message
 * between threads costs about 50 µs of the sender's time under load (measured at 50 calls a
 * second: 1,000 a second each way cost 7.7% of the main thread's busy time), most of it the
 * wake-up of the receiving thread, and the messages of a turn often come together: a group
 * commit answers many transcript turns at once.
 */
export function batchedPost<T>(post: (batch: T[]) => void, schedule: (flush: () => void) => void = setImmediate): (message: T) => void {
  let queued: T[] = [];
  const flush = () => {
    const batch = queued;
    queued = [];
    post(batch);
  };
  return (message) => {
    if (queued.length === 0) schedule(flush);
    queued.push(message);
  };
}

/** Requests sent to another thread, each waiting under its id for the reply that settles it. */
export class AwaitedReplies<T> {
  private readonly waiting = new Map<number, { resolve: (value: T) => void; reject: (error: Error) => void }>();
  private nextId = 1;

  /** A new request: the id to send it with, and the promise its reply settles. */
  open(): { id: number; reply: Promise<T> } {
    const id = this.nextId++;
    const reply = new Promise<T>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    return { id, reply };
  }

  /** Settles request `id`; a reply to a request no longer waiting (rejected with the rest) is dropped. */
  settle(id: number, outcome: { value: T } | { error: Error }): void {
    const waiting = this.waiting.get(id);
    this.waiting.delete(id);
    if (!waiting) return;
    if ('value' in outcome) waiting.resolve(outcome.value);
    else waiting.reject(outcome.error);
  }

  rejectAll(error: Error): void {
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}
