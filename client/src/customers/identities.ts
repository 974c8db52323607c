import type { Identity, IdentityKind } from '../../../shared/timeline';

export const IDENTITY_KIND_LABELS: Readonly<Record<IdentityKind, string>> = {
  phone: 'Phone',
  email: 'Email',
  account: 'Account',
  chat: 'Chat handle',
  social: 'Social handle',
};

/** Identities arrive normalised (E.164 phones); agents read North American numbers in their usual shape. */
export function formatIdentityValue(identity: Identity): string {
  if (identity.kind !== 'phone') return identity.value;
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(identity.value);
  return nanp ? `+1 (${nanp[1]}) ${nanp[2]}-${nanp[3]}` : identity.value;
}

/** Phones first, then emails, accounts and handles: the order an agent verifies a caller in. */
export function sortIdentities(identities: readonly Identity[]): Identity[] {
  const order = Object.keys(IDENTITY_KIND_LABELS);
  return [...identities].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.value.localeCompare(b.value));
}
