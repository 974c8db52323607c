/**
 * Adds items to a list kept in `seq` order, each `seq` once. A live push, the ack of one's own
 * message and a catch-up after a reconnect can all deliver the same turn, in any order.
 * Returns `current` itself when nothing is new, so nothing re-renders.
 */
export function mergeBySeq<T extends { seq: number }>(current: readonly T[], incoming: readonly T[]): readonly T[] {
  const last = current.at(-1);
  // The common case, the next turn of a live conversation: appended, no sort.
  if (incoming.length === 1 && (!last || incoming[0]!.seq > last.seq)) return [...current, incoming[0]!];
  const bySeq = new Map(current.map((item) => [item.seq, item]));
  let added = false;
  for (const item of incoming) {
    if (bySeq.has(item.seq)) continue;
    bySeq.set(item.seq, item);
    added = true;
  }
  return added ? [...bySeq.values()].sort((a, b) => a.seq - b.seq) : current;
}
