import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../shared/timeline';
import { buildTimelineRows } from './timeline-rows';

const at = (y: number, m: number, d: number, h: number) => new Date(y, m - 1, d, h).toISOString();
const event = (id: string, occurredAt: string): TimelineEvent => ({
  id,
  customerId: 'c1',
  source: 'test',
  sourceEventId: id,
  occurredAt,
  channel: 'chat',
  type: 'chat.session',
  summary: null,
  data: {},
});

describe('buildTimelineRows', () => {
  it('puts one header before each local day, with Today and Yesterday named', () => {
    const now = new Date(2026, 2, 10, 18);
    const rows = buildTimelineRows(
      [event('a', at(2026, 3, 10, 15)), event('b', at(2026, 3, 10, 9)), event('c', at(2026, 3, 9, 20)), event('d', at(2025, 12, 31, 8))],
      now,
    );
    expect(rows.map((row) => (row.kind === 'day' ? `day:${row.label}` : row.key))).toEqual([
      'day:Today',
      'a',
      'b',
      'day:Yesterday',
      'c',
      expect.stringMatching(/^day:.*2025/),
      'd',
    ]);
  });

  it('gives every row a unique key for the virtualiser', () => {
    const rows = buildTimelineRows([event('a', at(2026, 1, 2, 10)), event('b', at(2026, 1, 1, 10))], new Date(2026, 5, 1));
    expect(new Set(rows.map((row) => row.key)).size).toBe(rows.length);
  });
});
