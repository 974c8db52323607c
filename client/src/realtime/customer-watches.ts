import { watch, type WatchSource } from 'vue';
import { liveRequest } from './live-requests';

/**
 * Which customers' timelines this console follows live (`customer:watch`), counted per
 * viewer: the agent console and the customer page may show the same customer, and one of them
 * closing must not stop the other's updates.
 */
const watchers = new Map<string, number>();

async function follow(customerId: string): Promise<void> {
  const answer = await liveRequest('customer:watch', { customerId });
  if (answer.ok) return;
  // Offline: resent on the next connect (rewatchCustomers). not_found: agents follow only the
  // customers they have handled; the page still works, just without live updates.
  if (answer.error.code === 'network' || answer.error.code === 'not_found') return;
  console.warn(`could not follow customer ${customerId}: ${answer.error.message}`);
}

async function unfollow(customerId: string): Promise<void> {
  const answer = await liveRequest('customer:unwatch', { customerId });
  // Leaving a room cannot fail for a reason the agent could act on; after a reconnect the
  // socket is not in it anyway.
  if (!answer.ok && answer.error.code !== 'network') console.warn(`could not stop following customer ${customerId}: ${answer.error.message}`);
}

/** Follows `customerId` live until the returned function is called. */
export function watchCustomer(customerId: string): () => void {
  const count = watchers.get(customerId) ?? 0;
  watchers.set(customerId, count + 1);
  if (count === 0) void follow(customerId);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (watchers.get(customerId) ?? 1) - 1;
    if (left > 0) {
      watchers.set(customerId, left);
      return;
    }
    watchers.delete(customerId);
    void unfollow(customerId);
  };
}

/** A new socket (not a recovered one) is in no customer room: join them all again. */
export function rewatchCustomers(): void {
  for (const customerId of watchers.keys()) void follow(customerId);
}

export function watchedCustomers(): string[] {
  return [...watchers.keys()];
}

/** For components: follows the customer `source` names while it is shown, and stops with the component. */
export function useCustomerWatch(source: WatchSource<string | null | undefined>): void {
  watch(
    source,
    (customerId, _previous, onCleanup) => {
      if (customerId) onCleanup(watchCustomer(customerId));
    },
    { immediate: true },
  );
}
