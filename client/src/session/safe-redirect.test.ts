import { describe, expect, it } from 'vitest';
import { safeRedirect } from './safe-redirect';

describe('safeRedirect', () => {
  it('keeps paths inside the console', () => {
    expect(safeRedirect('/customers/42?tab=timeline')).toBe('/customers/42?tab=timeline');
  });

  it('sends anything else home', () => {
    for (const value of ['https://evil.example', '//evil.example', '/\\evil.example', '/login?redirect=/x', null, undefined]) {
      expect(safeRedirect(value)).toBe('/');
    }
  });
});
