import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { makeEvent } from '../testing/factories';
import { formatOf, formatSummary, importFile, ImportFileError, readCsv, readNdjson, type SourceRecord } from './import-file';

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'cue-import-'));
});
afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};
const options = { defaultPhoneRegion: 'US' as const };
const collect = async (records: AsyncIterable<SourceRecord>) => {
  const all: SourceRecord[] = [];
  for await (const record of records) all.push(record);
  return all;
};
const eventCount = (source: string) => db.models.TimelineEvent.count({ where: { source } });

describe('readNdjson', () => {
  it('numbers lines across chunk boundaries, skips blank lines and reads CRLF and a BOM', async () => {
    const text = '\uFEFF{"a":1}\r\n\n{"b":\n{"c":3}';
    // One byte at a time, so every line is split across chunks (and é across two).
    const bytes = Buffer.from(`${text}\n{"d":"é"}`);
    const records = await collect(readNdjson(Readable.from([...bytes].map((b) => Buffer.from([b])))));
    expect(records).toEqual([
      { line: 1, event: { a: 1 } },
      { line: 3, error: { path: '', message: expect.stringMatching(/^is not valid JSON/) } },
      { line: 4, event: { c: 3 } },
      { line: 5, event: { d: 'é' } },
    ]);
  });
});

describe('readCsv', () => {
  it('turns rows into API events: identity columns, name, JSON data and attributes', async () => {
    const csv = [
      'source,sourceEventId,occurredAt,channel,type,phone,email,account,name,attributes,summary,data',
      'crm,c-1,2026-01-05T10:00:00Z,voice,call.inbound,(212) 736-5000,ann@example.com,,Ann Lee,"{""tier"":""gold""}","Called about ""slow"" internet","{""queue"":""support""}"',
      'surveys,s-1,2026-01-06T10:00:00Z,email,survey.nps,,ann@example.com,,,,,"{""score"":9}"',
    ].join('\n');
    const records = await collect(readCsv(Readable.from([csv])));
    expect(records).toEqual([
      {
        line: 2,
        event: {
          source: 'crm',
          sourceEventId: 'c-1',
          occurredAt: '2026-01-05T10:00:00Z',
          channel: 'voice',
          type: 'call.inbound',
          customer: {
            identities: [
              { kind: 'phone', value: '(212) 736-5000' },
              { kind: 'email', value: 'ann@example.com' },
            ],
            profile: { name: 'Ann Lee', attributes: { tier: 'gold' } },
          },
          summary: 'Called about "slow" internet',
          data: { queue: 'support' },
        },
      },
      {
        line: 3,
        event: expect.objectContaining({ customer: { identities: [{ kind: 'email', value: 'ann@example.com' }] }, data: { score: 9 } }),
      },
    ]);
  });

  it('rejects a row with bad JSON or the wrong number of fields, with its line, and reads on', async () => {
    const csv = [
      'source,sourceEventId,occurredAt,channel,type,account,data',
      'crm,a,2026-01-05T10:00:00Z,voice,call.inbound,A-1,{not json}',
      'crm,b,2026-01-05T10:00:00Z,voice',
      'crm,c,2026-01-05T10:00:00Z,voice,call.inbound,A-1,',
    ].join('\n');
    const records = await collect(readCsv(Readable.from([csv])));
    expect(records).toEqual([
      { line: 2, error: { path: 'data', message: expect.stringMatching(/^is not valid JSON/) } },
      { line: 3, error: { path: '', message: 'has 4 fields; the header has 7' } },
      { line: 4, event: expect.objectContaining({ sourceEventId: 'c' }) },
    ]);
  });

  it('numbers a record by the line it starts on, and rejects a broken quote without losing the next row', async () => {
    const header = 'source,sourceEventId,occurredAt,channel,type,account,summary';
    const row = (id: string, summary: string) => `crm,${id},2026-01-05T10:00:00Z,voice,call.inbound,A-1,${summary}`;
    const csv = [header, row('a', '"two\nlines"'), '', row('b', '"bad "quote" here"'), row('c', 'fine')].join('\n');
    const records = await collect(readCsv(Readable.from([csv])));
    expect(records).toEqual([
      { line: 2, event: expect.objectContaining({ sourceEventId: 'a', summary: 'two\nlines' }) },
      { line: 5, error: { path: '', message: expect.stringMatching(/^is not valid CSV: Invalid Closing Quote/) } },
      { line: 6, event: expect.objectContaining({ sourceEventId: 'c' }) },
    ]);
  });

  it('refuses a header with unknown or missing columns before reading any row', async () => {
    const csv = 'source,sourceEventID,occurredAt,channel,type,acount\ncrm,a,2026-01-05T10:00:00Z,voice,call.inbound,A-1\n';
    await expect(collect(readCsv(Readable.from([csv])))).rejects.toThrow(
      /unknown columns sourceEventID, acount; missing column sourceEventId/,
    );
  });
});

describe('importFile', () => {
  it('imports an ndjson file: accepted, rejected with line and path, and malformed JSON reported, not thrown', async () => {
    const events = Array.from({ length: 25 }, (_, i) =>
      makeEvent({ source: 'nd', sourceEventId: `nd-${i}`, identities: [{ kind: 'account', value: `ND-${i % 5}` }] }),
    );
    const lines = events.map((event) => JSON.stringify(event));
    lines.splice(3, 0, '{"source": "nd", oops');
    lines.splice(7, 0, JSON.stringify({ ...makeEvent({ source: 'nd' }), channel: 'pigeon' }));
    const file = write('events.ndjson', `${lines.join('\n')}\n`);

    const progress: number[] = [];
    const summary = await importFile(db, file, { ...options, batchSize: 10, onProgress: (bytes) => progress.push(bytes) });
    expect(summary).toMatchObject({ read: 27, accepted: 25, duplicate: 0, rejected: 2 });
    expect(summary.rejections).toEqual([
      { line: 4, path: '', message: expect.stringMatching(/^is not valid JSON/) },
      { line: 8, path: 'channel', message: expect.any(String) },
    ]);
    expect(progress.at(-1)).toBe(Buffer.byteLength(`${lines.join('\n')}\n`));
    expect(await eventCount('nd')).toBe(25);
    expect(await db.models.Identity.count({ where: { kind: 'account', value: ['ND-0', 'ND-1', 'ND-2', 'ND-3', 'ND-4'] } })).toBe(5);

    // The same file again: everything already there is a duplicate, nothing is stored twice.
    const again = await importFile(db, file, { ...options, batchSize: 10 });
    expect(again).toMatchObject({ read: 27, accepted: 0, duplicate: 25, rejected: 2 });
    expect(await eventCount('nd')).toBe(25);
  });

  it('imports a CSV file and a re-import is all duplicates', async () => {
    const rows = ['sourceEventId,source,occurredAt,channel,type,phone,email,name,summary,data'];
    for (let i = 0; i < 30; i++) {
      const phone = `+1 646 20${String(i % 3).padStart(1, '0')} 01${String(i % 3).padStart(2, '0')}`;
      rows.push(`csv-${i},csvsrc,2026-02-0${1 + (i % 9)}T09:00:00Z,sms,sms.inbound,${phone},,Person ${i % 3},Text ${i},"{""n"":${i}}"`);
    }
    rows.push('csv-bad,csvsrc,2026-02-01T09:00:00Z,sms,survey.nps,+1 646 200 0100,,,,"{""score"":11}"');
    const file = write('events.csv', `${rows.join('\r\n')}\r\n`);

    const first = await importFile(db, file, { ...options, batchSize: 7 });
    expect(first).toMatchObject({ read: 31, accepted: 30, duplicate: 0, rejected: 1 });
    expect(first.rejections).toEqual([{ line: 32, path: 'data.score', message: expect.any(String) }]);
    expect(await eventCount('csvsrc')).toBe(30);
    // Three phones, three customers, each with its ten texts.
    const phones = await db.models.Identity.findAll({ where: { kind: 'phone', value: ['+16462000100', '+16462010101', '+16462020102'] } });
    expect(new Set(phones.map((p) => p.customerId)).size).toBe(3);
    expect(await db.models.TimelineEvent.count({ where: { customerId: phones[0]!.customerId } })).toBe(10);

    const again = await importFile(db, file, options);
    expect(again).toMatchObject({ accepted: 0, duplicate: 30, rejected: 1 });
    expect(await eventCount('csvsrc')).toBe(30);
  });

  it('lists the lowest-numbered rejections even when later lines fail first', async () => {
    // Lines 1-12 are valid JSON but invalid events (found when their batch is ingested); the
    // unreadable lines after them are found while reading, before that batch comes back.
    const lines = [
      ...Array.from({ length: 12 }, (_, i) => JSON.stringify({ ...makeEvent({ source: 'order' }), channel: `bad-${i}` })),
      ...Array.from({ length: 12 }, (_, i) => `{broken ${i}`),
    ];
    const summary = await importFile(db, write('order.ndjson', lines.join('\n')), { ...options, batchSize: 100 });
    expect(summary.rejected).toBe(24);
    expect(summary.rejections.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('keeps only the first rejections but counts them all', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => (i % 2 ? `not json ${i}` : JSON.stringify(makeEvent({ source: 'many', sourceEventId: `m-${i}` }))));
    const summary = await importFile(db, write('many.jsonl', lines.join('\n')), options);
    expect(summary).toMatchObject({ read: 40, accepted: 20, rejected: 20 });
    expect(summary.rejections.map((r) => r.line)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    expect(formatSummary(summary, 'many.jsonl')).toContain('line 2: is not valid JSON');
  });

  it('refuses a file it cannot read as events', async () => {
    await expect(importFile(db, write('events.txt', ''), options)).rejects.toBeInstanceOf(ImportFileError);
    await expect(importFile(db, write('empty.csv', ''), options)).rejects.toThrow('the CSV file is empty');
    await expect(importFile(db, path.join(dir, 'missing.ndjson'), options)).rejects.toMatchObject({ code: 'ENOENT' });
    expect([formatOf('a.NDJSON'), formatOf('a.jsonl'), formatOf('a.csv'), formatOf('a.json')]).toEqual(['ndjson', 'ndjson', 'csv', null]);
  });
});
