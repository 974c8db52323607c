import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transaction } from 'sequelize';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { newId } from './ids';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

const addCustomer = (transaction: Transaction, name: string) =>
  db.models.Customer.create({ id: newId(), name, nameSearch: null, attributes: {} }, { transaction });

describe('db.write', () => {
  it('commits writes queued together in one transaction, in the order asked, each answering its own caller', async () => {
    const transactions = new Set<Transaction>();
    const names = Array.from({ length: 20 }, (_, i) => `group-${String(i).padStart(2, '0')}`);
    const created = await Promise.all(
      names.map((name) =>
        db.write(async (transaction) => {
          transactions.add(transaction);
          return (await addCustomer(transaction, name)).name;
        }),
      ),
    );
    expect(created).toEqual(names);
    // Asked for in one turn of the event loop, before the writer took its group: one transaction.
    expect(transactions.size).toBe(1);
    const stored = await db.models.Customer.findAll({ where: { name: names } });
    expect(stored.map((c) => c.name).sort()).toEqual(names);
  });

  it('lets one failing write fail alone: the others of its group are still stored', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `alone-${i}`);
    const outcomes = await Promise.allSettled(
      names.map((name, i) =>
        db.write(async (transaction) => {
          await addCustomer(transaction, name);
          if (i === 4) throw new Error('this one is refused');
          return name;
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(names.map((_, i) => (i === 4 ? 'rejected' : 'fulfilled')));
    expect((outcomes[4] as PromiseRejectedResult).reason).toMatchObject({ message: 'this one is refused' });
    const stored = await db.models.Customer.findAll({ where: { name: names } });
    expect(stored.map((c) => c.name).sort()).toEqual(names.filter((_, i) => i !== 4).sort());
  });
});

describe('two databases in one process', () => {
  it('each keeps its own models: opening and closing another leaves this one working', async () => {
    const other = await createTestDatabase();
    try {
      await db.write((transaction) => addCustomer(transaction, 'in-the-first'));
      await other.models.Customer.create({ id: newId(), name: 'in-the-other', nameSearch: null, attributes: {} });
      expect((await db.models.Customer.findAll({ where: { name: ['in-the-first', 'in-the-other'] } })).map((c) => c.name)).toEqual(['in-the-first']);
      expect((await other.models.Customer.findAll({ where: { name: ['in-the-first', 'in-the-other'] } })).map((c) => c.name)).toEqual(['in-the-other']);
    } finally {
      await other.destroy();
    }
    await expect(db.models.Customer.count({ where: { name: 'in-the-first' } })).resolves.toBe(1);
  });
});
