import type { ProfileInput } from '../../shared/ingest';
import type { ProfileAttributes } from '../../shared/customers';

interface StoredProfile {
  name: string | null;
  attributes: ProfileAttributes;
}

/** Lower-cased with a leading space, so "a word of the name starts with q" is LIKE '% q%'. */
export const nameSearchOf = (name: string | null): string | null => (name ? ` ${name.toLowerCase()}` : null);

/** Newer profile data wins attribute by attribute; attributes it does not mention are kept. */
export function mergeProfile(current: StoredProfile, input: ProfileInput): StoredProfile & { nameSearch: string | null } {
  const name = input.name ?? current.name;
  return { name, nameSearch: nameSearchOf(name), attributes: { ...current.attributes, ...input.attributes } };
}
