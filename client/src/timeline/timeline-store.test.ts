import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { TimelineEvent } from '../../../shared/timeline';
import { installFakeFetch, settle } from '../testing/fake-fetch';
import { useTimelineStore } from './timeline-store';

const CUSTOMER = '7f1c0d2e-5b7a-4d8e-9a51-1f0c2b3d4e5f';

let minute = 0;
const event = (id: string, channel: TimelineEvent['channel'] = 'voice'): TimelineEvent => ({
  id,
  customerId: CUSTOMER,
  source: 'test',
  sourceEventId: id,
  occurredAt: new Date(Date.UTC(2026, 0, 10) - ++minute * 60_000).toISOString(),
  channel,
  type: 'call.inbound',
  summary: `event ${id}`,
  data: {},
});

describe('useTimelineStore', () => {
  let network: ReturnType<typeof installFakeFetch>;

  beforeEach(() => {
    setActivePinia(createPinia());
    network = installFakeFetch();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('appends keyset pages in order, showing each event once, until the last page', async () => {
    const timeline = useTimelineStore();
    const [a, b, c] = [event('a'), event('b'), event('c')];
    timeline.open(CUSTOMER);
    network.take('/timeline').respond(200, { events: [a, b], nextCursor: 'cursor-1' });
    await settle();
    void timeline.loadMore();
    const second = network.take('before=cursor-1');
    // b shows up again (it was also pushed live, say): it must not be listed twice.
    second.respond(200, { events: [b, c], nextCursor: null });
    await settle();

    expect(timeline.events.map((e) => e.id)).toEqual(['a', 'b', 'c']);
    expect(timeline.reachedEnd).toBe(true);
    void timeline.loadMore();
    expect(network.pending).toHaveLength(0);
  });

  it('starts over when the channel filter changes and drops the page of the old filter', async () => {
    const timeline = useTimelineStore();
    timeline.open(CUSTOMER);
    const unfiltered = network.take('/timeline');
    timeline.toggleChannel('chat');
    const chatOnly = network.take('channel=chat');

    chatOnly.respond(200, { events: [event('chat-1', 'chat')], nextCursor: null });
    await settle();
    unfiltered.respond(200, { events: [event('voice-1'), event('voice-2')], nextCursor: 'x' });
    await settle();

    expect(timeline.channels).toEqual(['chat']);
    expect(timeline.events.map((e) => e.id)).toEqual(['chat-1']);
    expect(timeline.reachedEnd).toBe(true);
  });

  it('says so when no event matches the filter', async () => {
    const timeline = useTimelineStore();
    timeline.open(CUSTOMER);
    network.take('/timeline').respond(200, { events: [event('a')], nextCursor: null });
    await settle();
    timeline.setChannels(['field', 'store']);
    network.take('channel=field%2Cstore').respond(200, { events: [], nextCursor: null });
    await settle();
    expect(timeline.isEmpty).toBe(true);
    expect(timeline.rows).toEqual([]);
  });

  it('stops on an error and picks up from the same cursor on retry', async () => {
    const timeline = useTimelineStore();
    timeline.open(CUSTOMER);
    network.take('/timeline').respond(200, { events: [event('a')], nextCursor: 'c1' });
    await settle();
    void timeline.loadMore();
    network.take('before=c1').respond(503, { error: { code: 'internal', message: 'try later' } });
    await settle();
    expect(timeline.status).toBe('error');
    void timeline.loadMore();
    expect(network.pending).toHaveLength(0);

    timeline.retry();
    network.take('before=c1').respond(200, { events: [event('b')], nextCursor: null });
    await settle();
    expect(timeline.status).toBe('ready');
    expect(timeline.events.map((e) => e.id)).toEqual(['a', 'b']);
  });

  it('holds live events back until asked, then merges them in time order', async () => {
    const timeline = useTimelineStore();
    timeline.open(CUSTOMER);
    const loaded = [event('old-1'), event('old-2')];
    network.take('/timeline').respond(200, { events: loaded, nextCursor: null });
    await settle();

    const live = { ...event('live'), occurredAt: new Date(Date.UTC(2026, 0, 11)).toISOString() };
    timeline.receiveLiveEvent(live);
    timeline.receiveLiveEvent(live);
    timeline.receiveLiveEvent({ ...event('other'), customerId: 'someone-else' });
    expect(timeline.events.map((e) => e.id)).toEqual(['old-1', 'old-2']);
    expect(timeline.pendingLive.map((e) => e.id)).toEqual(['live']);

    timeline.showPendingLive();
    expect(timeline.events.map((e) => e.id)).toEqual(['live', 'old-1', 'old-2']);
  });

  it('starts from a page in hand (the screen pop) and continues through the keyset API from its cursor', async () => {
    const timeline = useTimelineStore();
    timeline.openWithPage(CUSTOMER, { events: [event('pop-1'), event('pop-2')], nextCursor: 'pop-cursor' });
    expect(timeline.status).toBe('ready');
    expect(network.pending).toHaveLength(0);

    void timeline.loadMore();
    network.take('before=pop-cursor').respond(200, { events: [event('pop-2'), event('older')], nextCursor: null });
    await settle();
    expect(timeline.events.map((e) => e.id)).toEqual(['pop-1', 'pop-2', 'older']);
  });

  it("shows the agent's own event the moment it arrives, with what was buffered before it", () => {
    const timeline = useTimelineStore();
    timeline.openWithPage(CUSTOMER, { events: [event('loaded')], nextCursor: null });
    const someoneElses = { ...event('someone-elses'), occurredAt: new Date(Date.UTC(2026, 0, 11)).toISOString() };
    timeline.receiveLiveEvent(someoneElses);
    expect(timeline.pendingLive.map((e) => e.id)).toEqual(['someone-elses']);

    // Asked for before the event is here (the wrap-up's answer can beat its push after a resync).
    timeline.revealOwnEvent('outcome');
    expect(timeline.revealCount).toBe(0);
    timeline.receiveLiveEvent({ ...event('outcome'), occurredAt: new Date(Date.UTC(2026, 0, 12)).toISOString() });

    expect(timeline.events.map((e) => e.id)).toEqual(['outcome', 'someone-elses', 'loaded']);
    expect(timeline.pendingLive).toEqual([]);
    expect(timeline.revealCount).toBe(1);

    // Live events after that are buffered again.
    timeline.receiveLiveEvent({ ...event('later'), occurredAt: new Date(Date.UTC(2026, 0, 13)).toISOString() });
    expect(timeline.pendingLive.map((e) => e.id)).toEqual(['later']);
  });
});
