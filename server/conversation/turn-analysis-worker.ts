import { parentPort } from 'node:worker_threads';
import type { CompetitorEntry } from '../signals/defection-signals';
import { analyseTurn, type WorkerReply, type WorkerRequest } from './turn-analysis';
import { workerInput } from '../worker-threads';

const { competitors } = workerInput<{ competitors?: CompetitorEntry[] }>();
const port = parentPort!;

port.on('message', ({ id, turn }: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id, result: analyseTurn(turn, competitors) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
