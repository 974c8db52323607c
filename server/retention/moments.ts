import { Op } from 'sequelize';
import type { User } from '../../shared/auth';
import type { DefectionAlert } from '../../shared/realtime';
import type { LiveDefectionMoments } from '../../shared/retention';
import type { Database } from '../db/database';
import { riskLevelOf, type RiskThresholds } from '../risk/score';

/** A desk's worth: more live moments than this at once is a list nobody reads to the end. */
const MAX_MOMENTS = 200;

/**
 * The defection moments of interactions still live, as the `alert` events carried them: what a
 * retention user or supervisor opening the console (or coming back after a long drop) has missed.
 * Supervisors see their own queues only, as with the live alerts.
 */
export async function liveDefectionMoments(
  db: Database,
  user: User,
  model: { version: string; thresholds: RiskThresholds },
): Promise<LiveDefectionMoments> {
  const { Interaction, TimelineEvent, Utterance, User: Users, Customer } = db.models;
  const live = await Interaction.findAll({
    where: {
      state: { [Op.in]: ['assigned', 'active'] },
      ...(user.role === 'supervisor' ? { queue: { [Op.in]: user.queues } } : {}),
    },
  });
  if (live.length === 0) return { alerts: [], takenBy: {} };
  const byId = new Map(live.map((row) => [row.id, row]));
  const [events, agents, customers] = await Promise.all([
    TimelineEvent.findAll({
      where: { type: 'interaction.defection_moment', customerId: { [Op.in]: [...new Set(live.map((row) => row.customerId))] } },
      order: [['occurredAt', 'DESC']],
      limit: MAX_MOMENTS * 4,
    }),
    Users.findAll({ attributes: ['id', 'name', 'role'], where: { id: { [Op.in]: live.flatMap((row) => (row.agentId ? [row.agentId] : [])) } } }),
    Customer.findAll({ attributes: ['id', 'name'], where: { id: { [Op.in]: live.map((row) => row.customerId) } } }),
  ]);
  const agentById = new Map(agents.map((agent) => [agent.id, agent]));
  const customerName = new Map(customers.map((customer) => [customer.id, customer.name]));
  const moments = events.filter((event) => byId.has(String(event.data.interactionId))).slice(0, MAX_MOMENTS);
  const turns = moments.length
    ? await Utterance.findAll({
        attributes: ['interactionId', 'seq', 'text'],
        where: { [Op.or]: moments.map((event) => ({ interactionId: String(event.data.interactionId), seq: Number(event.data.seq) })) },
      })
    : [];
  const textOf = new Map(turns.map((turn) => [`${turn.interactionId}:${turn.seq}`, turn.text]));

  const alerts = moments.map((event): DefectionAlert => {
    const row = byId.get(String(event.data.interactionId))!;
    const seq = Number(event.data.seq);
    const riskScore = typeof event.data.riskScore === 'number' ? event.data.riskScore : null;
    const agent = row.agentId ? agentById.get(row.agentId) : undefined;
    return {
      id: event.id,
      kind: 'defection_moment',
      at: event.occurredAt.toISOString(),
      interactionId: row.id,
      channel: row.channel,
      queue: row.queue,
      startedAt: row.startedAt.toISOString(),
      customerId: row.customerId,
      customerName: customerName.get(row.customerId) ?? null,
      // Who has it now: after a take-over that is the retention user (takenBy says so too).
      agentId: agent?.id ?? null,
      agentName: agent?.name ?? null,
      seq,
      text: textOf.get(`${row.id}:${seq}`) ?? '',
      signals: Array.isArray(event.data.signals) ? (event.data.signals as { code: string; text: string }[]) : [],
      risk: riskScore === null ? null : { score: riskScore, level: riskLevelOf(riskScore, model.thresholds), reasons: [], model: { version: model.version } },
    };
  });
  const takenBy: Record<string, string> = {};
  for (const row of live) {
    const agent = row.agentId ? agentById.get(row.agentId) : undefined;
    if (agent?.role === 'retention') takenBy[row.id] = agent.name;
  }
  return { alerts, takenBy };
}
