/**
 * Writes a sample ndjson file for measuring `npm run import`:
 *
 *   npx tsx server/cli/make-sample-events.ts [--events 200000] [--customers 20000] [--order customer|time] [--seed 1] <out.ndjson>
 *
 * The events look like a real feed: several sources, most channels and types, customers
 * known by phone, email and account (the first event of each names all three, later ones
 * one), valid US phones, surveys with scores, complaints with ids. The same arguments give
 * the same file, so measurements can be repeated.
 *
 * `--order customer` (the default) writes each customer's history together, oldest first, as
 * a backfill exported from a CRM or billing system usually is. `--order time` interleaves all
 * customers by time, as a log would: the worst case for the database, since consecutive
 * events then land on unrelated pages of the per-customer timeline indexes.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import type { IngestEvent } from '../../shared/ingest';
import type { Channel, EventType, Identity } from '../../shared/timeline';
import { drawUsPhone } from '../demo/phones';
import { Random } from '../demo/random';

const DAY_MS = 24 * 60 * 60 * 1000;

type Kind = readonly [EventType, Channel, string, (random: Random, id: string) => Record<string, unknown>];
const KINDS: readonly (readonly [Kind, number])[] = [
  [['billing.invoice', 'email', 'billing', (r) => ({ amount: r.int(2000, 12000) / 100, currency: 'USD' })], 20],
  [['billing.payment', 'system', 'billing', (r) => ({ amount: r.int(2000, 12000) / 100, currency: 'USD' })], 18],
  [['call.inbound', 'voice', 'telephony', (r) => ({ durationSec: r.int(30, 1800), queue: r.pick(['support', 'billing']) })], 12],
  [['chat.session', 'chat', 'chat', (r) => ({ durationSec: r.int(60, 1200), messages: r.int(3, 40) })], 8],
  [['email.inbound', 'email', 'crm', () => ({})], 5],
  [['sms.outbound', 'sms', 'crm', () => ({})], 5],
  [['campaign.sent', 'email', 'campaigns', (r) => ({ campaignId: `cmp-${r.int(1, 40)}` })], 12],
  [['campaign.opened', 'email', 'campaigns', (r) => ({ campaignId: `cmp-${r.int(1, 40)}` })], 6],
  [['order.placed', 'web', 'crm', (r) => ({ orderId: `ord-${r.int(1, 1e9)}`, amount: r.int(1000, 50000) / 100 })], 3],
  [['complaint.opened', 'voice', 'crm', (r, id) => ({ complaintId: `cmp-${id}`, category: r.pick(['network', 'billing', 'service']) })], 3],
  [['survey.nps', 'email', 'surveys', (r) => ({ score: r.int(0, 10), comment: 'Service was fine' })], 3],
  [['survey.csat', 'sms', 'surveys', (r) => ({ score: r.int(1, 5) })], 3],
  [['social.post', 'social', 'social', () => ({ sentiment: 'negative' })], 2],
];

function usage(message?: string): never {
  if (message) console.error(message);
  console.error('usage: npx tsx server/cli/make-sample-events.ts [--events N] [--customers N] [--order customer|time] [--seed N] <out.ndjson>');
  process.exit(1);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        events: { type: 'string', default: '200000' },
        customers: { type: 'string', default: '20000' },
        order: { type: 'string', default: 'customer' },
        seed: { type: 'string', default: '1' },
      },
    });
  } catch (error) {
    usage((error as Error).message);
  }
  const [out] = parsed.positionals;
  const total = Number(parsed.values.events);
  const customerCount = Number(parsed.values.customers);
  if (!out || parsed.positionals.length > 1) usage();
  if (!Number.isInteger(total) || total < 1 || !Number.isInteger(customerCount) || customerCount < 1) usage('--events and --customers take positive integers');

  const order = parsed.values.order;
  if (order !== 'customer' && order !== 'time') usage('--order takes customer or time');

  const random = new Random('sample-events', parsed.values.seed);
  const phones = new Set<string>();
  const customers = Array.from({ length: customerCount }, (_, i) => ({
    account: { kind: 'account', value: `SMP-${String(i + 1).padStart(6, '0')}` } as Identity,
    phone: { kind: 'phone', value: drawUsPhone(random, phones) } as Identity,
    email: { kind: 'email', value: `customer${i + 1}@example.com` } as Identity,
    seen: false,
  }));
  // A fixed past anchor (midnight UTC today) keeps every event inside the API's "not in the future" rule.
  const asOf = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const slots = Array.from({ length: total }, () => ({ customer: random.int(0, customerCount - 1), at: asOf - random.int(0, 365 * DAY_MS) }));
  slots.sort(order === 'customer' ? (a, b) => a.customer - b.customer || a.at - b.at : (a, b) => a.at - b.at);

  const file = createWriteStream(out);
  let buffer = '';
  for (const [i, slot] of slots.entries()) {
    const customer = customers[slot.customer]!;
    const [type, channel, source, makeData] = random.weighted(KINDS);
    const id = String(i + 1).padStart(7, '0');
    const identities = customer.seen
      ? [channel === 'voice' || channel === 'sms' ? customer.phone : channel === 'email' ? customer.email : customer.account]
      : [customer.account, customer.phone, customer.email];
    const event: IngestEvent = {
      source,
      sourceEventId: `sample-${id}`,
      occurredAt: new Date(slot.at).toISOString(),
      channel,
      type,
      customer: {
        identities,
        ...(customer.seen ? {} : { profile: { name: `Sample Customer ${customer.account.value}`, attributes: { segment: 'consumer' } } }),
      },
      summary: `${type} ${id}`,
      data: makeData(random, id),
    };
    customer.seen = true;
    buffer += `${JSON.stringify(event)}\n`;
    if (buffer.length > 1 << 16) {
      if (!file.write(buffer)) await once(file, 'drain');
      buffer = '';
    }
  }
  file.end(buffer);
  await once(file, 'finish');
  console.error(`wrote ${total} events for ${customerCount} customers, ordered by ${order}, to ${out}`);
}

await main();
