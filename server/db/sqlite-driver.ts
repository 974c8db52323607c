import BetterSqlite3 from 'better-sqlite3';

/**
 * better-sqlite3 behind the small part of the `sqlite3` module's interface that Sequelize's
 * SQLite dialect uses (its `dialectModule` option).
 *
 * Why: with `sqlite3` every statement is a trip to libuv's thread pool and back through the
 * event loop, which at a few thousand statements a second costs the main thread as much as
 * the statements themselves, and a write of five statements waited for five such trips.
 * better-sqlite3 runs a statement synchronously, in tens of microseconds for the indexed reads
 * and small writes Cue makes; what is left of a trip is one turn of the event loop.
 *
 * What it keeps from `sqlite3`: callbacks called later, never at once (the constructor's caller
 * assigns the handle before its callback may run), `this.lastID` and
 * `this.changes` for a run, booleans and dates bound as sqlite3 binds them, and errors named
 * as sqlite3 names them ("SQLITE_CONSTRAINT: UNIQUE constraint failed: …", code
 * SQLITE_CONSTRAINT), which is what Sequelize's error mapping and the writer's busy retry read.
 */

type Callback = (this: RunResult | Database, error: Error | null, rows?: unknown) => void;

interface RunResult {
  lastID: number;
  changes: number;
}

// sqlite3's open flags, which Sequelize reads from the module.
export const OPEN_READWRITE = 0x2;
export const OPEN_CREATE = 0x4;

export class Database {
  readonly filename: string;
  private readonly db: BetterSqlite3.Database;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(filename: string, mode: number | Callback = OPEN_READWRITE | OPEN_CREATE, callback?: (error: Error | null) => void) {
    const done = typeof mode === 'function' ? mode : callback;
    const flags = typeof mode === 'function' ? OPEN_READWRITE | OPEN_CREATE : mode;
    this.filename = filename;
    let opened: BetterSqlite3.Database | undefined;
    let failure: Error | null = null;
    try {
      opened = new BetterSqlite3(filename, { readonly: (flags & OPEN_READWRITE) === 0, fileMustExist: (flags & OPEN_CREATE) === 0 });
    } catch (error) {
      failure = asSqlite3Error(error);
    }
    // A handle that failed to open is never used (Sequelize gives up on the callback's error);
    // an empty in-memory database stands in for it.
    this.db = opened ?? new BetterSqlite3(':memory:');
    process.nextTick(() => done?.call(this, failure));
  }

  /**
   * Set on the connection that runs the process's transactions (database.ts): its statements
   * are answered as soon as they ran. A transaction holds the single writer, and every write
   * queued behind it waits for its last statement: a turn of the event loop per statement of
   * BEGIN, work and COMMIT was most of a write's latency under load, and throttled the writer.
   */
  answersAtOnce = false;

  /**
   * Except on the writer, a statement's callback runs after the event loop's next turn, not at
   * once: what waits on the database then takes turns with requests and pushes, as it did with
   * sqlite3, instead of a chain of statements holding the loop until it is done (tried: a screen
   * pop got faster and every transcript turn waited behind such chains, twice as long). The
   * writer's group committer takes that turn once per group instead.
   */
  private answer(callback: () => void): void {
    if (this.answersAtOnce) process.nextTick(callback);
    else setImmediate(callback);
  }

  get open(): boolean {
    return this.db.open;
  }

  serialize(work?: () => void): void {
    work?.();
  }

  run(sql: string, ...rest: unknown[]): this {
    const [parameters, callback] = argumentsOf(rest);
    let result: RunResult = { lastID: 0, changes: 0 };
    let failure: Error | null = null;
    try {
      const info = this.statement(sql).run(...bindable(parameters));
      result = { lastID: Number(info.lastInsertRowid), changes: info.changes };
    } catch (error) {
      failure = asSqlite3Error(error);
    }
    if (callback) this.answer(() => callback.call(result, failure));
    return this;
  }

  all(sql: string, ...rest: unknown[]): this {
    const [parameters, callback] = argumentsOf(rest);
    let rows: unknown[] = [];
    let failure: Error | null = null;
    // Sequelize rolls back a transaction whose BEGIN failed (the writer found the database busy
    // and will try again); SQLite refuses a ROLLBACK with no transaction open, and Sequelize then
    // gives up on the connection, closing it. With nothing to undo, done is the right answer.
    if (!this.db.inTransaction && /^ROLLBACK\b/i.test(sql)) {
      if (callback) this.answer(() => callback.call(this, null, rows));
      return this;
    }
    try {
      const statement = this.statement(sql);
      // sqlite3 answers a statement that returns nothing (BEGIN, an UPDATE) with no rows; better-sqlite3 would throw.
      if (statement.reader) rows = statement.all(...bindable(parameters));
      else statement.run(...bindable(parameters));
    } catch (error) {
      failure = asSqlite3Error(error);
    }
    if (callback) this.answer(() => callback.call(this, failure, rows));
    return this;
  }

  exec(sql: string, callback?: Callback): this {
    let failure: Error | null = null;
    try {
      this.db.exec(sql);
    } catch (error) {
      failure = asSqlite3Error(error);
    }
    if (callback) this.answer(() => callback.call(this, failure));
    return this;
  }

  /**
   * A statement run and answered at once, for the plain statements of the live loop (the
   * database's `query`): its rows, or none for a statement that returns none. A failure throws,
   * named as `run` and `all` name it. `$1`-style parameters, bound in order.
   */
  query(sql: string, parameters: readonly unknown[]): unknown[] {
    try {
      const statement = this.statement(sql);
      const named = parameters.length === 0 ? [] : [Object.fromEntries(parameters.map((value, i) => [String(i + 1), bindValue(value)]))];
      if (statement.reader) return statement.all(...named);
      statement.run(...named);
      return [];
    } catch (error) {
      throw asSqlite3Error(error);
    }
  }

  close(callback?: (error: Error | null) => void): void {
    let failure: Error | null = null;
    try {
      this.statements.clear();
      if (this.db.open) this.db.close();
    } catch (error) {
      failure = asSqlite3Error(error);
    }
    if (callback) process.nextTick(() => callback(failure));
  }

  /** Prepared once per SQL text: Sequelize's statements repeat with other parameters. */
  private statement(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      // SQLite prepares a statement again by itself after a schema change; the bound only keeps
      // texts that never repeat (values inlined) from piling up.
      if (this.statements.size >= 1000) this.statements.clear();
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

function argumentsOf(rest: unknown[]): [unknown, Callback | undefined] {
  const last = rest.at(-1);
  const callback = typeof last === 'function' ? (last as Callback) : undefined;
  const parameters = callback ? rest.slice(0, -1) : rest;
  return [parameters.length === 1 ? parameters[0] : parameters, callback];
}

/** sqlite3 binds true/false as 1/0, a Date as its milliseconds and undefined as NULL; better-sqlite3 refuses them. */
const bindValue = (value: unknown): unknown => {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.getTime();
  if (value === undefined) return null;
  return value;
};

/** Sequelize binds `$1`-style names as an object keyed "$1"; better-sqlite3 wants the name without its prefix. */
function bindable(parameters: unknown): unknown[] {
  if (parameters === undefined || parameters === null) return [];
  if (Array.isArray(parameters)) return parameters.map(bindValue);
  if (typeof parameters === 'object') {
    const named = Object.entries(parameters as Record<string, unknown>);
    if (named.length === 0) return [];
    return [Object.fromEntries(named.map(([key, value]) => [key.replace(/^[$:@]/, ''), bindValue(value)]))];
  }
  return [bindValue(parameters)];
}

function asSqlite3Error(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  const extended = (error as Error & { code?: string }).code;
  if (!extended?.startsWith('SQLITE_')) return error;
  // sqlite3 names the primary result code: SQLITE_CONSTRAINT_UNIQUE is reported as SQLITE_CONSTRAINT.
  const code = extended.split('_').slice(0, 2).join('_');
  return Object.assign(new Error(`${code}: ${error.message}`), { code, errno: undefined });
}

export default { Database, OPEN_READWRITE, OPEN_CREATE };
