import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Random } from './random';

/**
 * Real US area codes of large cities. Numbers are drawn inside them with a real-looking
 * exchange, so they pass libphonenumber's validation as a live caller's would; the 555
 * "fictional" range is avoided because most of it is not valid and would be rejected.
 */
const AREA_CODES = [
  201, 202, 206, 212, 213, 214, 215, 216, 267, 281, 303, 305, 310, 312, 313, 314, 317, 347, 404, 408, 412, 414, 415,
  469, 480, 502, 503, 504, 512, 513, 518, 602, 612, 614, 615, 617, 619, 646, 702, 704, 713, 714, 718, 720, 737, 801,
  813, 816, 832, 858, 901, 904, 916, 917, 919, 925, 949, 954, 971, 972,
] as const;

/** A valid US number in E.164, not yet in `taken` (which it joins). */
export function drawUsPhone(random: Random, taken: Set<string>): string {
  for (;;) {
    const exchange = random.int(200, 999);
    // N11 exchanges are service codes and 555 is the fictional range: neither is a subscriber number.
    if (exchange % 100 === 11 || exchange === 555) continue;
    const candidate = `+1${random.pick(AREA_CODES)}${exchange}${String(random.int(0, 9999)).padStart(4, '0')}`;
    if (taken.has(candidate)) continue;
    if (!parsePhoneNumberFromString(candidate)?.isValid()) continue;
    taken.add(candidate);
    return candidate;
  }
}
