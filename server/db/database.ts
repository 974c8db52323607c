import { Sequelize, Transaction } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import { defineModels, type Models } from './models';
import * as initial from './migrations/0001-initial';
import * as live from './migrations/0002-live';
import * as signals from './migrations/0003-signals';
import * as nba from './migrations/0005-nba';
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
  { name: '0005-nba', ...nba },
];

export async function openDatabase(url: string, logger?: Logger): Promise<Database> {
  const dialect: Dialect = url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  const sequelize =
    dialect === 'sqlite'
      ? new Sequelize({ dialect: 'sqlite', storage: url.slice('sqlite:'.length), logging: false })
      : new Sequelize(url, { dialect: 'postgres', logging: false, pool: { max: 10 } });
  await sequelize.authenticate();
  if (dialect === 'sqlite') {
    // WAL lets readers go on while the one writer writes; it is a property of the file, so once is enough.
    await sequelize.query('PRAGMA journal_mode = WAL');
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
        async (transaction) => {
          if (dialect === 'sqlite') await sequelize.query('PRAGMA busy_timeout = 5000', { transaction });
          return work(transaction);
        },
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
