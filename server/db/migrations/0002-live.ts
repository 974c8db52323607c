import { DataTypes, type QueryInterface } from 'sequelize';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('queues', {
    key: { type: DataTypes.STRING(64), primaryKey: true },
    name: { type: DataTypes.STRING(200), allowNull: false },
    channel: { type: DataTypes.STRING(16), allowNull: false },
    skills: { type: DataTypes.JSON, allowNull: false },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });

  // A contact center starts with these; admins add their own later.
  const now = new Date();
  await qi.bulkInsert('queues', [
    { key: 'support', name: 'Technical support', channel: 'voice', skills: JSON.stringify(['internet', 'tv', 'phone']), created_at: now, updated_at: now },
    { key: 'billing', name: 'Billing', channel: 'voice', skills: JSON.stringify(['billing', 'payments']), created_at: now, updated_at: now },
    { key: 'retention', name: 'Retention', channel: 'voice', skills: JSON.stringify(['retention', 'offers']), created_at: now, updated_at: now },
    { key: 'chat', name: 'Web chat', channel: 'chat', skills: JSON.stringify(['internet', 'billing']), created_at: now, updated_at: now },
  ]);

  await qi.createTable('interactions', {
    id: { type: DataTypes.UUID, primaryKey: true },
    external_id: { type: DataTypes.STRING(128), allowNull: false },
    channel: { type: DataTypes.STRING(16), allowNull: false },
    queue: { type: DataTypes.STRING(64), allowNull: false, references: { model: 'queues', key: 'key' } },
    customer_id: { type: DataTypes.UUID, allowNull: false, references: { model: 'customers', key: 'id' }, onDelete: 'CASCADE' },
    agent_id: { type: DataTypes.UUID, allowNull: true, references: { model: 'users', key: 'id' } },
    state: { type: DataTypes.STRING(16), allowNull: false },
    from_kind: { type: DataTypes.STRING(16), allowNull: false },
    from_value: { type: DataTypes.STRING(320), allowNull: false },
    started_at: { type: DataTypes.DATE, allowNull: false },
    assigned_at: { type: DataTypes.DATE, allowNull: true },
    ended_at: { type: DataTypes.DATE, allowNull: true },
    closed_at: { type: DataTypes.DATE, allowNull: true },
    wrapup: { type: DataTypes.JSON, allowNull: true },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('interactions', ['channel', 'external_id'], { unique: true, name: 'interactions_external' });
  await qi.addIndex('interactions', ['state', 'started_at'], { name: 'interactions_state' });
  await qi.addIndex('interactions', ['agent_id', 'state'], { name: 'interactions_agent' });
  await qi.addIndex('interactions', ['customer_id'], { name: 'interactions_customer' });

  await qi.createTable('utterances', {
    interaction_id: {
      type: DataTypes.UUID,
      primaryKey: true,
      references: { model: 'interactions', key: 'id' },
      onDelete: 'CASCADE',
    },
    seq: { type: DataTypes.INTEGER, primaryKey: true },
    speaker: { type: DataTypes.STRING(16), allowNull: false },
    text: { type: DataTypes.TEXT, allowNull: false },
    at: { type: DataTypes.DATE, allowNull: false },
    sentiment_score: { type: DataTypes.FLOAT, allowNull: true },
    sentiment_label: { type: DataTypes.STRING(16), allowNull: true },
    client_request_id: { type: DataTypes.STRING(64), allowNull: true },
  });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('utterances');
  await qi.dropTable('interactions');
  await qi.dropTable('queues');
}
