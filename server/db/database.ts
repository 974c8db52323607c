import { Sequelize, Transaction } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import { defineModels, type Models } from './models';
import * as initial from './migrations/0001-initial';
import * as live from './migrations/0002-live';
import * as signals from './migrations/0003-signals';
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
   */
  write<T>(work: (transaction: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const migrations = [
  { name: '0001-initial', ...initial },
  { name: '0002-live', ...live },
  { name: '0003-signals', ...signals },
];

export async function openDatabase(url: string, logger?: Logger): Promise<Database> {
  const dialect: Dialect = url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  const sequelize =
    dialect === 'sqlite'
      ? new Sequelize({ dialect: 'sqlite', storage: url.slice('sqlite:'.length), logging: false })
      : new Sequelize(url, { dialect: 'postgres', logging: false, pool: { max: 10 } });
  if (dialect === 'sqlite') keepOneWriterConnection(sequelize);
  await sequelize.authenticate();
  if (dialect === 'sqlite') {
    // WAL lets readers go on while the one writer writes; it is a property of the file, so once is enough.
    await sequelize.query('PRAGMA journal_mode = WAL');
    await tuneConnection((sql) => sequelize.query(sql));
  }
  const models = defineModels(sequelize);

  let queue: Promise<unknown> = Promise.resolve();
  const write = <T>(work: (transaction: Transaction) => Promise<T>): Promise<T> => {
    const run = () => writeWithRetry(sequelize, dialect, work, logger);
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  };

  return { sequelize, models, dialect, write, close: () => sequelize.close() };
}

async function writeWithRetry<T>(
  sequelize: Sequelize,
  dialect: Dialect,
  work: (transaction: Transaction) => Promise<T>,
  logger?: Logger,
): Promise<T> {
  // Another process (the import CLI beside the server) may hold SQLite's write lock; this
  // process's writers are already queued, so a short wait and retry is all that is left.
  for (let attempt = 1; ; attempt++) {
    try {
      return await sequelize.transaction(
        { type: dialect === 'sqlite' ? Transaction.TYPES.IMMEDIATE : undefined },
        (transaction) => work(transaction),
      );
    } catch (error) {
      const busy = dialect === 'sqlite' && /SQLITE_BUSY/.test(String(error));
      if (!busy || attempt >= 5) throw error;
      logger?.warn({ attempt }, 'database busy, retrying write');
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
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
interface SqliteHandle {
  open: boolean;
  run(sql: string, callback: (error: Error | null) => void): void;
  close(callback: (error: Error | null) => void): void;
}

const WRITER_KEY = 'cue-writer';

interface SqliteConnectionManager {
  connections: Record<string, SqliteHandle | undefined>;
  getConnection(options?: { uuid?: string }): Promise<SqliteHandle>;
  releaseConnection(connection: SqliteHandle, force?: boolean): void;
  destroyConnection(connection: SqliteHandle): Promise<void>;
}

/**
 * Per-connection settings. synchronous=NORMAL is the setting SQLite recommends with WAL: a
 * commit no longer waits for fsync (the WAL is synced at checkpoints), so an application crash
 * loses nothing and a power cut can only lose the last commits, never corrupt the file. The
 * busy timeout covers another process (the import CLI beside the server) holding the lock.
 */
async function tuneConnection(run: (sql: string) => Promise<unknown>): Promise<void> {
  for (const sql of [
    'PRAGMA busy_timeout = 5000',
    'PRAGMA synchronous = NORMAL',
    'PRAGMA cache_size = -65536',
    'PRAGMA temp_store = MEMORY',
  ]) {
    await run(sql);
  }
}

/**
 * Sequelize's SQLite dialect opens a new connection for every transaction and closes it after
 * (about 2.8 ms each, plus a cold page cache every time). All transactions here go through
 * `write`, which runs them one at a time, so they can all share one long-lived connection:
 * reads outside transactions keep Sequelize's own shared connection, and WAL lets them run
 * beside the writer.
 */
function keepOneWriterConnection(sequelize: Sequelize): void {
  const manager = sequelize.connectionManager as unknown as SqliteConnectionManager;
  const getConnection = manager.getConnection.bind(manager);
  const releaseConnection = manager.releaseConnection.bind(manager);
  const destroyConnection = manager.destroyConnection.bind(manager);
  let writer: Promise<SqliteHandle> | undefined;
  let writerHandle: SqliteHandle | undefined;

  const openWriter = async (): Promise<SqliteHandle> => {
    // Registered under its own key, so sequelize.close() closes it with the others.
    const handle = await getConnection({ uuid: WRITER_KEY });
    await tuneConnection(
      (sql) => new Promise<void>((resolve, reject) => handle.run(sql, (error) => (error ? reject(error) : resolve()))),
    );
    writerHandle = handle;
    return handle;
  };
  manager.getConnection = (options) => {
    // A transaction asks with its own id; everything else shares the 'default' connection.
    if (!options?.uuid || options.uuid === 'default') return getConnection(options);
    if (writerHandle && !writerHandle.open) writer = undefined;
    writer ??= openWriter().catch((error: unknown) => {
      writer = undefined;
      throw error;
    });
    return writer;
  };
  manager.releaseConnection = (connection, force) => {
    if (connection === writerHandle) return;
    releaseConnection(connection, force);
  };
  manager.destroyConnection = async (connection) => {
    // A commit or rollback failed and Sequelize gives up on the connection: open a fresh one next time.
    if (connection === writerHandle) {
      writer = undefined;
      writerHandle = undefined;
      delete manager.connections[WRITER_KEY];
      await new Promise<void>((resolve) => connection.close(() => resolve()));
      return;
    }
    await destroyConnection(connection);
  };
}
