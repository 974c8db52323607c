import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { OutreachChannel, OutreachOutcome, WorklistItem } from '../../../shared/retention';
import * as api from '../api/retention-api';
import { asApiError } from '../api/http';
import { newRequestId } from '../realtime/request-ids';

export const WORKLIST_PAGE_SIZE = 25;
/** The server's limits (shared/retention), repeated so zod stays out of the console bundle. */
export const OUTREACH_OFFER_MAX = 300;
export const OUTREACH_NOTE_MAX = 2000;

export interface OutreachDraft {
  outcome: OutreachOutcome | '';
  channel: OutreachChannel;
  offer: string;
  note: string;
}
export type OutreachField = 'outcome' | 'channel' | 'offer' | 'note';

interface OutreachForm {
  customerId: string;
  draft: OutreachDraft;
  status: 'editing' | 'submitting';
  fieldErrors: Partial<Record<OutreachField, string>>;
  formError: string | null;
  /** One key per form across retries: an answer lost on the way is not a second outreach. */
  clientRequestId: string;
}

const emptyDraft = (): OutreachDraft => ({ outcome: '', channel: 'voice', offer: '', note: '' });

/** The high-risk worklist page: one page of the ranked list, and the outreach form of one row. */
export const useRetentionWorklistStore = defineStore('retention-worklist', () => {
  const items = shallowRef<WorklistItem[]>([]);
  const page = ref(1);
  const total = ref(0);
  const scoredAt = ref<string | null>(null);
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const error = ref<string | null>(null);
  const form = ref<OutreachForm | null>(null);
  /** The last outreach logged here, for the page to confirm. */
  const logged = ref<{ customerName: string | null; outcome: OutreachOutcome } | null>(null);
  // A slow answer for an earlier page must not land over the page asked for after it.
  let latestRequest = 0;

  const pages = computed(() => Math.max(1, Math.ceil(total.value / WORKLIST_PAGE_SIZE)));

  async function load(wanted = page.value): Promise<void> {
    const requestId = ++latestRequest;
    status.value = 'loading';
    error.value = null;
    try {
      const answer = await api.fetchWorklist({ page: wanted, limit: WORKLIST_PAGE_SIZE });
      if (requestId !== latestRequest) return;
      items.value = answer.items;
      page.value = answer.page;
      total.value = answer.total;
      scoredAt.value = answer.scoredAt;
      status.value = 'ready';
    } catch (caught) {
      if (requestId !== latestRequest) return;
      error.value = asApiError(caught).message;
      status.value = 'error';
    }
  }

  function openOutreach(customerId: string): void {
    if (form.value?.customerId === customerId) return;
    form.value = { customerId, draft: emptyDraft(), status: 'editing', fieldErrors: {}, formError: null, clientRequestId: newRequestId() };
  }

  function closeOutreach(): void {
    form.value = null;
  }

  async function submitOutreach(): Promise<boolean> {
    const current = form.value;
    if (!current || current.status !== 'editing') return false;
    const { draft } = current;
    const errors: Partial<Record<OutreachField, string>> = {};
    if (draft.outcome === '') errors.outcome = 'Pick what happened.';
    if (draft.offer.trim().length > OUTREACH_OFFER_MAX) errors.offer = `Keep the offer under ${OUTREACH_OFFER_MAX} characters.`;
    if (draft.note.trim().length > OUTREACH_NOTE_MAX) errors.note = `Keep the note under ${OUTREACH_NOTE_MAX} characters.`;
    current.fieldErrors = errors;
    current.formError = null;
    if (Object.keys(errors).length > 0 || draft.outcome === '') return false;
    const outcome = draft.outcome;
    current.status = 'submitting';
    try {
      await api.logOutreach({
        customerId: current.customerId,
        outcome,
        channel: draft.channel,
        clientRequestId: current.clientRequestId,
        ...(draft.offer.trim() ? { offer: draft.offer.trim() } : {}),
        ...(draft.note.trim() ? { note: draft.note.trim() } : {}),
      });
      const row = items.value.find((item) => item.customer.id === current.customerId);
      logged.value = { customerName: row?.customer.name ?? null, outcome };
      // Off the list now (the server keeps them off while the outreach cools down).
      items.value = items.value.filter((item) => item.customer.id !== current.customerId);
      total.value = Math.max(0, total.value - 1);
      if (form.value === current) form.value = null;
      return true;
    } catch (caught) {
      const failure = asApiError(caught);
      current.status = 'editing';
      const field = failure.field as OutreachField | undefined;
      if (field && ['outcome', 'channel', 'offer', 'note'].includes(field)) current.fieldErrors = { [field]: failure.message.replace(`${field}: `, '') };
      else current.formError = failure.code === 'network' ? `${failure.message} Submitting again logs it once.` : failure.message;
      return false;
    }
  }

  function $reset(): void {
    latestRequest += 1;
    items.value = [];
    page.value = 1;
    total.value = 0;
    scoredAt.value = null;
    status.value = 'idle';
    error.value = null;
    form.value = null;
    logged.value = null;
  }

  return { items, page, total, pages, scoredAt, status, error, form, logged, load, openOutreach, closeOutreach, submitOutreach, $reset };
});
