import { DatabaseError, ForeignKeyConstraintError, QueryTypes, Sequelize, Transaction, UniqueConstraintError, type RetryOptions, type TransactionOptions } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import { defineModels, type Models } from './models';
import sqliteDriver from './sqlite-driver';
import { startCheckpointer } from './checkpointer';
import * as initial from './migrations/0001-initial';
import * as live from './migrations/0002-live';
import * as signals from './migrations/0003-signals';
import * as nba from './migrations/0005-nba';
import * as callsEnded from './migrations/0006-calls-ended';
import type { Logger } from '../logger';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  sequelize: Sequelize;
  models: Models;
  dialect: Dialect;
  /**
   * Runs `work` in a transaction, one at a time per process. SQLite allows a single writer;
   * queueing writers here (instead of letting them race for the file lock) is what keeps
   * concurrent requests from failing with SQLITE_BUSY. On PostgreSQL it keeps ingestion
   * batches of this process from deadlocking on each other's identity rows.
   *
   * Writes that queue up while one runs are committed together, in one transaction, in the
   * order they were asked for (group commit); each caller still hears back only after the
   * commit that holds its write. `work` may therefore run more than once (after a rollback of
   * its group, or a busy file): it must read what it needs through `transaction` and must not
   * depend on in-memory state changed by an earlier run (a model instance's change tracking,
   * say: use the static `Model.update` there).
   */
  write<T>(work: (transaction: Transaction) => Promise<T>): Promise<T>;
  /**
   * One plain statement with `$1`-style parameters: its rows (a SELECT, or a write with
   * RETURNING), or none. Inside `write`, pass its transaction. What the live loop runs at every
   * step goes through here rather than through `sequelize.query`: on SQLite the statement runs
   * at once on the connection it belongs to, without Sequelize's per-statement work (building
   * the bind object, a stack trace, a turn of the event loop for the answer), which cost several
   * times the statement itself. Failures are Sequelize's errors either way (a duplicate key is a
   * UniqueConstraintError).
   */
  query<T extends object>(sql: string, bind: readonly unknown[], transaction?: Transaction): Promise<T[]>;
  close(): Promise<void>;
}

const migrations = [
  { name: '0001-initial', ...initial },
  { name: '0002-live', ...live },
  { name: '0003-signals', ...signals },
  { name: '0005-nba', ...nba },
  { name: '0006-calls-ended', ...callsEnded },
];

export async function openDatabase(url: string, logger?: Logger): Promise<Database> {
  const dialect: Dialect = url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  const sequelize =
    dialect === 'sqlite'
      ? new Sequelize({ dialect: 'sqlite', dialectModule: sqliteDriver, storage: url.slice('sqlite:'.length), logging: false })
      : new Sequelize(url, { dialect: 'postgres', logging: false, pool: { max: 10 } });
  let query: Database['query'] = (sql, bind, transaction) => sequelize.query(sql, { bind: [...bind], transaction, type: QueryTypes.SELECT });
  if (dialect === 'sqlite') {
    const connectionFor = routeSqliteConnections(sequelize);
    formatQueryStacksOnlyOnError(sequelize);
    query = async <T extends object>(sql: string, bind: readonly unknown[], transaction?: Transaction) => {
      const handle = await connectionFor(transaction);
      try {
        return handle.query(sql, bind) as T[];
      } catch (error) {
        throw asSequelizeError(error, sql);
      }
    };
  }
  await sequelize.authenticate();
  let checkpointer: { stop(): Promise<void> } | undefined;
  if (dialect === 'sqlite') {
    // WAL lets readers go on while the one writer writes; it is a property of the file, so once is enough.
    await sequelize.query('PRAGMA journal_mode = WAL');
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') checkpointer = startCheckpointer(file, logger);
  }
  const models = defineModels(sequelize);

  const write = groupCommitter((work) => writeWithRetry(sequelize, dialect, work, logger));
  const close = async () => {
    await checkpointer?.stop();
    await sequelize.close();
  };
  return { sequelize, models, dialect, write, query, close };
}

interface QueuedWrite {
  work: (transaction: Transaction) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** At most this many writes share a transaction, so the first of a long queue is not held back for long. */
const MAX_GROUP = 64;

/**
 * Runs writes one at a time through `run` (one transaction each), but hands every write queued
 * meanwhile to a single transaction: BEGIN and COMMIT (and, with synchronous commits, the
 * fsync) are paid once per group instead of once per write, which is what lets the live loop's
 * many small writes keep up. If anything in a group fails, the group is rolled back and each of
 * its writes is run again in a transaction of its own, so one bad write never takes others down.
 */
function groupCommitter(run: <T>(work: (transaction: Transaction) => Promise<T>) => Promise<T>) {
  const queue: QueuedWrite[] = [];
  let draining = false;

  const runAlone = async (write: QueuedWrite) => {
    try {
      write.resolve(await run(write.work));
    } catch (error) {
      write.reject(error);
    }
  };
  const drain = async () => {
    draining = true;
    while (queue.length > 0) {
      // One group per turn of the event loop: requests and pushes take their turn in between,
      // and the writes they ask for meanwhile are the next group, with one commit for all.
      await new Promise((resolve) => setImmediate(resolve));
      let group: QueuedWrite[] | undefined;
      let results: unknown[];
      try {
        results = await run(async (transaction) => {
          // Taken once BEGIN has run: a write that came meanwhile is in this group, not the next.
          group ??= queue.splice(0, MAX_GROUP);
          const done: unknown[] = [];
          for (const write of group) done.push(await write.work(transaction));
          return done;
        });
      } catch (error) {
        // BEGIN itself failed (writeWithRetry gave up): the first write waiting answers for it.
        if (!group) queue.shift()?.reject(error);
        else if (group.length === 1) group[0]!.reject(error);
        else for (const write of group) await runAlone(write);
        continue;
      }
      group!.forEach((write, i) => write.resolve(results[i]));
    }
    draining = false;
  };

  return <T>(work: (transaction: Transaction) => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!draining) void drain();
    });
}

/**
 * Waits of 1, 2, 3 … ms between tries: a hold of the lock for a few milliseconds (the
 * checkpointer's RESTART, should it ever need one) is waited out within a few milliseconds of
 * its end, and after 155 tries (about 12 s) another process that still holds the lock has made
 * the write fail.
 */
const BUSY_ATTEMPTS = 155;
/** Waited 300 ms by then: another process (the import CLI), worth a warning. */
const BUSY_WARN_FROM_ATTEMPT = 25;

/**
 * The writer's transactions: BEGIN IMMEDIATE, and a busy BEGIN left to writeWithRetry. Sequelize
 * retries SQLITE_BUSY itself by default, after 100 ms and then longer, before writeWithRetry ever
 * sees it: every write that met the checkpointer's hold of the lock (a RESTART each second then)
 * waited 100 ms instead of the 5–25 ms the hold lasted (measured: every write queued meanwhile
 * too, so screen pops of 30–100 ms in bursts). Sequelize passes a transaction's options on to
 * its BEGIN statement's query options, where `retry` is read; its TransactionOptions type does
 * not name it.
 */
const SQLITE_WRITER_TRANSACTION: TransactionOptions & { retry: RetryOptions } = { type: Transaction.TYPES.IMMEDIATE, retry: { max: 1 } };

async function writeWithRetry<T>(
  sequelize: Sequelize,
  dialect: Dialect,
  work: (transaction: Transaction) => Promise<T>,
  logger?: Logger,
): Promise<T> {
  // Another process (the import CLI beside the server) may hold SQLite's write lock, and so may
  // the checkpointer thread for a moment should it ever need a RESTART; this process's writers
  // are already queued, so a wait and retry is all that is left.
  for (let attempt = 1; ; attempt++) {
    try {
      return await sequelize.transaction(dialect === 'sqlite' ? SQLITE_WRITER_TRANSACTION : {}, (transaction) => work(transaction));
    } catch (error) {
      const busy = dialect === 'sqlite' && /SQLITE_BUSY/.test(String(error));
      if (!busy || attempt >= BUSY_ATTEMPTS) throw error;
      if (attempt >= BUSY_WARN_FROM_ATTEMPT) logger?.warn({ attempt }, 'database busy, retrying write');
      await new Promise((resolve) => setTimeout(resolve, attempt));
    }
  }
}

export async function migrate(db: Database): Promise<void> {
  const umzug = new Umzug({
    migrations,
    context: db.sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize: db.sequelize, tableName: 'cue_migrations' }),
    logger: undefined,
  });
  await umzug.up();
}

/** sqlite3's Database handle, as far as it is used here. */
type SqliteCallback = (this: unknown, error: Error | null, rows?: unknown) => void;
interface SqliteHandle {
  open: boolean;
  run(sql: string, ...rest: unknown[]): unknown;
  all(sql: string, ...rest: unknown[]): unknown;
  exec(sql: string, ...rest: unknown[]): unknown;
  query(sql: string, parameters: readonly unknown[]): unknown[];
  answersAtOnce: boolean;
  close(callback: (error: Error | null) => void): void;
}

interface SqliteConnectionManager {
  connections: Record<string, SqliteHandle | undefined>;
  getConnection(options?: { uuid?: string }): Promise<SqliteHandle>;
  releaseConnection(connection: SqliteHandle, force?: boolean): void;
  destroyConnection(connection: SqliteHandle): Promise<void>;
}

const WRITER_KEY = 'cue-writer';
/** Connections for statements outside transactions. Two: one per core of the machines this runs on; more only queue on the same cores. */
const READERS = 2;

/**
 * Per-connection settings. synchronous=NORMAL is the setting SQLite recommends with WAL: a
 * commit no longer waits for fsync (the WAL is synced at checkpoints), so an application crash
 * loses nothing and a power cut can only lose the last commits, never corrupt the file. The
 * driver is synchronous, so SQLite's own busy wait holds the event loop: it is kept short.
 */
const CONNECTION_PRAGMAS = ['PRAGMA busy_timeout = 20', 'PRAGMA wal_autocheckpoint = 0', 'PRAGMA synchronous = NORMAL', 'PRAGMA cache_size = -65536', 'PRAGMA temp_store = MEMORY'];
/**
 * The writer does not wait at all: a BEGIN waiting out another connection's hold of the lock in
 * SQLite's busy handler holds the whole event loop with it (measured when the checkpointer's
 * RESTART held the lock 5–25 ms every second). It fails at once instead, and `writeWithRetry`
 * tries again a few milliseconds later while requests and pushes go on.
 */
const WRITER_PRAGMAS = ['PRAGMA busy_timeout = 0'];

/**
 * How this process talks to its SQLite file. Sequelize's SQLite dialect opens a new connection
 * for every transaction and closes it after (about 2.8 ms each, and a cold page cache every
 * time), and sends every other statement down one shared connection, where they queue behind
 * each other. Here all transactions share one long-lived writer connection (they go through
 * `write`, which runs them one at a time), and other statements are spread over a few reader
 * connections that WAL lets run beside the writer.
 */
function routeSqliteConnections(sequelize: Sequelize): (transaction?: Transaction) => Promise<SqliteHandle> {
  const manager = sequelize.connectionManager as unknown as SqliteConnectionManager;
  const getConnection = manager.getConnection.bind(manager);
  const releaseConnection = manager.releaseConnection.bind(manager);
  const destroyConnection = manager.destroyConnection.bind(manager);
  const columnTypes = new Map<string, unknown>();
  const opened = new Map<string, Promise<SqliteHandle>>();
  let nextReader = 0;

  // Registered under keys of their own in Sequelize's table, so sequelize.close() closes them with the others.
  const connection = (key: string): Promise<SqliteHandle> => {
    const known = opened.get(key);
    if (known && manager.connections[key]?.open !== false) return known;
    const opening = (async () => {
      const handle = await getConnection({ uuid: key });
      if (key === WRITER_KEY) handle.answersAtOnce = true;
      for (const sql of [...CONNECTION_PRAGMAS, ...(key === WRITER_KEY ? WRITER_PRAGMAS : [])]) {
        await new Promise<void>((resolve, reject) => handle.run(sql, (error: Error | null) => (error ? reject(error) : resolve())));
      }
      rememberColumnTypes(handle, columnTypes);
      return handle;
    })();
    opened.set(key, opening);
    opening.catch(() => opened.delete(key));
    return opening;
  };
  const isWriter = (handle: SqliteHandle) => manager.connections[WRITER_KEY] === handle;

  const reader = () => {
    nextReader = (nextReader + 1) % READERS;
    return connection(`cue-reader-${nextReader}`);
  };

  manager.getConnection = (options) => {
    // A transaction asks with its own id; everything else asks for 'default' or nothing.
    if (options?.uuid && options.uuid !== 'default') return connection(WRITER_KEY);
    return reader();
  };
  manager.releaseConnection = (handle, force) => {
    if (isWriter(handle)) return;
    releaseConnection(handle, force);
  };
  manager.destroyConnection = async (handle) => {
    // A commit or rollback failed and Sequelize gives up on the connection: open a fresh one next time.
    if (isWriter(handle)) {
      opened.delete(WRITER_KEY);
      delete manager.connections[WRITER_KEY];
      await new Promise<void>((resolve) => handle.close(() => resolve()));
      return;
    }
    await destroyConnection(handle);
  };
  // Every transaction runs on the writer (see `write`): a statement of one belongs there.
  return (transaction) => (transaction ? connection(WRITER_KEY) : reader());
}

/** A failure of a plain statement, as Sequelize would have reported it. */
function asSequelizeError(error: unknown, sql: string): Error {
  const failure = Object.assign(error instanceof Error ? error : new Error(String(error)), { sql });
  if (/^SQLITE_CONSTRAINT: (UNIQUE|PRIMARY KEY)/.test(failure.message)) return new UniqueConstraintError({ parent: failure, message: failure.message });
  if (/^SQLITE_CONSTRAINT: FOREIGN KEY/.test(failure.message)) return new ForeignKeyConstraintError({ parent: failure });
  return new DatabaseError(failure);
}

/**
 * Before every SELECT, Sequelize's SQLite dialect asks `PRAGMA table_info` of the table to know
 * how to parse its columns: one extra statement per read. The answer only changes with the
 * schema, so it is kept until a statement changes the schema.
 */
function rememberColumnTypes(handle: SqliteHandle, cache: Map<string, unknown>): void {
  const forgetOnSchemaChange = (method: 'run' | 'exec') => {
    const original = handle[method].bind(handle);
    handle[method] = (sql: string, ...rest: unknown[]) => {
      if (/^\s*(CREATE|ALTER|DROP)\b/i.test(sql)) cache.clear();
      return original(sql, ...rest);
    };
  };
  forgetOnSchemaChange('run');
  forgetOnSchemaChange('exec');
  const all = handle.all.bind(handle);
  handle.all = (sql: string, ...rest: unknown[]) => {
    if (/^\s*(CREATE|ALTER|DROP)\b/i.test(sql)) cache.clear();
    const callback = rest.at(-1);
    if (!sql.startsWith('PRAGMA table_info(') || typeof callback !== 'function') return all(sql, ...rest);
    const known = cache.get(sql);
    if (known) {
      process.nextTick(() => (callback as SqliteCallback).call(handle, null, known));
      return handle;
    }
    return all(sql, ...rest.slice(0, -1), function (this: unknown, error: Error | null, rows?: unknown) {
      if (!error) cache.set(sql, rows);
      (callback as SqliteCallback).call(this, error, rows);
    });
  };
}

type QueryRun = (this: unknown, sql: string, parameters?: unknown) => Promise<unknown>;
const patchedQueryClasses = new WeakSet<object>();

/**
 * Sequelize's SQLite dialect reads `new Error().stack` on every statement, to hand it over in
 * case the statement fails. Formatting a stack is costly (about 30 µs under tsx, which maps
 * every frame through source maps), and it was paid thousands of times a second for errors
 * that almost never happen. Here the dialect's own stack is left empty and the caller's stack
 * is captured unformatted instead, then formatted onto the error only when one happens.
 */
function formatQueryStacksOnlyOnError(sequelize: Sequelize): void {
  const prototype = (sequelize as unknown as { dialect: { Query: { prototype: { run: QueryRun } } } }).dialect.Query.prototype;
  if (patchedQueryClasses.has(prototype)) return;
  patchedQueryClasses.add(prototype);
  const run = prototype.run;
  prototype.run = function runWithLazyStack(sql, parameters) {
    const caller: { stack?: string } = {};
    Error.captureStackTrace(caller, runWithLazyStack);
    const limit = Error.stackTraceLimit;
    // The dialect creates its Error synchronously, before its first await.
    Error.stackTraceLimit = 0;
    let pending: Promise<unknown>;
    try {
      pending = run.call(this, sql, parameters);
    } finally {
      Error.stackTraceLimit = limit;
    }
    return pending.catch((error: unknown) => {
      if (error instanceof Error) error.stack = `${error.name}: ${error.message}\n${(caller.stack ?? '').split('\n').slice(1).join('\n')}`;
      throw error;
    });
  };
}
