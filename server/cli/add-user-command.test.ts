import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../auth/users';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { addUser, parseAddUserArgs, promptHidden, readFirstLine } from './add-user-command';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

describe('parseAddUserArgs', () => {
  it('reads the options and splits the queues', () => {
    expect(parseAddUserArgs(['--email', 'a@b.co', '--name', 'Ann', '--role', 'agent', '--queues', 'support, billing,,'])).toEqual({
      ok: true,
      value: { email: 'a@b.co', name: 'Ann', role: 'agent', queues: ['support', 'billing'] },
    });
    expect(parseAddUserArgs(['--email=a@b.co', '--name=Ann', '--role=admin'])).toMatchObject({ ok: true, value: { queues: [] } });
  });

  it('names what is missing or unknown', () => {
    expect(parseAddUserArgs(['--email', 'a@b.co'])).toEqual({ ok: false, message: 'missing --name, --role' });
    expect(parseAddUserArgs(['--email', 'a@b.co', '--name', 'A', '--role', 'agent', '--password', 'x'])).toMatchObject({
      ok: false,
      message: expect.stringContaining("'--password'"),
    });
  });
});

describe('addUser', () => {
  const args = { email: 'Lee@Example.com', name: 'Lee Supervisor', role: 'supervisor', queues: ['support'] };

  it('creates a user who can then sign in', async () => {
    const outcome = await addUser(db, args, 'a long password');
    expect(outcome).toMatchObject({ ok: true, value: { email: 'lee@example.com', role: 'supervisor', queues: ['support'] } });
    const user = await authenticate(db, 'lee@example.com', 'a long password');
    expect(user?.id).toBe(outcome.ok ? outcome.value.id : undefined);
  });

  it('names the bad field and where it came from', async () => {
    expect(await addUser(db, { ...args, email: 'other@example.com', role: 'boss' }, 'a long password')).toEqual({
      ok: false,
      message: expect.stringMatching(/^--role: /),
    });
    expect(await addUser(db, { ...args, email: 'not-an-email' }, 'a long password')).toEqual({ ok: false, message: expect.stringMatching(/^--email: /) });
    expect(await addUser(db, { ...args, email: 'short@example.com' }, 'short')).toEqual({
      ok: false,
      message: 'the password (standard input): must be at least 8 characters',
    });
    expect(await addUser(db, args, 'a long password')).toEqual({ ok: false, message: 'a user with email lee@example.com already exists' });
    expect(await db.models.User.count({ where: { email: ['other@example.com', 'not-an-email', 'short@example.com'] } })).toBe(0);
  });
});

describe('reading the password', () => {
  it('takes the first line of piped input, without its line end', async () => {
    expect(await readFirstLine(Readable.from(['secret pass', 'word\r\nsecond line\n']))).toBe('secret password');
    expect(await readFirstLine(Readable.from(['no newline']))).toBe('no newline');
    expect(await readFirstLine(Readable.from([]))).toBeNull();
  });

  it('asks on a terminal without echoing, with backspace', async () => {
    const input = Object.assign(new PassThrough(), { isTTY: true, rawModes: [] as boolean[], setRawMode(mode: boolean) { this.rawModes.push(mode); } });
    const output = new PassThrough();
    const answer = promptHidden(input, output, 'Password: ');
    input.write('hunter22x\u007f\r');
    expect(await answer).toBe('hunter22');
    expect(output.read()?.toString()).toBe('Password: \n');
    expect(input.rawModes).toEqual([true, false]);
  });
});
