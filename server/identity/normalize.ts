import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import type { Identity, IdentityKind } from '../../shared/timeline';

export type NormalizeResult = Readonly<{ ok: true; value: string } | { ok: false; reason: string }>;

const email = z.email();

/**
 * One spelling per identity, so that the same phone or email always finds the same customer:
 * phones in E.164 (numbers without a country code are read in `defaultRegion`), emails
 * trimmed and lower-cased, account numbers upper-cased without spaces, handles lower-cased
 * without a leading @.
 */
export function normalizeIdentity(kind: IdentityKind, raw: string, defaultRegion: CountryCode): NormalizeResult {
  if (kind !== 'phone' && kind !== 'email') return normalizeNow(kind, raw, defaultRegion);
  // Parsing a phone number is the costliest step of ingesting an event, and a feed names the
  // same few numbers and addresses over and over; the answer depends on nothing but the inputs.
  const key = `${kind}\u0000${defaultRegion}\u0000${raw}`;
  const known = recent.get(key);
  if (known) return known;
  const result = normalizeNow(kind, raw, defaultRegion);
  // Bounded: emptied when full, which costs one re-parse of the numbers still in use.
  if (recent.size >= RECENT_LIMIT) recent.clear();
  recent.set(key, result);
  return result;
}

const RECENT_LIMIT = 50_000;
const recent = new Map<string, NormalizeResult>();

function normalizeNow(kind: IdentityKind, raw: string, defaultRegion: CountryCode): NormalizeResult {
  const value = raw.trim();
  switch (kind) {
    case 'phone': {
      const phone = parsePhoneNumberFromString(value, defaultRegion);
      if (!phone || !phone.isValid()) return { ok: false, reason: 'is not a valid phone number' };
      return { ok: true, value: phone.number };
    }
    case 'email': {
      const lower = value.toLowerCase();
      return email.safeParse(lower).success ? { ok: true, value: lower } : { ok: false, reason: 'is not a valid email address' };
    }
    case 'account': {
      const account = value.replace(/\s+/g, '').toUpperCase();
      return account ? { ok: true, value: account } : { ok: false, reason: 'is empty' };
    }
    case 'chat':
    case 'social': {
      const handle = value.replace(/^@/, '').toLowerCase();
      return handle ? { ok: true, value: handle } : { ok: false, reason: 'is empty' };
    }
  }
}

export const identityKey = (identity: Identity): string => `${identity.kind}:${identity.value}`;
