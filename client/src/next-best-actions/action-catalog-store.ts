import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { CatalogAction } from '../../../shared/nba';
import * as api from '../api/console-api';
import { asApiError } from '../api/http';
import { changesOf, draftFieldOf, draftOf, emptyDraft, parseDraft, parseNewDraft, type ActionDraft, type DraftErrors } from './action-draft';

/** The action catalog as admins and supervisors manage it: the list, and the one action being edited. */
export const useActionCatalogStore = defineStore('action-catalog', () => {
  const actions = shallowRef<readonly CatalogAction[]>([]);
  const loading = ref(false);
  const loadError = ref<string | null>(null);
  /** null: no form open; 'new': creating; otherwise the id of the action being edited. */
  const editing = ref<string | null>(null);
  const draft = ref<ActionDraft>(emptyDraft());
  const fieldErrors = ref<DraftErrors>({});
  const formError = ref<string | null>(null);
  const saving = ref(false);
  /** The key of the last action saved, for the page to say so. */
  const savedKey = ref<string | null>(null);
  /** A reload started later wins: an older answer arriving last is dropped. */
  let loadToken = 0;

  const editingAction = computed(() => actions.value.find((action) => action.id === editing.value) ?? null);

  async function load(): Promise<void> {
    const token = ++loadToken;
    loading.value = true;
    loadError.value = null;
    try {
      const { actions: loaded } = await api.fetchActionCatalog();
      if (token === loadToken) actions.value = loaded;
    } catch (caught) {
      if (token === loadToken) loadError.value = asApiError(caught).message;
    } finally {
      if (token === loadToken) loading.value = false;
    }
  }

  function startNew() {
    open('new', emptyDraft());
  }

  function startEdit(id: string) {
    const action = actions.value.find((candidate) => candidate.id === id);
    if (action) open(id, draftOf(action));
  }

  function open(target: string, next: ActionDraft) {
    editing.value = target;
    draft.value = next;
    fieldErrors.value = {};
    formError.value = null;
    savedKey.value = null;
  }

  function close() {
    editing.value = null;
    fieldErrors.value = {};
    formError.value = null;
  }

  async function save(): Promise<boolean> {
    const target = editing.value;
    if (!target || saving.value) return false;
    formError.value = null;
    savedKey.value = null;
    fieldErrors.value = {};
    const current = target === 'new' ? null : editingAction.value;
    if (target !== 'new' && !current) {
      formError.value = 'This action is no longer in the catalog; reload the page.';
      return false;
    }
    const send = prepare(current);
    if (!send) return false;
    saving.value = true;
    try {
      const { action } = await send();
      const known = actions.value.some((candidate) => candidate.id === action.id);
      actions.value = known ? actions.value.map((candidate) => (candidate.id === action.id ? action : candidate)) : [...actions.value, action];
      // The admin may have opened another action while this one saved: that form stays as it is.
      if (editing.value === target) {
        savedKey.value = action.key;
        close();
      }
      return true;
    } catch (caught) {
      const error = asApiError(caught);
      if (editing.value !== target) return false;
      // The server names the field (`eligibility.all.0.op: …`): shown at it, whole, so the path inside the rule is readable.
      const field = draftFieldOf(error.field);
      if (field) fieldErrors.value = { [field]: error.message };
      else formError.value = error.message;
      return false;
    } finally {
      saving.value = false;
    }
  }

  /** The request to send, or null when the form has something to fix first. */
  function prepare(current: CatalogAction | null): (() => Promise<{ action: CatalogAction }>) | null {
    if (current) {
      const parsed = parseDraft(draft.value);
      if (!parsed.ok) {
        fieldErrors.value = parsed.errors;
        return null;
      }
      const patch = changesOf(current, parsed.input);
      if (Object.keys(patch).length === 0) {
        formError.value = 'Nothing changed.';
        return null;
      }
      return () => api.updateAction(current.id, patch);
    }
    const parsed = parseNewDraft(draft.value);
    if (!parsed.ok) {
      fieldErrors.value = parsed.errors;
      return null;
    }
    return () => api.createAction(parsed.input);
  }

  function $reset() {
    loadToken += 1;
    actions.value = [];
    loading.value = false;
    loadError.value = null;
    editing.value = null;
    draft.value = emptyDraft();
    fieldErrors.value = {};
    formError.value = null;
    saving.value = false;
    savedKey.value = null;
  }

  return {
    actions,
    loading,
    loadError,
    editing,
    draft,
    fieldErrors,
    formError,
    saving,
    savedKey,
    editingAction,
    load,
    startNew,
    startEdit,
    close,
    save,
    $reset,
  };
});
