import { DataTypes, type QueryInterface } from 'sequelize';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const timestamps = {
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  };

  await qi.createTable('users', {
    id: { type: DataTypes.UUID, primaryKey: true },
    email: { type: DataTypes.STRING(320), allowNull: false, unique: true },
    name: { type: DataTypes.STRING(200), allowNull: false },
    role: { type: DataTypes.STRING(16), allowNull: false },
    password_hash: { type: DataTypes.STRING(200), allowNull: false },
    queues: { type: DataTypes.JSON, allowNull: false },
    ...timestamps,
  });

  await qi.createTable('customers', {
    id: { type: DataTypes.UUID, primaryKey: true },
    name: { type: DataTypes.STRING(200), allowNull: true },
    // Lower-cased name with a leading space, so "word starts with q" is one LIKE '% q%' on both dialects.
    name_search: { type: DataTypes.STRING(201), allowNull: true },
    attributes: { type: DataTypes.JSON, allowNull: false },
    ...timestamps,
  });
  await qi.addIndex('customers', ['name_search']);

  await qi.createTable('identities', {
    id: { type: DataTypes.UUID, primaryKey: true },
    customer_id: {
      type: DataTypes.UUID,
      allowNull: false,
      references: { model: 'customers', key: 'id' },
      onDelete: 'CASCADE',
    },
    kind: { type: DataTypes.STRING(16), allowNull: false },
    value: { type: DataTypes.STRING(320), allowNull: false },
    created_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('identities', ['kind', 'value'], { unique: true, name: 'identities_kind_value' });
  await qi.addIndex('identities', ['customer_id']);

  await qi.createTable('timeline_events', {
    id: { type: DataTypes.UUID, primaryKey: true },
    customer_id: {
      type: DataTypes.UUID,
      allowNull: false,
      references: { model: 'customers', key: 'id' },
      onDelete: 'CASCADE',
    },
    source: { type: DataTypes.STRING(64), allowNull: false },
    source_event_id: { type: DataTypes.STRING(200), allowNull: false },
    occurred_at: { type: DataTypes.DATE, allowNull: false },
    channel: { type: DataTypes.STRING(16), allowNull: false },
    type: { type: DataTypes.STRING(48), allowNull: false },
    summary: { type: DataTypes.STRING(500), allowNull: true },
    data: { type: DataTypes.JSON, allowNull: false },
    created_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('timeline_events', ['source', 'source_event_id'], { unique: true, name: 'timeline_events_source_key' });
  // The timeline read: one customer, newest first, id breaking ties (keyset pagination).
  await qi.addIndex('timeline_events', [
    { name: 'customer_id' },
    { name: 'occurred_at', order: 'DESC' },
    { name: 'id', order: 'DESC' },
  ] as never, { name: 'timeline_events_customer_time' });
  // The summary reads: last survey of a kind, contacts of a kind in a window.
  await qi.addIndex('timeline_events', ['customer_id', 'type', 'occurred_at'], { name: 'timeline_events_customer_type' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('timeline_events');
  await qi.dropTable('identities');
  await qi.dropTable('customers');
  await qi.dropTable('users');
}
