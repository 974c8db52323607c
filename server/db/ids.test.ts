import { describe, expect, it } from 'vitest';
import { newId } from './ids';

describe('newId', () => {
  it('is a version 7 UUID carrying the time it was made, so later ids sort after earlier ones', () => {
    const at = Date.UTC(2026, 10, 23, 12, 0, 0, 123);
    const id = newId(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(at);
    const later = Array.from({ length: 50 }, (_, i) => newId(at + 1 + i));
    expect([...later].sort()).toEqual(later);
    expect(later.every((other) => other > id)).toBe(true);
  });

  it('never repeats within a millisecond', () => {
    const at = Date.now();
    expect(new Set(Array.from({ length: 10_000 }, () => newId(at))).size).toBe(10_000);
  });
});
