import { parentPort } from 'node:worker_threads';
import type { CompetitorEntry } from '../signals/defection-signals';
import { analyseTurn, type WorkerReply, type WorkerRequest } from './turn-analysis';
import { workerInput } from '../worker-threads';

const { competitors } = workerInput<{ competitors?: CompetitorEntry[] }>();
const port = parentPort!;

// Turns come in batches, and their results go back as one.
port.on('message', (requests: WorkerRequest[]) => {
  const replies = requests.map(({ id, turn }): WorkerReply => {
    try {
      return { id, result: analyseTurn(turn, competitors) };
    } catch (error) {
      return { id, error: error instanceof Error ? error.message : String(error) };
    }
  });
  port.postMessage(replies);
});
