import { describe, expect, it } from 'vitest';
import { formatIdentityValue, sortIdentities } from './identities';

describe('identities', () => {
  it('shows North American E.164 numbers the way agents read them and leaves others alone', () => {
    expect(formatIdentityValue({ kind: 'phone', value: '+14155550134' })).toBe('+1 (415) 555-0134');
    expect(formatIdentityValue({ kind: 'phone', value: '+442071234567' })).toBe('+442071234567');
    expect(formatIdentityValue({ kind: 'account', value: '+14155550134' })).toBe('+14155550134');
  });

  it('lists phones first, then emails, then accounts', () => {
    const sorted = sortIdentities([
      { kind: 'account', value: 'A-1' },
      { kind: 'email', value: 'x@example.com' },
      { kind: 'phone', value: '+14155550134' },
    ]);
    expect(sorted.map((identity) => identity.kind)).toEqual(['phone', 'email', 'account']);
  });
});
