/**
 * The parts of `npm run user:add` that do not need a process: argument parsing, reading the
 * password, and creating the user with a clear message for each way it can fail.
 */
import { parseArgs } from 'node:util';
import type { Readable, Writable } from 'node:stream';
import type { User } from '../../shared/auth';
import { ROLES } from '../../shared/auth';
import type { Database } from '../db/database';
import { createUser, DuplicateUserError, newUserSchema } from '../auth/users';

export const ADD_USER_USAGE =
  `usage: npm run user:add -- --email <email> --name <name> --role <${ROLES.join('|')}> [--queues a,b]\n` +
  '  The password is read from standard input (one line); on a terminal it is asked for without echo.';

export interface AddUserArgs {
  email: string;
  name: string;
  role: string;
  queues: string[];
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

export function parseAddUserArgs(argv: readonly string[]): Outcome<AddUserArgs> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        queues: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const missing = (['email', 'name', 'role'] as const).filter((option) => values[option] === undefined);
  if (missing.length > 0) return { ok: false, message: `missing ${missing.map((option) => `--${option}`).join(', ')}` };
  const queues = (values.queues ?? '')
    .split(',')
    .map((queue) => queue.trim())
    .filter(Boolean);
  return { ok: true, value: { email: values.email!, name: values.name!, role: values.role!, queues } };
}

/** Where each field came from, so a message points at what to fix. */
const FIELD_SOURCES: Record<string, string> = {
  email: '--email',
  name: '--name',
  role: '--role',
  queues: '--queues',
  password: 'the password (standard input)',
};

/** Validates with the same schema the app uses, then creates the user. */
export async function addUser(db: Database, args: AddUserArgs, password: string): Promise<Outcome<User>> {
  const parsed = newUserSchema.safeParse({ ...args, password });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? '');
    return { ok: false, message: `${FIELD_SOURCES[field] ?? field}: ${issue.message}` };
  }
  try {
    return { ok: true, value: await createUser(db, parsed.data) };
  } catch (error) {
    if (error instanceof DuplicateUserError) return { ok: false, message: error.message };
    throw error;
  }
}

/** The first line of a piped standard input, without its line end. */
export async function readFirstLine(input: Readable): Promise<string | null> {
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    const end = text.indexOf('\n');
    // Stop at the first line: the rest of a pipe is none of our business.
    if (end !== -1) return text.slice(0, end).replace(/\r$/, '');
  }
  return text === '' ? null : text.replace(/\r$/, '');
}

interface Terminal extends Readable {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/**
 * Asks for a password on a terminal without echoing it: raw mode hands over keystrokes one by
 * one and nothing is written back. Backspace edits, Enter ends, Ctrl-C aborts.
 */
export function promptHidden(input: Terminal, output: Writable, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    output.write(prompt);
    input.setRawMode?.(true);
    input.setEncoding('utf8');
    const finish = () => {
      input.setRawMode?.(false);
      input.off('data', onData);
      input.pause();
      output.write('\n');
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (char === '\u0003') {
          finish();
          reject(new Error('cancelled'));
          return;
        }
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    input.on('data', onData);
    input.resume();
  });
}
