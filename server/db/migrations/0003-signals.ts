import { DataTypes, type QueryInterface } from 'sequelize';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('utterances', 'signals', { type: DataTypes.JSON, allowNull: true });
  await qi.addColumn('utterances', 'defection_moment', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeColumn('utterances', 'defection_moment');
  await qi.removeColumn('utterances', 'signals');
}
