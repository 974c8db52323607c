import { createHmac } from 'node:crypto';
import { Op } from 'sequelize';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import { createUser } from '../auth/users';
import { simulatedAgentAccounts, startSimulator, type Simulator } from '../simulator/simulator';
import type { SimulatedCaller } from '../simulator/callers';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from './seed';

const CALLERS = 500;

/** Seeds the demo contact center on first start; returns the logins to print. */
export async function prepareDemo(db: Database, config: Config, logger: Logger): Promise<string> {
  await seedDemo(db, { seed: config.demoSeed, defaultPhoneRegion: config.defaultPhoneRegion, logger });
  return DEMO_LOGINS.map((login) => `  ${login.role.padEnd(10)} ${login.email.padEnd(22)} ${DEMO_PASSWORD}`).join('\n');
}

/**
 * Starts the demo traffic once the server listens: simulated agents (created here on first
 * use) answer calls and chats from seeded customers, all through the public API.
 */
export async function startDemoTraffic(db: Database, config: Config, logger: Logger, ports: { port: number; integrationPort: number }): Promise<Simulator | null> {
  if (config.simulatorAgents === 0 || config.simulatorRatePerMinute === 0) return null;
  // Derived from this installation's own secret: nobody can sign in as a simulated agent from outside.
  const password = createHmac('sha256', config.jwtSecret).update('simulated-agents').digest('hex');
  const accounts = simulatedAgentAccounts(config.simulatorAgents, password);
  const existing = new Set((await db.models.User.findAll({ attributes: ['email'], where: { email: { [Op.in]: accounts.map((a) => a.email) } } })).map((u) => u.email));
  for (const account of accounts) if (!existing.has(account.email)) await createUser(db, account);

  const phones = await db.models.Identity.findAll({ attributes: ['value', 'customerId'], where: { kind: 'phone' }, limit: CALLERS });
  // With their names: a chat visitor's form sends one, and a made-up one would rename the customer.
  const customers = await db.models.Customer.findAll({ attributes: ['id', 'name'], where: { id: { [Op.in]: phones.map((p) => p.customerId) } } });
  const names = new Map(customers.map((c) => [c.id, c.name]));
  const callers: SimulatedCaller[] = phones.map((identity) => {
    const name = names.get(identity.customerId);
    return { kind: 'phone', value: identity.value, ...(name ? { name } : {}) };
  });
  return startSimulator({
    baseUrl: `http://127.0.0.1:${ports.port}`,
    integrationUrl: `http://127.0.0.1:${ports.integrationPort}`,
    webhookSecret: config.webhookSecrets[0]!,
    agents: accounts.map(({ email, password }) => ({ email, password })),
    ratePerMinute: config.simulatorRatePerMinute,
    logger: logger.child({ component: 'simulator' }),
    seed: config.demoSeed,
    callers,
  });
}
