import { getStores, type Pinia } from 'pinia';

/**
 * Forgets everything the signed-out user loaded, in every store, so the next person at this
 * desk never sees the previous one's customers. Each setup store implements its own `$reset`.
 */
export function resetAllStores(pinia: Pinia): void {
  for (const store of getStores(pinia)) store.$reset();
}
