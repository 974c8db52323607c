import type { ActionCategory, DeclineReason } from '../../../shared/nba';

/**
 * Words for the agent, as full records over shared/nba's lists: a reason or category added
 * there fails to compile here until it has words. (Importing the runtime lists instead would
 * bring zod into the console bundle with them.)
 */
export const DECLINE_REASON_LABELS: Readonly<Record<DeclineReason, string>> = {
  too_expensive: 'Too expensive',
  not_interested: 'Not interested',
  already_has_it: 'Already has it',
  not_relevant_now: 'Not relevant now',
  needs_to_think: 'Wants to think about it',
  customer_upset: 'Customer too upset',
  other: 'Other reason',
};

export const DECLINE_REASON_OPTIONS = Object.entries(DECLINE_REASON_LABELS) as [DeclineReason, string][];

export const CATEGORY_LABELS: Readonly<Record<ActionCategory, string>> = {
  retention: 'Retention',
  service: 'Service',
  sales: 'Sales',
  education: 'Education',
};

export const CATEGORY_OPTIONS = Object.entries(CATEGORY_LABELS) as [ActionCategory, string][];
