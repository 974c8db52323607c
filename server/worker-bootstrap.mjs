// A worker thread starts on plain Node: register tsx's loader (the main thread has it through
// `tsx server/main.ts`), then load the TypeScript module the worker runs.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
