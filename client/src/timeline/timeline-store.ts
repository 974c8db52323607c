import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Channel, TimelineEvent, TimelinePage } from '../../../shared/timeline';
import * as api from '../api/console-api';
import { asApiError, type ApiError } from '../api/http';
import { buildTimelineRows } from './timeline-rows';

/** Big enough that a fast scroll rarely outruns it, small enough to answer quickly. */
export const TIMELINE_PAGE_SIZE = 100;

export type TimelineStatus = 'idle' | 'loading' | 'ready' | 'error';

/** The server's order, (occurredAt, id) descending, compared as plain strings like its index does. */
const compareDesc = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);
const newestFirst = (a: TimelineEvent, b: TimelineEvent) => compareDesc(a.occurredAt, b.occurredAt) || compareDesc(a.id, b.id);

/** The unified timeline of the customer on screen, one keyset page at a time. */
export const useTimelineStore = defineStore('timeline', () => {
  const customerId = ref<string | null>(null);
  /** Selected channels; empty means all of them. */
  const channels = ref<Channel[]>([]);
  // shallowRef: thousands of events are replaced, never mutated, so deep reactivity would only cost.
  const events = shallowRef<TimelineEvent[]>([]);
  const nextCursor = ref<string | null>(null);
  const reachedEnd = ref(false);
  const status = ref<TimelineStatus>('idle');
  const error = ref<ApiError | null>(null);
  /** Live events held back so the list does not move under the reader's eyes; shown on request. */
  const pendingLive = shallowRef<TimelineEvent[]>([]);
  /** Bumped when live events are put on the list at the top, so the list can scroll there. */
  const revealCount = ref(0);

  const rows = computed(() => buildTimelineRows(events.value));
  const isEmpty = computed(() => reachedEnd.value && events.value.length === 0);

  let seenIds = new Set<string>();
  // Bumped whenever the list starts over (another customer, another filter): a page requested
  // before that belongs to a list that no longer exists and is dropped when it arrives.
  let generation = 0;
  // Events this agent just wrote (a wrap-up outcome): held back like any live event, they would
  // hide the very result the agent is waiting to see, so they go on the list at once.
  const ownEventIds = new Set<string>();

  /** Starts the customer's timeline from its newest event; the channel filter is kept only for the same customer. */
  function open(id: string) {
    if (customerId.value !== id) channels.value = [];
    customerId.value = id;
    restart();
  }

  /**
   * Starts the customer's timeline from a first page already in hand (the screen pop carries
   * one), so the agent sees the history with the pop instead of after another round trip.
   * Later pages come through the keyset API from the page's cursor as usual.
   */
  function openWithPage(id: string, page: TimelinePage) {
    customerId.value = id;
    channels.value = [];
    generation += 1;
    pendingLive.value = [];
    ownEventIds.clear();
    seenIds = new Set(page.events.map((event) => event.id));
    events.value = [...new Map(page.events.map((event) => [event.id, event])).values()].sort(newestFirst);
    nextCursor.value = page.nextCursor;
    reachedEnd.value = page.nextCursor === null;
    error.value = null;
    status.value = 'ready';
  }

  function setChannels(next: readonly Channel[]) {
    const unchanged = next.length === channels.value.length && next.every((c) => channels.value.includes(c));
    if (unchanged) return;
    channels.value = [...next];
    restart();
  }

  function toggleChannel(channel: Channel) {
    setChannels(channels.value.includes(channel) ? channels.value.filter((c) => c !== channel) : [...channels.value, channel]);
  }

  function restart() {
    generation += 1;
    events.value = [];
    pendingLive.value = [];
    ownEventIds.clear();
    seenIds = new Set();
    nextCursor.value = null;
    reachedEnd.value = false;
    error.value = null;
    status.value = 'idle';
    void loadMore();
  }

  /** Fetches the next page; a no-op while one is in flight, after the last page, or after an error (use retry). */
  async function loadMore(): Promise<void> {
    const id = customerId.value;
    if (!id || status.value === 'loading' || status.value === 'error' || reachedEnd.value) return;
    const requestGeneration = generation;
    status.value = 'loading';
    try {
      const page = await api.fetchTimelinePage(id, {
        before: nextCursor.value,
        limit: TIMELINE_PAGE_SIZE,
        channels: channels.value,
      });
      if (requestGeneration !== generation) return;
      // Keyset pages do not overlap, but an event shown live and then met again in a later page must appear once.
      const fresh = page.events.filter((event) => !seenIds.has(event.id));
      for (const event of fresh) seenIds.add(event.id);
      events.value = fresh.length > 0 ? events.value.concat(fresh) : events.value;
      nextCursor.value = page.nextCursor;
      reachedEnd.value = page.nextCursor === null;
      status.value = 'ready';
    } catch (caught) {
      if (requestGeneration !== generation) return;
      error.value = asApiError(caught);
      status.value = 'error';
    }
  }

  function retry() {
    if (status.value !== 'error') return;
    error.value = null;
    status.value = 'ready';
    void loadMore();
  }

  /** A `timeline:event` pushed by the server (wired by the realtime module). */
  function receiveLiveEvent(event: TimelineEvent) {
    if (event.customerId !== customerId.value || seenIds.has(event.id)) return;
    if (channels.value.length > 0 && !channels.value.includes(event.channel)) return;
    seenIds.add(event.id);
    pendingLive.value = [...pendingLive.value, event];
    if (ownEventIds.delete(event.id)) showPendingLive();
  }

  /** Shows the event with this id as soon as it is here (now, if it already is). */
  function revealOwnEvent(eventId: string) {
    if (pendingLive.value.some((event) => event.id === eventId)) showPendingLive();
    else if (!seenIds.has(eventId)) ownEventIds.add(eventId);
  }

  function showPendingLive() {
    if (pendingLive.value.length === 0) return;
    revealCount.value += 1;
    const oldestLoaded = events.value.at(-1);
    // An event older than everything loaded belongs to a page not fetched yet; it is left to
    // arrive with that page rather than shown out of order at the bottom.
    const belongsLater = (event: TimelineEvent) => !reachedEnd.value && oldestLoaded !== undefined && newestFirst(event, oldestLoaded) > 0;
    const later = pendingLive.value.filter(belongsLater);
    for (const event of later) seenIds.delete(event.id);
    const now = pendingLive.value.filter((event) => !belongsLater(event));
    // A late-arriving event can be older than the top of the list, so it is merged by time, not prepended.
    if (now.length > 0) events.value = [...now, ...events.value].sort(newestFirst);
    pendingLive.value = [];
  }

  function $reset() {
    generation += 1;
    ownEventIds.clear();
    revealCount.value = 0;
    customerId.value = null;
    channels.value = [];
    events.value = [];
    pendingLive.value = [];
    seenIds = new Set();
    nextCursor.value = null;
    reachedEnd.value = false;
    error.value = null;
    status.value = 'idle';
  }

  return {
    customerId,
    channels,
    events,
    nextCursor,
    reachedEnd,
    status,
    error,
    pendingLive,
    revealCount,
    rows,
    isEmpty,
    open,
    openWithPage,
    setChannels,
    toggleChannel,
    loadMore,
    retry,
    receiveLiveEvent,
    revealOwnEvent,
    showPendingLive,
    $reset,
  };
});
