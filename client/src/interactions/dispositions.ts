import type { Disposition } from '../../../shared/interactions';

/**
 * Every disposition of shared/'s DISPOSITIONS, in its order, with words for the agent. A full
 * record: a disposition added there fails to compile here until it has a label. (Importing the
 * runtime list instead would bring zod into the console bundle with it.)
 */
export const DISPOSITION_LABELS: Readonly<Record<Disposition, string>> = {
  resolved: 'Resolved',
  follow_up_needed: 'Follow-up needed',
  escalated: 'Escalated',
  transferred: 'Transferred',
  callback_scheduled: 'Callback scheduled',
  retention_saved: 'Retention: customer saved',
  retention_lost: 'Retention: customer lost',
  cancelled_service: 'Service cancelled',
  information_only: 'Information only',
  no_response: 'No response from the customer',
};

export const DISPOSITION_OPTIONS = Object.entries(DISPOSITION_LABELS) as [Disposition, string][];

export function isDisposition(value: string): value is Disposition {
  return Object.hasOwn(DISPOSITION_LABELS, value);
}

/** Retention outcomes say whether the customer stayed; the server keeps it as `saved`. */
export function savedFor(disposition: Disposition): boolean | undefined {
  if (disposition === 'retention_saved') return true;
  if (disposition === 'retention_lost') return false;
  return undefined;
}
