import type { QueryInterface } from 'sequelize';

/** Finds the calls that ended a moment ago, whose late turns a restarted server still takes, without reading every closed interaction. */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addIndex('interactions', ['channel', 'ended_at'], { name: 'interactions_ended' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeIndex('interactions', 'interactions_ended');
}
