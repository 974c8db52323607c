import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { Role } from '../../shared/auth';
import type { ProfileAttributes } from '../../shared/customers';
import type { Channel, EventType, IdentityKind } from '../../shared/timeline';

export class UserRow extends Model<InferAttributes<UserRow>, InferCreationAttributes<UserRow>> {
  declare id: string;
  declare email: string;
  declare name: string;
  declare role: Role;
  declare passwordHash: string;
  declare queues: string[];
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class CustomerRow extends Model<InferAttributes<CustomerRow>, InferCreationAttributes<CustomerRow>> {
  declare id: string;
  declare name: string | null;
  declare nameSearch: string | null;
  declare attributes: ProfileAttributes;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class IdentityRow extends Model<InferAttributes<IdentityRow>, InferCreationAttributes<IdentityRow>> {
  declare id: string;
  declare customerId: string;
  declare kind: IdentityKind;
  declare value: string;
  declare createdAt: CreationOptional<Date>;
}

export class TimelineEventRow extends Model<InferAttributes<TimelineEventRow>, InferCreationAttributes<TimelineEventRow>> {
  declare id: string;
  declare customerId: string;
  declare source: string;
  declare sourceEventId: string;
  declare occurredAt: Date;
  declare channel: Channel;
  declare type: EventType;
  declare summary: string | null;
  declare data: Record<string, unknown>;
  declare createdAt: CreationOptional<Date>;
}

export interface Models {
  User: typeof UserRow;
  Customer: typeof CustomerRow;
  Identity: typeof IdentityRow;
  TimelineEvent: typeof TimelineEventRow;
}

/** Maps the tables the migrations create; the migrations, not these definitions, own the schema. */
export function defineModels(sequelize: Sequelize): Models {
  const common = { sequelize, underscored: true };
  UserRow.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      email: DataTypes.STRING,
      name: DataTypes.STRING,
      role: DataTypes.STRING,
      passwordHash: DataTypes.STRING,
      queues: DataTypes.JSON,
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { ...common, tableName: 'users' },
  );
  CustomerRow.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      name: DataTypes.STRING,
      nameSearch: DataTypes.STRING,
      attributes: DataTypes.JSON,
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { ...common, tableName: 'customers' },
  );
  IdentityRow.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      customerId: DataTypes.UUID,
      kind: DataTypes.STRING,
      value: DataTypes.STRING,
      createdAt: DataTypes.DATE,
    },
    { ...common, tableName: 'identities', updatedAt: false },
  );
  TimelineEventRow.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      customerId: DataTypes.UUID,
      source: DataTypes.STRING,
      sourceEventId: DataTypes.STRING,
      occurredAt: DataTypes.DATE,
      channel: DataTypes.STRING,
      type: DataTypes.STRING,
      summary: DataTypes.STRING,
      data: DataTypes.JSON,
      createdAt: DataTypes.DATE,
    },
    { ...common, tableName: 'timeline_events', updatedAt: false },
  );
  return { User: UserRow, Customer: CustomerRow, Identity: IdentityRow, TimelineEvent: TimelineEventRow };
}
