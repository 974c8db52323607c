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
