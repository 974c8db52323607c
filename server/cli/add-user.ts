/**
 * Creates a console user:
 *
 *   npm run user:add -- --email <email> --name <name> --role <agent|supervisor|retention|admin> [--queues a,b]
 *
 * The password comes from standard input, never from the command line (where it would sit in
 * the shell history and the process list): piped, its first line; on a terminal, asked for
 * without echo. Migrates the database first, so it works on a fresh one. Prints the new id.
 */
import { loadConfigOrExit } from '../config';
import { migrate, openDatabase } from '../db/database';
import { ADD_USER_USAGE, addUser, parseAddUserArgs, promptHidden, readFirstLine } from './add-user-command';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const args = parseAddUserArgs(process.argv.slice(2));
if (!args.ok) fail(`${args.message}\n${ADD_USER_USAGE}`);

let password: string | null;
try {
  password = process.stdin.isTTY ? await promptHidden(process.stdin, process.stderr, 'Password: ') : await readFirstLine(process.stdin);
} catch {
  fail('cancelled');
}
if (password === null) fail('no password on standard input: pipe one line, or run in a terminal to be asked for it');

const config = loadConfigOrExit();
const db = await openDatabase(config.databaseUrl);
try {
  await migrate(db);
  const outcome = await addUser(db, args.value, password);
  if (outcome.ok) {
    const user = outcome.value;
    process.stdout.write(`${user.id}\n`);
    console.error(`created ${user.role} ${user.email}${user.queues.length > 0 ? ` (queues ${user.queues.join(', ')})` : ''}`);
  } else {
    console.error(outcome.message);
    process.exitCode = 1;
  }
} finally {
  await db.close();
}
