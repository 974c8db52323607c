/**
 * The bulk import behind `npm run import`, kept free of process concerns (argv, exit codes,
 * the progress bar) so tests can drive it directly.
 *
 * Two file formats, chosen by extension:
 *
 * - `.ndjson` / `.jsonl`: one event per line, the same object as one item of
 *   `POST /api/v1/events` (`{source, sourceEventId, occurredAt, channel, type,
 *   customer: {identities, profile?}, summary?, data?}`). Blank lines are skipped.
 *
 * - `.csv`: a header row, then one event per row. Columns (any order; only the first five
 *   are required, an empty cell means "not given"):
 *     source, sourceEventId, occurredAt, channel, type   the event's fields, as in the API
 *     phone, email, account, chat, social                 identities: one value per kind; at least one
 *     name                                                the customer's name (profile)
 *     attributes                                          profile attributes, a JSON object
 *     summary                                             the one-line summary
 *     data                                                the event's data, a JSON object
 *   Unknown columns stop the import before anything is written: a misspelt header would
 *   otherwise drop its column silently.
 *
 * Every event goes through `ingestEvents` in batches of 1,000, so the file gets exactly the
 * validation and idempotency of the API: importing a file twice stores it once.
 */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { CountryCode } from 'libphonenumber-js';
import { MAX_EVENTS_PER_BATCH, type IngestResult } from '../../shared/ingest';
import { IDENTITY_KINDS, type IdentityKind } from '../../shared/timeline';
import type { Database } from '../db/database';
import { ingestEvents } from '../timeline/ingest';

export type FileFormat = 'ndjson' | 'csv';

const MAX_BATCHES_IN_FLIGHT = 3;
const READ_SLICE = 25;

/** One event read from a file, or the reason its line could not become one. */
export type SourceRecord =
  | { line: number; event: unknown }
  | { line: number; error: { path: string; message: string } };

export interface Rejection {
  line: number;
  path: string;
  message: string;
}

export interface ImportSummary {
  read: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  /** The first `maxRejectionsShown` rejections, in file order. */
  rejections: Rejection[];
  elapsedMs: number;
}

export interface ImportOptions {
  defaultPhoneRegion: CountryCode;
  batchSize?: number;
  maxRejectionsShown?: number;
}

export interface ImportFileOptions extends ImportOptions {
  /** Called as the file is read, with the bytes read so far. */
  onProgress?: (bytesRead: number) => void;
}

/** A file whose contents cannot be imported at all (bad CSV header, unknown extension). */
export class ImportFileError extends Error {}

export function formatOf(filePath: string): FileFormat | null {
  const lower = filePath.toLowerCase();
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.csv')) return 'csv';
  return null;
}

export async function importFile(db: Database, filePath: string, options: ImportFileOptions): Promise<ImportSummary> {
  const format = formatOf(filePath);
  if (!format) throw new ImportFileError(`${filePath}: unknown format; expected a .ndjson, .jsonl or .csv file`);
  const stream = createReadStream(filePath);
  let bytesRead = 0;
  stream.on('data', (chunk) => {
    bytesRead += chunk.length;
    options.onProgress?.(bytesRead);
  });
  const records = format === 'ndjson' ? readNdjson(stream) : readCsv(stream);
  return importRecords(db, records, options);
}

/**
 * Feeds records to `ingestEvents` in batches. The next batches are read and validated while
 * earlier ones are being written: pg does its work off the main thread, so the CPU-bound
 * parsing and validation overlap the writes instead of waiting for them (SQLite's statements
 * run on the main thread, between reads of the file). Batches
 * still commit one after another in file order (`db.write` queues them), so a duplicate
 * across batches is still found, and the first of two copies is the one stored.
 */
export async function importRecords(
  db: Database,
  records: AsyncIterable<SourceRecord> | Iterable<SourceRecord>,
  options: ImportOptions,
): Promise<ImportSummary> {
  const started = performance.now();
  const batchSize = options.batchSize ?? MAX_EVENTS_PER_BATCH;
  const maxShown = options.maxRejectionsShown ?? 10;
  const summary: ImportSummary = { read: 0, accepted: 0, duplicate: 0, rejected: 0, rejections: [], elapsedMs: 0 };

  // Rejections arrive out of line order (unreadable lines at once, invalid events when their
  // batch comes back), so the listing keeps the lowest lines seen, not the first to arrive.
  const reject = (line: number, error: { path: string; message: string }) => {
    summary.rejected += 1;
    const shown = summary.rejections;
    if (shown.length === maxShown && line > shown[shown.length - 1]!.line) return;
    shown.push({ line, ...error });
    shown.sort((a, b) => a.line - b.line);
    if (shown.length > maxShown) shown.pop();
  };
  const tally = (lines: number[], results: IngestResult[]) => {
    for (const result of results) {
      if (result.status === 'accepted') summary.accepted += 1;
      else if (result.status === 'duplicate') summary.duplicate += 1;
      else reject(lines[result.index]!, result.error ?? { path: '', message: 'rejected' });
    }
  };

  const inFlight: Promise<void>[] = [];
  let events: unknown[] = [];
  let lines: number[] = [];
  const flush = async () => {
    const batchLines = lines;
    const ingesting = ingestEvents(db, events, { defaultPhoneRegion: options.defaultPhoneRegion }).then((results) => tally(batchLines, results));
    events = [];
    lines = [];
    // A failure is rethrown when the batch is awaited below; this only keeps Node from
    // calling it unhandled while older batches are still being written.
    ingesting.catch(() => undefined);
    inFlight.push(ingesting);
    // Reading runs ahead of the database by a few batches, no more: memory stays bounded.
    if (inFlight.length >= MAX_BATCHES_IN_FLIGHT) await inFlight.shift();
  };

  for await (const record of records) {
    summary.read += 1;
    // Buffered lines are read without ever leaving the microtask queue; yielding every few
    // lets the database's callbacks run, so the batch being written moves on meanwhile.
    if (summary.read % READ_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    if ('error' in record) {
      reject(record.line, record.error);
      continue;
    }
    events.push(record.event);
    lines.push(record.line);
    if (events.length >= batchSize) await flush();
  }
  if (events.length > 0) await flush();
  for (const batch of inFlight) await batch;

  summary.elapsedMs = performance.now() - started;
  return summary;
}

/** Splits a byte stream into numbered lines, skipping blank ones; a bad line never stops the file. */
export async function* readNdjson(input: Readable): AsyncGenerator<SourceRecord> {
  for await (const { line, text } of readLines(input)) {
    if (text.trim() === '') continue;
    try {
      yield { line, event: JSON.parse(text) as unknown };
    } catch (error) {
      yield { line, error: { path: '', message: `is not valid JSON: ${(error as Error).message}` } };
    }
  }
}

async function* readLines(input: Readable): AsyncGenerator<{ line: number; text: string }> {
  // Pulling chunks with for-await (rather than readline's push events) keeps backpressure:
  // the file is read no faster than the database takes it.
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let line = 0;
  for await (const chunk of input) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      line += 1;
      yield { line, text: stripCr(text.slice(start, end), line) };
      start = end + 1;
    }
    rest = text.slice(start);
  }
  rest += decoder.end();
  if (rest !== '') yield { line: line + 1, text: stripCr(rest, line + 1) };
}

function stripCr(text: string, line: number): string {
  const withoutCr = text.endsWith('\r') ? text.slice(0, -1) : text;
  // A UTF-8 byte-order mark, as some editors write it, would otherwise make line 1 invalid JSON.
  return line === 1 && withoutCr.startsWith('\uFEFF') ? withoutCr.slice(1) : withoutCr;
}

const REQUIRED_COLUMNS = ['source', 'sourceEventId', 'occurredAt', 'channel', 'type'] as const;
const OPTIONAL_COLUMNS = [...IDENTITY_KINDS, 'name', 'attributes', 'summary', 'data'] as const;
export const CSV_COLUMNS: readonly string[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];

/** Reads CSV rows as events; a row with the wrong number of fields or unparseable JSON is rejected with its line. */
export async function* readCsv(input: Readable): AsyncGenerator<SourceRecord> {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true, info: true });
  // csv-parse reports a record it cannot read (an unclosed quote, say) as a 'skip' event
  // beside the stream of good records; they are queued and handed out in order.
  const skipped: { lines: number; emptyLines: number; message: string }[] = [];
  parser.on('skip', (error: Error & { lines?: number; empty_lines?: number }) => {
    skipped.push({ lines: error.lines ?? 0, emptyLines: error.empty_lines ?? 0, message: `is not valid CSV: ${error.message}` });
  });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);

  let header: string[] | undefined;
  // csv-parse counts lines up to a record's end; a quoted cell may span lines, and the line
  // people look for is where the record starts: the one after the previous record and any
  // blank lines between.
  let lineAfterPrevious = 1;
  let emptyBefore = 0;
  let lastSkippedLine = 0;
  // The parser may run ahead of this loop, so a skip is handed out when the loop reaches
  // the records after it, keeping the file's order.
  function* takeSkipped(beforeLine: number): Generator<SourceRecord> {
    while (skipped.length > 0 && skipped[0]!.lines < beforeLine) {
      const skip = skipped.shift()!;
      // One broken record can raise several errors; one rejection for it is enough.
      if (skip.lines === lastSkippedLine) continue;
      lastSkippedLine = skip.lines;
      lineAfterPrevious = skip.lines + 1;
      emptyBefore = skip.emptyLines;
      yield { line: skip.lines, error: { path: '', message: skip.message } };
    }
  }
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number; empty_lines: number } }>) {
    const { record, info } = item;
    yield* takeSkipped(info.lines);
    const line = lineAfterPrevious + (info.empty_lines - emptyBefore);
    lineAfterPrevious = info.lines + 1;
    emptyBefore = info.empty_lines;
    if (!header) {
      header = checkHeader(record);
      continue;
    }
    if (record.length !== header.length) {
      yield { line, error: { path: '', message: `has ${record.length} fields; the header has ${header.length}` } };
      continue;
    }
    yield csvRowToRecord(header, record, line);
  }
  yield* takeSkipped(Infinity);
  if (!header) throw new ImportFileError('the CSV file is empty: expected a header row');
}

function checkHeader(record: string[]): string[] {
  const header = record.map((name) => name.trim());
  const unknown = header.filter((name) => !CSV_COLUMNS.includes(name));
  const missing = REQUIRED_COLUMNS.filter((name) => !header.includes(name));
  const problems: string[] = [];
  if (unknown.length > 0) problems.push(`unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);
  if (missing.length > 0) problems.push(`missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  if (problems.length > 0) {
    throw new ImportFileError(`CSV header: ${problems.join('; ')}. Known columns: ${CSV_COLUMNS.join(', ')}`);
  }
  return header;
}

/** One CSV row as the API's event object; validation proper is left to ingestEvents. */
export function csvRowToRecord(header: readonly string[], record: readonly string[], line: number): SourceRecord {
  const cells = new Map<string, string>();
  header.forEach((name, i) => {
    const value = record[i]?.trim();
    if (value) cells.set(name, value);
  });
  const identities = IDENTITY_KINDS.filter((kind) => cells.has(kind)).map((kind: IdentityKind) => ({ kind, value: cells.get(kind)! }));
  const attributes = parseJsonCell(cells.get('attributes'));
  if (!attributes.ok) return { line, error: { path: 'customer.profile.attributes', message: attributes.message } };
  const data = parseJsonCell(cells.get('data'));
  if (!data.ok) return { line, error: { path: 'data', message: data.message } };
  const profile = {
    ...(cells.has('name') ? { name: cells.get('name') } : {}),
    ...(attributes.value !== undefined ? { attributes: attributes.value } : {}),
  };
  const event: Record<string, unknown> = {
    source: cells.get('source'),
    sourceEventId: cells.get('sourceEventId'),
    occurredAt: cells.get('occurredAt'),
    channel: cells.get('channel'),
    type: cells.get('type'),
    customer: { identities, ...(Object.keys(profile).length > 0 ? { profile } : {}) },
  };
  if (cells.has('summary')) event.summary = cells.get('summary');
  if (data.value !== undefined) event.data = data.value;
  return { line, event };
}

function parseJsonCell(text: string | undefined): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text === undefined) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: `is not valid JSON: ${(error as Error).message}` };
  }
}

/** The end-of-import report: counts, speed and the first rejections with their lines. */
export function formatSummary(summary: ImportSummary, filePath: string): string {
  const seconds = summary.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(summary.read / seconds) : summary.read;
  const lines = [
    `${filePath}: ${summary.read} events read in ${seconds.toFixed(1)} s (${rate} events/s)`,
    `  accepted  ${summary.accepted}`,
    `  duplicate ${summary.duplicate}`,
    `  rejected  ${summary.rejected}`,
  ];
  if (summary.rejected > 0) {
    const shown = summary.rejections.length;
    lines.push(`first ${shown} rejection${shown === 1 ? '' : 's'}:`);
    for (const { line, path, message } of summary.rejections) lines.push(`  line ${line}: ${path ? `${path} ` : ''}${message}`);
  }
  return `${lines.join('\n')}\n`;
}
