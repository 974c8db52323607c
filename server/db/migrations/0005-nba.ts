import { randomUUID } from 'node:crypto';
import { DataTypes, type QueryInterface } from 'sequelize';
import { createActionSchema } from '../../../shared/nba';
import { SEED_CATALOG } from '../../nba/seed-catalog';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('nba_actions', {
    id: { type: DataTypes.UUID, primaryKey: true },
    key: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    title: { type: DataTypes.STRING(120), allowNull: false },
    category: { type: DataTypes.STRING(16), allowNull: false },
    script: { type: DataTypes.TEXT, allowNull: false },
    channels: { type: DataTypes.JSON, allowNull: false },
    eligibility: { type: DataTypes.JSON, allowNull: false },
    value: { type: DataTypes.FLOAT, allowNull: false },
    cost: { type: DataTypes.FLOAT, allowNull: false },
    lever: { type: DataTypes.FLOAT, allowNull: false },
    // `group` is a reserved word in SQL.
    action_group: { type: DataTypes.STRING(64), allowNull: false },
    answers: { type: DataTypes.JSON, allowNull: false },
    max_per_customer_30d: { type: DataTypes.INTEGER, allowNull: false },
    suppress_days_after_decline: { type: DataTypes.INTEGER, allowNull: false },
    active: { type: DataTypes.BOOLEAN, allowNull: false },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });

  // One row per action shown on an interaction: the impression, then the agent's response and the outcome.
  await qi.createTable('nba_offers', {
    id: { type: DataTypes.UUID, primaryKey: true },
    interaction_id: { type: DataTypes.UUID, allowNull: false, references: { model: 'interactions', key: 'id' }, onDelete: 'CASCADE' },
    customer_id: { type: DataTypes.UUID, allowNull: false, references: { model: 'customers', key: 'id' }, onDelete: 'CASCADE' },
    action_id: { type: DataTypes.UUID, allowNull: false, references: { model: 'nba_actions', key: 'id' } },
    rank: { type: DataTypes.INTEGER, allowNull: false },
    arm: { type: DataTypes.STRING(16), allowNull: false },
    segment: { type: DataTypes.STRING(64), allowNull: false },
    factors: { type: DataTypes.JSON, allowNull: false },
    why: { type: DataTypes.STRING(300), allowNull: false },
    shown_at: { type: DataTypes.DATE, allowNull: false },
    response: { type: DataTypes.STRING(16), allowNull: true },
    decline_reason: { type: DataTypes.STRING(32), allowNull: true },
    response_request_id: { type: DataTypes.STRING(64), allowNull: true },
    responded_at: { type: DataTypes.DATE, allowNull: true },
    outcome: { type: DataTypes.STRING(16), allowNull: true },
    outcome_at: { type: DataTypes.DATE, allowNull: true },
  });
  await qi.addIndex('nba_offers', ['interaction_id', 'action_id'], { unique: true, name: 'nba_offers_interaction_action' });
  await qi.addIndex('nba_offers', ['customer_id', 'shown_at'], { name: 'nba_offers_customer' });
  await qi.addIndex('nba_offers', ['action_id', 'segment'], { name: 'nba_offers_action_segment' });

  const now = new Date();
  await qi.bulkInsert(
    'nba_actions',
    SEED_CATALOG.map((play) => {
      const action = createActionSchema.parse(play);
      return {
        id: randomUUID(),
        key: action.key,
        title: action.title,
        category: action.category,
        script: action.script,
        channels: JSON.stringify(action.channels),
        eligibility: JSON.stringify(action.eligibility),
        value: action.value,
        cost: action.cost,
        lever: action.lever,
        action_group: action.group,
        answers: JSON.stringify(action.answers),
        max_per_customer_30d: action.maxPerCustomer30d,
        suppress_days_after_decline: action.suppressDaysAfterDecline,
        active: action.active,
        created_at: now,
        updated_at: now,
      };
    }),
  );
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('nba_offers');
  await qi.dropTable('nba_actions');
}
