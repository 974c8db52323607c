import type { StartChatRequest } from '../../../shared/realtime';

export type StartChatField = 'name' | 'email' | 'phone';
export type StartChatErrors = Partial<Record<StartChatField, string>>;

export interface StartChatForm {
  name: string;
  email: string;
  phone: string;
}

/** The form as the request: empty optional fields are left out, as the schema expects. */
export function toStartChatRequest(form: StartChatForm): StartChatRequest {
  const email = form.email.trim();
  const phone = form.phone.trim();
  return { name: form.name.trim(), ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
}

const isField = (value: unknown): value is StartChatField => value === 'name' || value === 'email' || value === 'phone';

const MESSAGES: Readonly<Record<StartChatField, string>> = {
  name: 'Tell us your name.',
  email: 'Give an email address or a phone number so we can reach you.',
  phone: 'Check the phone number.',
};

/**
 * Checks the form with the contract's own schema (shared/realtime's startChatSchema), so the
 * widget and the server cannot disagree. Loaded on demand: the schema brings zod, which is as
 * big as the rest of the widget, and a visitor resuming a chat never needs it.
 */
export async function validateStartChat(form: StartChatForm): Promise<StartChatErrors> {
  const { startChatSchema } = await import('../../../shared/realtime');
  const parsed = startChatSchema.safeParse(toStartChatRequest(form));
  if (parsed.success) return {};
  const errors: StartChatErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    // The schema's own words are for developers ("Too small: expected string to have >=1 characters").
    if (isField(field)) errors[field] ??= MESSAGES[field];
  }
  return errors;
}

/** Starts loading the schema before it is needed (the visitor began filling in the form). */
export function preloadStartChatValidation(): void {
  void import('../../../shared/realtime');
}
