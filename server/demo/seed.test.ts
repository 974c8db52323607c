import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../auth/users';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { generateDemoCustomers } from './history';
import { DEMO_LOGINS, NORTHWIND, seedDemo, type SeedDemoResult } from './seed';
import { loadTelcoCustomers } from './telco-customers';

// Needs ../shared/data/telco-churn/Telco-Customer-Churn.csv beside the project (see shared/data/README.md).
const LIMIT = 60;
const options = { seed: 42, defaultPhoneRegion: 'US' as const, limit: LIMIT, asOf: new Date('2026-06-15T00:00:00Z') };
const expected = [...generateDemoCustomers(loadTelcoCustomers(), { ...options })];
const expectedEvents = expected.reduce((sum, c) => sum + c.events.length, 0) + NORTHWIND.eventCount;

let db: TestDatabase;
let first: SeedDemoResult;
beforeAll(async () => {
  db = await createTestDatabase();
  first = await seedDemo(db, options);
});
afterAll(() => db.destroy());

const counts = async () => ({
  customers: await db.models.Customer.count(),
  identities: await db.models.Identity.count(),
  events: await db.models.TimelineEvent.count(),
  users: await db.models.User.count(),
});

describe('seedDemo', () => {
  it('stores every generated event through ingestEvents, none rejected', async () => {
    expect(first).toMatchObject({ seeded: true, usersCreated: 4, customers: LIMIT + 1 });
    expect(first.events.rejections).toEqual([]);
    expect(first.events).toMatchObject({ read: expectedEvents, accepted: expectedEvents, duplicate: 0, rejected: 0 });
    // No identity conflicts either: every customer's identities are its own.
    expect(await counts()).toMatchObject({ customers: LIMIT + 1, events: expectedEvents, users: 4 });
    expect(await db.models.TimelineEvent.count({ where: { type: 'identity.conflict' } })).toBe(0);
  });

  it('files later events by the identity their channel knows under the one customer', async () => {
    const customer = expected[0]!;
    const phone = await db.models.Identity.findOne({ where: { kind: 'phone', value: customer.identities[1]!.value } });
    const account = await db.models.Identity.findOne({ where: { kind: 'account', value: customer.customerID } });
    expect(phone!.customerId).toBe(account!.customerId);
    const row = await db.models.Customer.findByPk(account!.customerId);
    expect(row!.name).toBe(customer.name);
    expect(row!.attributes).toMatchObject({ Contract: 'Month-to-month', tenure: 1, MonthlyCharges: 29.85, SeniorCitizen: 0 });
    expect(await db.models.TimelineEvent.count({ where: { customerId: account!.customerId } })).toBe(customer.events.length);
  });

  it('gives Northwind Traders exactly 10,000 events', async () => {
    const northwind = await db.models.Customer.findOne({ where: { name: NORTHWIND.name } });
    expect(await db.models.TimelineEvent.count({ where: { customerId: northwind!.id } })).toBe(10_000);
  });

  it('creates one user per role who can sign in with the demo password', async () => {
    for (const login of DEMO_LOGINS) {
      const user = await authenticate(db, login.email, login.password);
      expect(user).toMatchObject({ email: login.email, role: login.role, queues: login.queues });
    }
    expect(DEMO_LOGINS.map((login) => login.role).sort()).toEqual(['admin', 'agent', 'retention', 'supervisor']);
  });

  it('does nothing the second time, and a forced run stores nothing twice', async () => {
    const before = await counts();
    const again = await seedDemo(db, options);
    expect(again.seeded).toBe(false);
    expect(await counts()).toEqual(before);

    const forced = await seedDemo(db, { ...options, force: true });
    expect(forced.events).toMatchObject({ accepted: 0, duplicate: expectedEvents, rejected: 0 });
    expect(forced.usersCreated).toBe(0);
    expect(await counts()).toEqual(before);
  });
});
