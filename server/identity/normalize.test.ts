import { describe, expect, it } from 'vitest';
import { normalizeIdentity } from './normalize';

const phone = (value: string, region: 'US' | 'GB' = 'US') => normalizeIdentity('phone', value, region);

describe('normalizeIdentity', () => {
  it('writes one phone number the same way whatever format it came in', () => {
    const spellings = ['(415) 555-2671', '415.555.2671', '+1 415 555 2671', '1-415-555-2671', '+1 (415) 555 2671', '14155552671', ' 415-555-2671 '];
    for (const spelling of spellings) expect(phone(spelling)).toEqual({ ok: true, value: '+14155552671' });
  });

  it('reads national numbers in the configured region and keeps explicit country codes', () => {
    expect(phone('020 7946 0018', 'GB')).toEqual({ ok: true, value: '+442079460018' });
    expect(phone('+44 20 7946 0018', 'US')).toEqual({ ok: true, value: '+442079460018' });
  });

  it('rejects what is not a phone number', () => {
    expect(phone('12')).toMatchObject({ ok: false });
    expect(phone('call me maybe')).toMatchObject({ ok: false });
    expect(phone('(555) 012-3456')).toMatchObject({ ok: false });
  });

  it('trims and lower-cases emails and rejects malformed ones', () => {
    expect(normalizeIdentity('email', '  Jane.Doe@Example.COM ', 'US')).toEqual({ ok: true, value: 'jane.doe@example.com' });
    expect(normalizeIdentity('email', 'jane@', 'US')).toMatchObject({ ok: false });
  });

  it('normalises account numbers and handles by kind', () => {
    expect(normalizeIdentity('account', ' 7590-vhveg ', 'US')).toEqual({ ok: true, value: '7590-VHVEG' });
    expect(normalizeIdentity('social', '@JaneDoe', 'US')).toEqual({ ok: true, value: 'janedoe' });
    expect(normalizeIdentity('chat', 'Visitor_42', 'US')).toEqual({ ok: true, value: 'visitor_42' });
  });
});
