import { onBeforeUnmount, onMounted } from 'vue';

export interface ConsoleShortcutActions {
  /** A: accept the interaction waiting for the agent. */
  accept(): void;
  /** W: go to the wrap-up form. */
  focusWrapup(): void;
  /** Ctrl+Enter (⌘+Enter): submit the wrap-up. Returns whether it was there to submit. */
  submitWrapup(): boolean;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.closest('input, textarea, select, [contenteditable="true"]') !== null;
}

/**
 * The console's keyboard shortcuts, for the component's lifetime. Single letters never fire
 * while the agent is typing (an "a" in a chat reply is an "a"); Ctrl+Enter does, because
 * that is where it is wanted: at the end of the wrap-up notes.
 */
export function useConsoleShortcuts(actions: ConsoleShortcutActions): void {
  function onKeydown(event: KeyboardEvent) {
    if (event.defaultPrevented || event.isComposing || event.repeat) return;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      if (actions.submitWrapup()) event.preventDefault();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    const key = event.key.toLowerCase();
    if (key === 'a') {
      event.preventDefault();
      actions.accept();
    } else if (key === 'w') {
      event.preventDefault();
      actions.focusWrapup();
    }
  }
  onMounted(() => window.addEventListener('keydown', onKeydown));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown));
}
