import { randomFillSync } from 'node:crypto';

const POOL_IDS = 256;
let pool = Buffer.alloc(16 * POOL_IDS);
let next = POOL_IDS;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Rows created
 * one after another get ids that sort after each other, so inserts append to the end of the
 * primary-key B-tree instead of landing on a random page of it: on a large table that is
 * the difference between touching one hot page and reading a cold one for every row.
 */
export function newId(now = Date.now()): string {
  if (next === POOL_IDS) {
    pool = randomFillSync(pool);
    next = 0;
  }
  const offset = 16 * next++;
  const b = pool;
  // 48-bit big-endian milliseconds; the high 16 bits come from a division, as bitwise ops are 32-bit.
  const high = Math.floor(now / 2 ** 32);
  const low = now >>> 0;
  const timestamp = [high >>> 8, high & 0xff, low >>> 24, (low >>> 16) & 0xff, (low >>> 8) & 0xff, low & 0xff].map((byte) => HEX[byte]).join('');
  const version = HEX[0x70 | (b[offset + 6]! & 0x0f)]! + HEX[b[offset + 7]!]!;
  const variant = HEX[0x80 | (b[offset + 8]! & 0x3f)]! + HEX[b[offset + 9]!]!;
  let rest = '';
  for (let i = offset + 10; i < offset + 16; i++) rest += HEX[b[i]!]!;
  return `${timestamp.slice(0, 8)}-${timestamp.slice(8, 12)}-${version}-${variant}-${rest}`;
}
