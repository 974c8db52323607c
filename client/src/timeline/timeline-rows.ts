import type { TimelineEvent } from '../../../shared/timeline';
import { dayThisYear, dayWithYear } from '../format/dates';

export interface DayRow {
  kind: 'day';
  key: string;
  dayKey: string;
  label: string;
}

export interface EventRow {
  kind: 'event';
  key: string;
  dayKey: string;
  event: TimelineEvent;
}

/** Day headers and events in one flat list: the virtualiser sizes and recycles both alike. */
export type TimelineRow = DayRow | EventRow;


/** The local calendar day, the one the agent thinks in, not the UTC one. */
export function localDayKey(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}

export function dayLabel(date: Date, now: Date): string {
  const key = localDayKey(date);
  if (key === localDayKey(now)) return 'Today';
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (key === localDayKey(yesterday)) return 'Yesterday';
  return (date.getFullYear() === now.getFullYear() ? dayThisYear : dayWithYear).format(date);
}

/** Events must already be newest first; a header opens each day they touch. */
export function buildTimelineRows(events: readonly TimelineEvent[], now: Date = new Date()): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let currentDay: string | null = null;
  for (const event of events) {
    const at = new Date(event.occurredAt);
    const dayKey = localDayKey(at);
    if (dayKey !== currentDay) {
      currentDay = dayKey;
      rows.push({ kind: 'day', key: `day:${dayKey}`, dayKey, label: dayLabel(at, now) });
    }
    rows.push({ kind: 'event', key: event.id, dayKey, event });
  }
  return rows;
}
