// A worker thread starts on plain Node: register tsx's loader (the main thread has it through
// `tsx server/main.ts`), then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./turn-analysis-worker.ts');
