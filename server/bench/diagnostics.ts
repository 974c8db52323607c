import type { Application } from '../app';
import type { Database } from '../db/database';
import { latencyHistogram, recordMs, summarise, type LatencyHistogram, type LatencySummaryMs } from './histogram';

/**
 * `--diagnose`: times the parts of a request inside the Cue process, to say where latency
 * comes from rather than guess. Wraps, from the outside and only in the benchmark's server
 * process: the database's single-writer queue (time waiting for it vs. time holding it), every
 * SQL statement (plain ones through `db.query`, the rest through Sequelize's query hooks), the
 * live-loop entry points the HTTP routes call and the turn analysis they wait for. The wrapping
 * adds a little overhead of its own, so figures from a diagnosed run are for explaining, not
 * for the scoreboard.
 */

export interface Diagnostics {
  writeQueueWaitMs: LatencySummaryMs;
  writeHeldMs: LatencySummaryMs;
  /** Statements by kind ("SELECT interactions", "INSERT utterances", "BEGIN"...): how many, and how long each took from issue to result. */
  statements: Record<string, LatencySummaryMs & { totalMs: number }>;
  /** Live-loop calls from entry to result, as the HTTP routes see them. */
  operations: Record<string, LatencySummaryMs>;
}

export function instrumentCue(db: Database, application: Application): { reset(): void; report(): Diagnostics } {
  let writeQueueWait = latencyHistogram();
  let writeHeld = latencyHistogram();
  let statements = new Map<string, { histogram: LatencyHistogram; totalMs: number }>();
  let operations = new Map<string, LatencyHistogram>();

  const originalWrite = db.write.bind(db);
  db.write = (work) => {
    const queuedAt = performance.now();
    return originalWrite(async (transaction) => {
      const startedAt = performance.now();
      recordMs(writeQueueWait, startedAt - queuedAt);
      try {
        return await work(transaction);
      } finally {
        recordMs(writeHeld, performance.now() - startedAt);
      }
    });
  };

  const record = (sql: string, elapsed: number) => {
    const kind = statementKind(sql);
    const entry = statements.get(kind) ?? { histogram: latencyHistogram(), totalMs: 0 };
    recordMs(entry.histogram, elapsed);
    entry.totalMs += elapsed;
    statements.set(kind, entry);
  };
  // Plain statements (the live loop's) go through db.query, the others through Sequelize.
  const originalQuery = db.query.bind(db);
  db.query = async (sql, bind, transaction) => {
    const startedAt = performance.now();
    try {
      return await originalQuery(sql, bind, transaction);
    } finally {
      record(sql, performance.now() - startedAt);
    }
  };
  const issuedAt = new WeakMap<object, number>();
  db.sequelize.addHook('beforeQuery', (_options: unknown, query: object) => {
    issuedAt.set(query, performance.now());
  });
  db.sequelize.addHook('afterQuery', (_options: unknown, query: object) => {
    const started = issuedAt.get(query);
    if (started === undefined) return;
    // Sequelize's query objects carry the SQL they ran; its type definitions do not say so.
    const sql: unknown = (query as { sql?: unknown }).sql;
    record(typeof sql === 'string' ? sql : '', performance.now() - started);
  });

  const service = application.interactions;
  for (const name of ['startInteraction', 'appendUtterance', 'endInteraction', 'accept', 'wrapUp', 'setAgentStatus'] as const) {
    const original = service[name].bind(service) as (...args: unknown[]) => Promise<unknown>;
    (service as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      const startedAt = performance.now();
      try {
        return await original(...args);
      } finally {
        const histogram = operations.get(name) ?? latencyHistogram();
        recordMs(histogram, performance.now() - startedAt);
        operations.set(name, histogram);
      }
    };
  }

  // The turn analysis (on its worker thread), as the live loop waits for it.
  const { analyser } = (service as unknown as { options: { analyser: { analyse(...args: unknown[]): Promise<unknown> } } }).options;
  const analyse = analyser.analyse.bind(analyser);
  analyser.analyse = async (...args: unknown[]) => {
    const startedAt = performance.now();
    try {
      return await analyse(...args);
    } finally {
      const histogram = operations.get('analyseTurn') ?? latencyHistogram();
      recordMs(histogram, performance.now() - startedAt);
      operations.set('analyseTurn', histogram);
    }
  };

  return {
    reset() {
      writeQueueWait = latencyHistogram();
      writeHeld = latencyHistogram();
      statements = new Map();
      operations = new Map();
    },
    report() {
      return {
        writeQueueWaitMs: summarise(writeQueueWait),
        writeHeldMs: summarise(writeHeld),
        statements: Object.fromEntries(
          [...statements]
            .sort((a, b) => b[1].totalMs - a[1].totalMs)
            .map(([kind, { histogram, totalMs }]) => [kind, { ...summarise(histogram), totalMs: Math.round(totalMs) }]),
        ),
        operations: Object.fromEntries([...operations].map(([name, histogram]) => [name, summarise(histogram)])),
      };
    },
  };
}

/** "SELECT interactions", "INSERT utterances", "BEGIN", "PRAGMA busy_timeout"...: statement and table, no values. */
function statementKind(sql: string): string {
  const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '?';
  if (verb === 'PRAGMA') return `PRAGMA ${/PRAGMA\s+(\w+)/i.exec(sql)?.[1] ?? ''}`.trim();
  const table = /\b(?:FROM|INTO|UPDATE)\s+[`"]?(\w+)[`"]?/i.exec(sql)?.[1];
  return table ? `${verb} ${table}` : verb;
}
