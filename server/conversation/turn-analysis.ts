import type { Worker } from 'node:worker_threads';
import type { LiveSignal, Sentiment, Speaker } from '../../shared/interactions';
import { detectDefectionSignals, type CompetitorEntry } from '../signals/defection-signals';
import { redactSensitive } from './redact';
import { scoreSentiment } from './sentiment';
import { AwaitedReplies, batchedPost, startWorker } from '../worker-threads';

export interface TurnToAnalyse {
  text: string;
  speaker: Speaker;
  /** The turn before, as stored: "737" is a security code only after "the three digits on the back?". */
  previousTurn: string | undefined;
  /** The customer's earlier scores in this conversation, oldest first: a slide is read from them. */
  earlierSentiment: number[];
}

export interface AnalysedTurn {
  /** Redacted: what may be stored, sent and logged. */
  text: string;
  sentiment: Sentiment | null;
  signals: LiveSignal[];
}

/** What a transcript turn says, worked out once: redacted first, then scored and read for defection signals (customer turns only). */
export function analyseTurn(turn: TurnToAnalyse, competitors?: readonly CompetitorEntry[]): AnalysedTurn {
  const { text } = redactSensitive(turn.text, { previousTurn: turn.previousTurn });
  if (turn.speaker !== 'customer') return { text, sentiment: null, signals: [] };
  const { score, label } = scoreSentiment(text);
  const signals = detectDefectionSignals(text, { recentSentiment: [...turn.earlierSentiment, score], competitors }).map((signal) => ({
    code: signal.code,
    text: signal.text,
    weight: signal.weight,
    conditional: signal.conditional,
    words: signal.trigger.words,
    start: signal.trigger.start,
    end: signal.trigger.end,
  }));
  return { text, sentiment: { score, label }, signals };
}

export interface TurnAnalyser {
  analyse(turn: TurnToAnalyse): Promise<AnalysedTurn>;
  close(): Promise<void>;
}

export function inProcessAnalyser(competitors?: readonly CompetitorEntry[]): TurnAnalyser {
  return { analyse: async (turn) => analyseTurn(turn, competitors), close: async () => undefined };
}

export interface WorkerRequest {
  id: number;
  turn: TurnToAnalyse;
}

export type WorkerReply = { id: number; result: AnalysedTurn } | { id: number; error: string };

/** Above this share of the main thread busy (over about the last second), turns go to the worker. */
const WORKER_ABOVE_BUSY_SHARE = 0.5;
const BUSY_SHARE_WINDOW_MS = 1_000;

/** The main thread's busy share over about the last second, from Node's event-loop utilisation. */
export function mainThreadBusyShare(): () => number {
  let last = performance.eventLoopUtilization();
  let sampledAt = performance.now();
  // Until the first window has passed, taken as busy: a server starting under load sends turns on.
  let share = 1;
  return () => {
    const now = performance.now();
    if (now - sampledAt >= BUSY_SHARE_WINDOW_MS) {
      const current = performance.eventLoopUtilization();
      share = performance.eventLoopUtilization(current, last).utilization;
      last = current;
      sampledAt = now;
    }
    return share;
  };
}

/**
 * The analysis on a worker thread while the main thread is busy. Redaction, sentiment and the
 * NLP behind the defection signals are a fifth of the live loop's CPU at a few hundred turns a
 * second, all of it on the thread that also answers HTTP and pushes to sockets; on the worker it
 * runs on another core, and a long turn never holds up a push. On a quiet server the trip costs
 * more than the work, because it wakes a sleeping thread twice (measured at 10 calls a second:
 * a round trip of 7.0 ms p50 for an analysis of 0.19 ms), so while the main thread is busy half
 * the time or less a turn is analysed in place. A worker that dies fails the turns it held (the
 * platform retries them) and a new one starts with the next turn sent to it.
 */
export class WorkerAnalyser implements TurnAnalyser {
  /** The running worker and the turns it holds; a new worker starts with a map of its own. */
  private current: { worker: Worker; send: (request: WorkerRequest) => void; replies: AwaitedReplies<AnalysedTurn> } | null = null;
  private closed = false;

  constructor(
    private readonly competitors?: readonly CompetitorEntry[],
    private readonly busyShare: () => number = mainThreadBusyShare(),
  ) {
    // Started now, not at the first turn: loading the NLP model takes the worker about half a second.
    this.spawn();
  }

  analyse(turn: TurnToAnalyse): Promise<AnalysedTurn> {
    if (this.closed) return Promise.reject(new Error('the turn analyser is closed'));
    if (this.busyShare() <= WORKER_ABOVE_BUSY_SHARE) {
      try {
        return Promise.resolve(analyseTurn(turn, this.competitors));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    const { send, replies } = this.current ?? this.spawn();
    const { id, reply } = replies.open();
    send({ id, turn });
    return reply;
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.current?.worker;
    this.current = null;
    await worker?.terminate();
  }

  private spawn() {
    const worker = startWorker(new URL('./turn-analysis-worker.ts', import.meta.url), { competitors: this.competitors });
    const current = {
      worker,
      // Sent once the microtasks queued so far have run: the turns of one batch of calls from the
      // integration API reach here together, and a turn waits for no I/O to be handled first.
      send: batchedPost<WorkerRequest>((requests) => worker.postMessage(requests), queueMicrotask),
      replies: new AwaitedReplies<AnalysedTurn>(),
    };
    worker.on('message', (replies: WorkerReply[]) => {
      for (const reply of replies) {
        current.replies.settle(reply.id, 'result' in reply ? { value: reply.result } : { error: new Error(`turn analysis failed: ${reply.error}`) });
      }
    });
    const failAll = (error: Error) => {
      if (this.current === current) this.current = null;
      current.replies.rejectAll(error);
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`the turn analysis worker exited with code ${code}`)));
    this.current = current;
    return current;
  }
}
