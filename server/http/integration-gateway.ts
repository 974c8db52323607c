import type { Worker } from 'node:worker_threads';
import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { startWorker } from '../worker-threads';
import type { Database } from '../db/database';
import type { InteractionService } from '../interactions/interactions';
import { storedEvent, storeValidatedEvents } from '../timeline/ingest';
import type { TimelineEvent } from '../../shared/timeline';
import { callAnswerer, type CallMessage, type IntegrationCalls, type ReplyMessage } from './integration-calls';

export type GatewayMetrics = MetricObjectWithValues<MetricValue<string>>[];

/** Main thread → gateway thread. */
export type ToGateway = { kind: 'replies'; replies: ReplyMessage[] } | { kind: 'listen' } | { kind: 'metrics'; id: number };
/** Gateway thread → main thread. */
export type FromGateway =
  | { kind: 'calls'; calls: CallMessage[] }
  | { kind: 'loaded' }
  | { kind: 'listening'; port: number }
  | { kind: 'failed'; message: string }
  | { kind: 'metrics'; id: number; values: GatewayMetrics };

/** The domain behind the calls, on the main thread. */
export function domainCalls(db: Database, interactions: InteractionService, pushEvent: (event: TimelineEvent) => void): IntegrationCalls {
  return {
    async storeEvents(batch) {
      const results = await storeValidatedEvents(db, batch);
      for (const { index, event } of batch.valid) {
        const stored = storedEvent(event, results[index]);
        if (stored) pushEvent(stored);
      }
      return results;
    },
    async startInteraction(input) {
      const { interaction, created } = await interactions.startInteraction(input);
      return { interactionId: interaction.id, customerId: interaction.customerId, created };
    },
    async appendUtterance(interactionId, input) {
      const { utterance, duplicate } = await interactions.appendUtterance(interactionId, input);
      return { seq: utterance.seq, duplicate };
    },
    endInteraction: (interactionId) => interactions.endInteraction(interactionId),
  };
}

/** A gateway thread that died is started again after this long, on the port it had. */
const RESTART_DELAY_MS = 1_000;

/**
 * The integration API on a thread and a port of its own. At 50 calls a second the telephony
 * platform's calls are 550 requests a second; reading, verifying, parsing and validating them
 * was about a quarter of the main thread's busy time, the thread that also pushes every screen
 * pop and transcript turn to the agents' sockets. Here that work runs on another core, and a
 * batch of 1,000 events is parsed and validated without holding up a single push. Only the
 * validated call crosses to the main thread (`IntegrationCalls`), and its answer comes back.
 * A separate port also lets a deployment keep machine-to-machine traffic off the network the
 * agents' browsers reach.
 */
export class IntegrationGateway {
  private worker!: Worker;
  /** Settle when the current thread has loaded its modules, and when it listens, or cannot. */
  private loadedThread!: Promise<void>;
  private started!: Promise<void>;
  private calls: IntegrationCalls | undefined;
  private listening = false;
  private closed = false;
  private nextMetricsId = 1;
  private readonly metricsWaiting = new Map<number, (values: GatewayMetrics) => void>();

  /** The port it listens on; the configured one until the first start has bound it (0: any free port). */
  port: number;

  /**
   * Starts the thread, which loads its modules (most of a second) while the rest of the
   * application starts (`loaded`); it listens once `listen` hands it the domain.
   */
  constructor(
    private readonly config: Config,
    private readonly logger: Logger,
  ) {
    this.port = config.integrationPort;
    this.spawn();
  }

  /** Resolves once the thread is ready to listen: what is left for `listen` is binding the port. */
  get loaded(): Promise<void> {
    return this.loadedThread;
  }

  /** Resolves once the gateway listens; rejects when it cannot (the port is taken, say). */
  listen(calls: IntegrationCalls): Promise<void> {
    this.calls = calls;
    this.worker.postMessage({ kind: 'listen' } satisfies ToGateway);
    return this.started;
  }

  /** Whether the integration API is answering: for /readyz. */
  get up(): boolean {
    return this.listening;
  }

  /** The gateway thread's metrics (its HTTP requests), for the main thread's /metrics; none while it is down. */
  metrics(): Promise<GatewayMetrics> {
    if (!this.listening) return Promise.resolve([]);
    const id = this.nextMetricsId++;
    return new Promise((resolve) => {
      this.metricsWaiting.set(id, resolve);
      this.worker.postMessage({ kind: 'metrics', id } satisfies ToGateway);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker.terminate();
  }

  private spawn(): void {
    const worker = startWorker(new URL('./integration-gateway-worker.ts', import.meta.url), { config: { ...this.config, integrationPort: this.port } });
    this.worker = worker;
    let answer: ((calls: CallMessage[]) => void) | undefined;
    let loaded: () => void;
    this.loadedThread = new Promise((resolve) => (loaded = resolve));
    this.started = new Promise((resolve, reject) => {
      worker.on('message', (message: FromGateway) => {
        if (message.kind === 'calls') {
          answer ??= callAnswerer(this.calls!, worker, (error) => this.logger.error({ err: error }, 'integration call failed'));
          answer(message.calls);
        } else if (message.kind === 'loaded') {
          loaded();
        } else if (message.kind === 'listening') {
          this.port = message.port;
          this.listening = true;
          resolve();
        } else if (message.kind === 'failed') {
          reject(new Error(`the integration API cannot listen on ${this.config.integrationHost}:${this.port}: ${message.message}`));
          void worker.terminate();
        } else {
          this.metricsWaiting.get(message.id)?.(message.values);
          this.metricsWaiting.delete(message.id);
        }
      });
      worker.on('error', (error) => {
        this.logger.error({ err: error }, 'the integration API thread failed');
        reject(error);
      });
      worker.on('exit', (code) => {
        const wasListening = this.listening;
        this.listening = false;
        for (const waiting of this.metricsWaiting.values()) waiting([]);
        this.metricsWaiting.clear();
        reject(new Error(`the integration API thread exited with code ${code}`));
        if (this.closed || !wasListening) return;
        this.logger.error({ code }, 'the integration API thread stopped; starting it again');
        setTimeout(() => {
          if (this.closed) return;
          this.spawn();
          this.listen(this.calls!).catch((error: unknown) => this.logger.error({ err: error }, 'the integration API could not start again'));
        }, RESTART_DELAY_MS).unref();
      });
    });
    // Awaited by `listen`; a thread that fails while loading must not be an unhandled rejection
    // before then, nor leave `loaded` waiting: `listen` reports the failure.
    this.started.catch(() => loaded());
  }
}
