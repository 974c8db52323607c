import { describe, expect, it } from 'vitest';
import { signBody, verifySignature } from './signature';

const secret = 'whsec_current_0123456789abcdef0123456789';
const previous = 'whsec_previous_0123456789abcdef012345678';
const body = Buffer.from('{"events":[]}');
const now = 1_800_000_000;
const options = { secrets: [secret], toleranceSeconds: 300, now };

describe('verifySignature', () => {
  it('accepts a body signed with the secret', () => {
    expect(verifySignature(signBody(body, secret, now), body, options)).toBe(true);
  });

  it('rejects a tampered body', () => {
    expect(verifySignature(signBody(body, secret, now), Buffer.from('{"events":[1]}'), options)).toBe(false);
  });

  it('rejects a signature made with another secret', () => {
    expect(verifySignature(signBody(body, 'whsec_someone_else_0123456789abcdef0123', now), body, options)).toBe(false);
  });

  it('rejects a timestamp outside the tolerance, either way, and accepts one at its edge', () => {
    expect(verifySignature(signBody(body, secret, now - 301), body, options)).toBe(false);
    expect(verifySignature(signBody(body, secret, now + 301), body, options)).toBe(false);
    expect(verifySignature(signBody(body, secret, now - 300), body, options)).toBe(true);
  });

  it('rejects a timestamp that was changed after signing', () => {
    const header = signBody(body, secret, now).replace(`t=${now}`, `t=${now - 1}`);
    expect(verifySignature(header, body, options)).toBe(false);
  });

  it('accepts either of two v1 values while a sender rotates its secret', () => {
    const header = signBody(body, ['whsec_new_unknown_yet_0123456789abcdef01', secret], now);
    expect(header.match(/v1=/g)).toHaveLength(2);
    expect(verifySignature(header, body, options)).toBe(true);
  });

  it('accepts the previous secret while Cue rotates its own', () => {
    expect(verifySignature(signBody(body, previous, now), body, { ...options, secrets: [secret, previous] })).toBe(true);
  });

  it.each([undefined, '', 'garbage', `t=${now}`, 'v1=abc', `t=${now},v1=zz`, `t=abc,v1=${'0'.repeat(64)}`])(
    'rejects a malformed header %j',
    (header) => {
      expect(verifySignature(header, body, options)).toBe(false);
    },
  );
});
