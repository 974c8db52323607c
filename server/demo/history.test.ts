import { describe, expect, it } from 'vitest';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { ingestEventSchema } from '../../shared/ingest';
import { generateDemoCustomers, type DemoCustomer } from './history';
import { NORTHWIND, generateNorthwindEvents } from './northwind';
import { loadTelcoCustomers, type TelcoCustomer } from './telco-customers';

// Needs ../shared/data/telco-churn/Telco-Customer-Churn.csv beside the project (see shared/data/README.md).
const rows: TelcoCustomer[] = loadTelcoCustomers();
const asOf = new Date('2026-06-15T00:00:00Z');
const generate = (seed: number, limit: number): DemoCustomer[] => [...generateDemoCustomers(rows, { seed, asOf, limit })];

describe('loadTelcoCustomers', () => {
  it('reads all 7,043 customers with numbers as numbers and blank TotalCharges as null', () => {
    expect(rows).toHaveLength(7043);
    expect(rows[0]).toEqual({
      customerID: '7590-VHVEG',
      attributes: expect.objectContaining({ gender: 'Female', SeniorCitizen: 0, tenure: 1, MonthlyCharges: 29.85, TotalCharges: 29.85, Churn: 'No' }),
    });
    expect(rows.filter((row) => row.attributes.TotalCharges === null)).toHaveLength(11);
    expect(rows.filter((row) => row.attributes.Churn === 'Yes')).toHaveLength(1869);
  });

  it('falls back to the shared data folder, and names the paths it tried when the file is in neither', () => {
    expect(loadTelcoCustomers('/nowhere')).toHaveLength(7043);
    expect(() => loadTelcoCustomers('/nowhere', '/nor-here')).toThrow(
      '/nowhere/telco-churn/Telco-Customer-Churn.csv or /nor-here/telco-churn/Telco-Customer-Churn.csv',
    );
  });
});

describe('generateDemoCustomers', () => {
  it('makes the same customers and events from the same seed, whatever the limit', () => {
    const first = generate(7, 40);
    expect(generate(7, 40)).toEqual(first);
    expect(generate(7, 10)).toEqual(first.slice(0, 10));
  });

  it('makes different names, phones and histories from a different seed', () => {
    const a = generate(7, 20);
    const b = generate(8, 20);
    expect(b.map((c) => c.customerID)).toEqual(a.map((c) => c.customerID));
    expect(b.filter((c, i) => c.name === a[i]!.name).length).toBeLessThan(5);
    expect(b.filter((c, i) => c.identities[1]!.value === a[i]!.identities[1]!.value)).toHaveLength(0);
    expect(b.map((c) => c.events.length)).not.toEqual(a.map((c) => c.events.length));
  });

  it('gives every customer an account, a unique valid US phone and a unique email', () => {
    const customers = generate(3, 1000);
    const phones = customers.map((c) => c.identities.find((i) => i.kind === 'phone')!.value);
    const emails = customers.map((c) => c.identities.find((i) => i.kind === 'email')!.value);
    expect(new Set(phones).size).toBe(customers.length);
    expect(new Set(emails).size).toBe(customers.length);
    expect(phones.every((phone) => parsePhoneNumberFromString(phone, 'US')?.isValid() && !/^\+1\d{3}555/.test(phone))).toBe(true);
    expect(customers.every((c) => c.identities[0]!.kind === 'account' && c.identities[0]!.value === c.customerID)).toBe(true);
  });

  it('makes events the API accepts, newest no later than asOf, ids unique and stable', () => {
    const customers = generate(5, 300);
    const events = customers.flatMap((c) => c.events);
    for (const event of events) {
      const parsed = ingestEventSchema.safeParse(event);
      if (!parsed.success) throw new Error(`${event.sourceEventId}: ${parsed.error.message}`);
    }
    expect(events.every((event) => Date.parse(event.occurredAt) <= asOf.getTime())).toBe(true);
    expect(new Set(events.map((e) => `${e.source}:${e.sourceEventId}`)).size).toBe(events.length);
    expect(customers[0]!.events[0]!.sourceEventId).toBe('7590-VHVEG-0001');
    // The first event introduces the customer: every identity and the profile from the CSV.
    const first = customers[0]!.events[0]!;
    expect(first.customer.identities).toEqual(customers[0]!.identities);
    expect(first.customer.profile).toMatchObject({ name: customers[0]!.name, attributes: { Contract: 'Month-to-month', tenure: 1 } });
    const perCustomer = events.length / customers.length;
    expect(perCustomer).toBeGreaterThan(10);
    expect(perCustomer).toBeLessThan(25);
  });

  it('gives troubled profiles more complaints and contacts and lower scores than calm ones', () => {
    const customers = generate(11, 7043);
    const group = (pick: (c: DemoCustomer) => boolean) => stats(customers.filter(pick));
    const monthToMonthFiber = group((c) => c.attributes.Contract === 'Month-to-month' && c.attributes.InternetService === 'Fiber optic');
    const twoYear = group((c) => c.attributes.Contract === 'Two year');
    expect(monthToMonthFiber.complaintsPerCustomer).toBeGreaterThan(3 * twoYear.complaintsPerCustomer);
    expect(monthToMonthFiber.contactsPerCustomer).toBeGreaterThan(2 * twoYear.contactsPerCustomer);
    expect(monthToMonthFiber.meanNps).toBeLessThan(twoYear.meanNps - 2);

    const churners = group((c) => c.attributes.Churn === 'Yes');
    const stayers = group((c) => c.attributes.Churn === 'No');
    expect(churners.complaintsPerCustomer).toBeGreaterThan(stayers.complaintsPerCustomer);
    expect(churners.meanNps).toBeLessThan(stayers.meanNps);
    expect(churners.meanCsat).toBeLessThan(stayers.meanCsat);

    const failedShare = (method: string) => {
      const picked = customers.filter((c) => c.attributes.PaymentMethod === method).flatMap((c) => c.events);
      return picked.filter((e) => e.type === 'billing.payment_failed').length / picked.filter((e) => e.type === 'billing.invoice').length;
    };
    expect(failedShare('Electronic check')).toBeGreaterThan(3 * failedShare('Credit card (automatic)'));
  });
});

describe('generateNorthwindEvents', () => {
  it('makes exactly 10,000 valid events for one business, the same from the same seed', () => {
    const events = generateNorthwindEvents({ seed: 1, asOf });
    expect(events).toHaveLength(NORTHWIND.eventCount);
    expect(generateNorthwindEvents({ seed: 1, asOf })).toEqual(events);
    expect(events[0]!.customer.profile?.name).toBe('Northwind Traders');
    expect(new Set(events.map((e) => e.sourceEventId)).size).toBe(events.length);
    expect(events.every((e) => ingestEventSchema.safeParse(e).success)).toBe(true);
  });
});

function stats(customers: DemoCustomer[]) {
  const events = customers.flatMap((c) => c.events);
  const scores = (type: string) => events.filter((e) => e.type === type).map((e) => (e.data as { score: number }).score);
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const contacts = events.filter((e) => ['call.inbound', 'chat.session', 'email.inbound', 'sms.inbound', 'visit.store', 'social.message'].includes(e.type));
  return {
    complaintsPerCustomer: events.filter((e) => e.type === 'complaint.opened').length / customers.length,
    contactsPerCustomer: contacts.length / customers.length,
    meanNps: mean(scores('survey.nps')),
    meanCsat: mean(scores('survey.csat')),
  };
}
