import { Op } from 'sequelize';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import { createUser } from '../auth/users';
import { simulatedAgentAccounts, startSimulator, type Simulator } from '../simulator/simulator';
import type { SimulatedCaller } from '../simulator/callers';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from './seed';

const SIMULATED_AGENT_PASSWORD = 'simulated-agent-password';
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
export async function startDemoTraffic(db: Database, config: Config, logger: Logger): Promise<Simulator | null> {
  if (config.simulatorAgents === 0 || config.simulatorRatePerMinute === 0) return null;
  const accounts = simulatedAgentAccounts(config.simulatorAgents, SIMULATED_AGENT_PASSWORD);
  const existing = new Set((await db.models.User.findAll({ attributes: ['email'], where: { email: { [Op.in]: accounts.map((a) => a.email) } } })).map((u) => u.email));
  for (const account of accounts) if (!existing.has(account.email)) await createUser(db, account);

  const phones = await db.models.Identity.findAll({ attributes: ['value', 'customerId'], where: { kind: 'phone' }, limit: CALLERS });
  const callers: SimulatedCaller[] = phones.map((identity) => ({ kind: 'phone', value: identity.value }));
  return startSimulator({
    baseUrl: `http://127.0.0.1:${config.port}`,
    webhookSecret: config.webhookSecrets[0]!,
    agents: accounts.map(({ email, password }) => ({ email, password })),
    ratePerMinute: config.simulatorRatePerMinute,
    logger: logger.child({ component: 'simulator' }),
    seed: config.demoSeed,
    callers,
  });
}
