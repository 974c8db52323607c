import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Disposition } from '../../../shared/interactions';
import { fieldOfError, liveRequest } from '../realtime/live-requests';
import { newRequestId } from '../realtime/request-ids';
import { useSessionStore } from '../session/session-store';
import { useTimelineStore } from '../timeline/timeline-store';
import { savedFor } from './dispositions';
import { useLiveInteractionStore } from './live-interaction-store';

export type WrapupField = 'disposition' | 'notes' | 'saved' | 'offer';
export type RetentionResult = 'saved' | 'lost';
export type WrapupStatus = 'editing' | 'submitting' | 'done';

/** The server's limit on notes (shared/realtime wrapupSchema). */
export const WRAPUP_NOTES_MAX = 4000;
/** The server's limit on the offer made (shared/retention OFFER_MAX; not imported, to keep zod out of the bundle). */
export const WRAPUP_OFFER_MAX = 300;

/** The wrap-up form of the interaction on screen: what the agent picked, and whether it landed. */
export const useWrapupStore = defineStore('wrapup', () => {
  const live = useLiveInteractionStore();
  const session = useSessionStore();
  const timeline = useTimelineStore();
  const interactionId = ref<string | null>(null);
  const disposition = ref<Disposition | ''>('');
  const notes = ref('');
  /** Retention wrap-ups: did the customer stay, and what was offered. */
  const result = ref<RetentionResult | ''>('');
  const offer = ref('');
  const status = ref<WrapupStatus>('editing');
  const fieldErrors = ref<Partial<Record<WrapupField, string>>>({});
  const formError = ref<string | null>(null);
  const outcome = ref<{ disposition: Disposition; eventId: string } | null>(null);
  /**
   * One key per interaction's wrap-up, kept across every retry: when an ack is lost after the
   * server stored the outcome, the retry is answered with that same outcome instead of a
   * second one (or a conflict).
   */
  const clientRequestId = ref('');

  const submitting = computed(() => status.value === 'submitting');
  /** The retention desk records every interaction as a save or a loss (the server requires it too). */
  const isRetention = computed(() => session.user?.role === 'retention');

  /** Opens the form for this interaction; the same interaction keeps its draft and its key. */
  function begin(id: string) {
    if (interactionId.value === id) return;
    interactionId.value = id;
    disposition.value = '';
    notes.value = '';
    result.value = '';
    offer.value = '';
    status.value = 'editing';
    fieldErrors.value = {};
    formError.value = null;
    outcome.value = null;
    clientRequestId.value = newRequestId();
  }

  function validate(): Disposition | null {
    const errors: Partial<Record<WrapupField, string>> = {};
    if (disposition.value === '') errors.disposition = 'Pick a disposition.';
    if (notes.value.trim().length > WRAPUP_NOTES_MAX) errors.notes = `Keep notes under ${WRAPUP_NOTES_MAX} characters.`;
    if (offer.value.trim().length > WRAPUP_OFFER_MAX) errors.offer = `Keep the offer under ${WRAPUP_OFFER_MAX} characters.`;
    const implied = disposition.value === '' ? undefined : savedFor(disposition.value);
    const stated = result.value === '' ? undefined : result.value === 'saved';
    if (isRetention.value && implied === undefined && stated === undefined) errors.saved = 'Say whether the customer stayed.';
    if (implied !== undefined && stated !== undefined && implied !== stated) errors.saved = 'This does not match the disposition.';
    fieldErrors.value = errors;
    return Object.keys(errors).length === 0 && disposition.value !== '' ? disposition.value : null;
  }

  async function submit(): Promise<boolean> {
    const id = interactionId.value;
    if (!id || status.value !== 'editing') return false;
    formError.value = null;
    const picked = validate();
    if (!picked) return false;
    status.value = 'submitting';
    const trimmed = notes.value.trim();
    const saved = result.value === '' ? savedFor(picked) : result.value === 'saved';
    const offered = offer.value.trim();
    const answer = await liveRequest('interaction:wrapup', {
      interactionId: id,
      disposition: picked,
      clientRequestId: clientRequestId.value,
      ...(trimmed ? { notes: trimmed } : {}),
      ...(saved === undefined ? {} : { saved }),
      ...(offered ? { offer: offered } : {}),
    });
    // The agent moved on to another interaction while this was in flight.
    if (interactionId.value !== id) return answer.ok;
    if (answer.ok) {
      status.value = 'done';
      outcome.value = { disposition: picked, eventId: answer.eventId };
      live.receiveWrappedUp(id);
      timeline.revealOwnEvent(answer.eventId);
      return true;
    }
    status.value = 'editing';
    const { field, message } = fieldOfError(answer);
    if (field === 'disposition' || field === 'notes' || field === 'saved' || field === 'offer') fieldErrors.value = { [field]: message };
    else formError.value = answer.error.code === 'network' ? `${message} Your wrap-up was not confirmed; submitting again records it once.` : message;
    return false;
  }

  function $reset() {
    interactionId.value = null;
    disposition.value = '';
    notes.value = '';
    result.value = '';
    offer.value = '';
    status.value = 'editing';
    fieldErrors.value = {};
    formError.value = null;
    outcome.value = null;
    clientRequestId.value = '';
  }

  return { interactionId, disposition, notes, result, offer, isRetention, status, fieldErrors, formError, outcome, clientRequestId, submitting, begin, submit, $reset };
});
