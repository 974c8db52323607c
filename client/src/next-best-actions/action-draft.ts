import type { InteractionChannel } from '../../../shared/interactions';
import type { ActionCategory, CatalogAction, CreateAction, EligibilityRule, UpdateAction } from '../../../shared/nba';

/** What a number input holds: Vue's v-model casts it to a number, or leaves the text when it cannot. */
type NumberText = string | number;

/** The catalog form as the admin edits it: text where they type, parsed only on save. */
export interface ActionDraft {
  key: string;
  title: string;
  category: ActionCategory;
  script: string;
  channels: InteractionChannel[];
  eligibility: string;
  value: NumberText;
  cost: NumberText;
  lever: NumberText;
  group: string;
  /** Comma-separated signal or reason codes. */
  answers: string;
  maxPerCustomer30d: NumberText;
  suppressDaysAfterDecline: NumberText;
  active: boolean;
}

export type ActionDraftField = keyof ActionDraft;
export type DraftErrors = Partial<Record<ActionDraftField, string>>;

/** Every channel of shared/interactions, as a full record so a new one fails to compile here. */
export const CHANNEL_LABELS: Readonly<Record<InteractionChannel, string>> = { voice: 'Voice', chat: 'Chat' };

export type NumberField = 'value' | 'cost' | 'lever' | 'maxPerCustomer30d' | 'suppressDaysAfterDecline';

/** The numeric fields in form order, with words for their labels. */
export const NUMBER_FIELDS: readonly (readonly [NumberField, string])[] = [
  ['value', 'Value when accepted ($)'],
  ['cost', 'Cost when accepted ($)'],
  ['lever', 'Lever (1 neutral, 2 push, 0.5 hold back)'],
  ['maxPerCustomer30d', 'Most offers per customer in 30 days'],
  ['suppressDaysAfterDecline', 'Days not offered after a decline'],
];

/** A new action starts for everyone (`{"all": []}`), on every channel, with the server's defaults. */
export function emptyDraft(): ActionDraft {
  return {
    key: '',
    title: '',
    category: 'service',
    script: '',
    channels: ['voice', 'chat'],
    eligibility: '{\n  "all": []\n}',
    value: '0',
    cost: '0',
    lever: '1',
    group: '',
    answers: '',
    maxPerCustomer30d: '3',
    suppressDaysAfterDecline: '14',
    active: true,
  };
}

export function draftOf(action: CatalogAction): ActionDraft {
  return {
    key: action.key,
    title: action.title,
    category: action.category,
    script: action.script,
    channels: [...action.channels],
    eligibility: JSON.stringify(action.eligibility, null, 2),
    value: String(action.value),
    cost: String(action.cost),
    lever: String(action.lever),
    group: action.group,
    answers: action.answers.join(', '),
    maxPerCustomer30d: String(action.maxPerCustomer30d),
    suppressDaysAfterDecline: String(action.suppressDaysAfterDecline),
    active: action.active,
  };
}

export type DraftResult<T> = { ok: true; input: T } | { ok: false; errors: DraftErrors };

/**
 * What can be told without the server: JSON syntax, numbers that are numbers, required text.
 * The rules themselves (facts, operators, ranges) are the server's to judge, and its 400 names
 * the field; checking them here too would mean shipping the schema (and zod) to the console.
 */
export function parseDraft(draft: ActionDraft): DraftResult<Omit<CreateAction, 'key'>> {
  const errors: DraftErrors = {};
  const required = (field: 'title' | 'script' | 'group') => {
    const text = draft[field].trim();
    if (!text) errors[field] = 'Required.';
    return text;
  };
  const numberOf = (field: NumberField, whole = false) => {
    const text = String(draft[field]).trim();
    const parsed = Number(text);
    if (text === '' || !Number.isFinite(parsed)) errors[field] = 'Enter a number.';
    else if (whole && !Number.isInteger(parsed)) errors[field] = 'Enter a whole number.';
    return parsed;
  };

  let eligibility: EligibilityRule = { all: [] };
  try {
    const parsed: unknown = JSON.parse(draft.eligibility);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) errors.eligibility = 'The rule is a JSON object, e.g. {"all": []}.';
    // Its shape is checked by the server, which names the part that is wrong.
    else eligibility = parsed as EligibilityRule;
  } catch (caught) {
    errors.eligibility = `Not valid JSON: ${caught instanceof Error ? caught.message : String(caught)}`;
  }
  if (draft.channels.length === 0) errors.channels = 'Pick at least one channel.';

  const input = {
    title: required('title'),
    category: draft.category,
    script: required('script'),
    channels: [...draft.channels],
    eligibility,
    value: numberOf('value'),
    cost: numberOf('cost'),
    lever: numberOf('lever'),
    group: required('group'),
    answers: draft.answers
      .split(',')
      .map((code) => code.trim())
      .filter(Boolean),
    maxPerCustomer30d: numberOf('maxPerCustomer30d', true),
    suppressDaysAfterDecline: numberOf('suppressDaysAfterDecline', true),
    active: draft.active,
  };
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input };
}

export function parseNewDraft(draft: ActionDraft): DraftResult<CreateAction> {
  const parsed = parseDraft(draft);
  const key = draft.key.trim();
  if (!key) return { ok: false, errors: { ...(parsed.ok ? {} : parsed.errors), key: 'Required.' } };
  return parsed.ok ? { ok: true, input: { key, ...parsed.input } } : parsed;
}

/** Only what changed: a PATCH that names a field the admin did not touch could undo someone else's edit. */
export function changesOf(action: CatalogAction, input: Omit<CreateAction, 'key'>): UpdateAction {
  const patch: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input)) {
    if (JSON.stringify(value) !== JSON.stringify(action[field as keyof CatalogAction])) patch[field] = value;
  }
  return patch as UpdateAction;
}

/** The form field a server error names (`eligibility.all.0.op` is the eligibility field's). */
export function draftFieldOf(field: string | undefined): ActionDraftField | null {
  const top = field?.split('.')[0];
  return top !== undefined && top in emptyDraft() ? (top as ActionDraftField) : null;
}
