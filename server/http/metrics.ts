import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { IngestStatus } from '../../shared/ingest';

/** prom-client, the de-facto Prometheus client for Node; one registry per app so tests do not share counters. */
export class Metrics {
  readonly registry = new Registry();

  private readonly httpDuration = new Histogram({
    name: 'cue_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly ingestedEvents = new Counter({
    name: 'cue_ingested_events_total',
    help: 'Timeline events received through the ingestion API, by result',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  /** `processMetrics`: Node's default metrics (CPU, memory, event loop); once per process, so the gateway thread's registry has none. */
  constructor({ processMetrics = true }: { processMetrics?: boolean } = {}) {
    if (processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  countIngested(statuses: IngestStatus[]): void {
    for (const status of statuses) this.ingestedEvents.inc({ status });
  }

  /** Labels by the matched route pattern, not the raw URL, so ids do not explode the series count. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const end = this.httpDuration.startTimer({ method: req.method });
      res.on('finish', () => {
        const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
        end({ route, status: String(res.statusCode) });
      });
      next();
    };
  }
}
