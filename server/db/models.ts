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
import type { Disposition, InteractionChannel, InteractionState, LiveSignal, SentimentLabel, Speaker } from '../../shared/interactions';
import type { ActionCategory, ActionResponse, DeclineReason, EligibilityRule, NbaArm, RankingFactors } from '../../shared/nba';

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

export class QueueRow extends Model<InferAttributes<QueueRow>, InferCreationAttributes<QueueRow>> {
  declare key: string;
  declare name: string;
  declare channel: InteractionChannel;
  declare skills: string[];
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export interface StoredWrapup {
  disposition: Disposition;
  notes: string | null;
  saved: boolean | null;
  clientRequestId: string;
  eventId: string;
  agentId: string;
  at: string;
}

export class InteractionRow extends Model<InferAttributes<InteractionRow>, InferCreationAttributes<InteractionRow>> {
  declare id: string;
  declare externalId: string;
  declare channel: InteractionChannel;
  declare queue: string;
  declare customerId: string;
  declare agentId: string | null;
  declare state: InteractionState;
  declare fromKind: IdentityKind;
  declare fromValue: string;
  declare startedAt: Date;
  declare assignedAt: Date | null;
  declare endedAt: Date | null;
  declare closedAt: Date | null;
  declare wrapup: StoredWrapup | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class UtteranceRow extends Model<InferAttributes<UtteranceRow>, InferCreationAttributes<UtteranceRow>> {
  declare interactionId: string;
  declare seq: number;
  declare speaker: Speaker;
  declare text: string;
  declare at: Date;
  declare sentimentScore: number | null;
  declare sentimentLabel: SentimentLabel | null;
  declare clientRequestId: string | null;
  declare signals: LiveSignal[] | null;
  declare defectionMoment: CreationOptional<boolean>;
}

export class NbaActionRow extends Model<InferAttributes<NbaActionRow>, InferCreationAttributes<NbaActionRow>> {
  declare id: string;
  declare key: string;
  declare title: string;
  declare category: ActionCategory;
  declare script: string;
  declare channels: InteractionChannel[];
  declare eligibility: EligibilityRule;
  declare value: number;
  declare cost: number;
  declare lever: number;
  declare group: string;
  declare answers: string[];
  declare maxPerCustomer30d: number;
  declare suppressDaysAfterDecline: number;
  declare active: boolean;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** Whether an accepted action worked, known at wrap-up: retention offers save or lose the customer. */
export type OfferOutcome = 'saved' | 'lost' | 'worked' | 'did_not_work';

export class NbaOfferRow extends Model<InferAttributes<NbaOfferRow>, InferCreationAttributes<NbaOfferRow>> {
  declare id: string;
  declare interactionId: string;
  declare customerId: string;
  declare actionId: string;
  declare rank: number;
  declare arm: NbaArm;
  declare segment: string;
  declare factors: RankingFactors;
  declare why: string;
  declare shownAt: Date;
  declare response: ActionResponse | null;
  declare declineReason: DeclineReason | null;
  declare responseRequestId: string | null;
  declare respondedAt: Date | null;
  declare outcome: OfferOutcome | null;
  declare outcomeAt: Date | null;
}

export interface Models {
  User: typeof UserRow;
  Customer: typeof CustomerRow;
  Identity: typeof IdentityRow;
  TimelineEvent: typeof TimelineEventRow;
  Queue: typeof QueueRow;
  Interaction: typeof InteractionRow;
  Utterance: typeof UtteranceRow;
  NbaAction: typeof NbaActionRow;
  NbaOffer: typeof NbaOfferRow;
}

/** Maps the tables the migrations create; the migrations, not these definitions, own the schema. */
export function defineModels(sequelize: Sequelize): Models {
  const common = { sequelize, underscored: true };
  // Classes of this database's own, subclasses of the ones above: `init` binds a model class to
  // one connection, so with shared classes a second database opened in the same process (a
  // restarted server in a test, say) took every model over, and closing it left the first
  // database's models on a closed connection.
  class User extends UserRow {}
  User.init(
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
  class Customer extends CustomerRow {}
  Customer.init(
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
  class Identity extends IdentityRow {}
  Identity.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      customerId: DataTypes.UUID,
      kind: DataTypes.STRING,
      value: DataTypes.STRING,
      createdAt: DataTypes.DATE,
    },
    { ...common, tableName: 'identities', updatedAt: false },
  );
  class TimelineEvent extends TimelineEventRow {}
  TimelineEvent.init(
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
  class Queue extends QueueRow {}
  Queue.init(
    {
      key: { type: DataTypes.STRING, primaryKey: true },
      name: DataTypes.STRING,
      channel: DataTypes.STRING,
      skills: DataTypes.JSON,
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { ...common, tableName: 'queues' },
  );
  class Interaction extends InteractionRow {}
  Interaction.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      externalId: DataTypes.STRING,
      channel: DataTypes.STRING,
      queue: DataTypes.STRING,
      customerId: DataTypes.UUID,
      agentId: DataTypes.UUID,
      state: DataTypes.STRING,
      fromKind: DataTypes.STRING,
      fromValue: DataTypes.STRING,
      startedAt: DataTypes.DATE,
      assignedAt: DataTypes.DATE,
      endedAt: DataTypes.DATE,
      closedAt: DataTypes.DATE,
      wrapup: DataTypes.JSON,
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { ...common, tableName: 'interactions' },
  );
  class Utterance extends UtteranceRow {}
  Utterance.init(
    {
      interactionId: { type: DataTypes.UUID, primaryKey: true },
      seq: { type: DataTypes.INTEGER, primaryKey: true },
      speaker: DataTypes.STRING,
      text: DataTypes.TEXT,
      at: DataTypes.DATE,
      sentimentScore: DataTypes.FLOAT,
      sentimentLabel: DataTypes.STRING,
      clientRequestId: DataTypes.STRING,
      signals: DataTypes.JSON,
      defectionMoment: DataTypes.BOOLEAN,
    },
    { ...common, tableName: 'utterances', timestamps: false },
  );
  class NbaAction extends NbaActionRow {}
  NbaAction.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      key: DataTypes.STRING,
      title: DataTypes.STRING,
      category: DataTypes.STRING,
      script: DataTypes.TEXT,
      channels: DataTypes.JSON,
      eligibility: DataTypes.JSON,
      value: DataTypes.FLOAT,
      cost: DataTypes.FLOAT,
      lever: DataTypes.FLOAT,
      group: { type: DataTypes.STRING, field: 'action_group' },
      answers: DataTypes.JSON,
      maxPerCustomer30d: { type: DataTypes.INTEGER, field: 'max_per_customer_30d' },
      suppressDaysAfterDecline: DataTypes.INTEGER,
      active: DataTypes.BOOLEAN,
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { ...common, tableName: 'nba_actions' },
  );
  class NbaOffer extends NbaOfferRow {}
  NbaOffer.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      interactionId: DataTypes.UUID,
      customerId: DataTypes.UUID,
      actionId: DataTypes.UUID,
      rank: DataTypes.INTEGER,
      arm: DataTypes.STRING,
      segment: DataTypes.STRING,
      factors: DataTypes.JSON,
      why: DataTypes.STRING,
      shownAt: DataTypes.DATE,
      response: DataTypes.STRING,
      declineReason: DataTypes.STRING,
      responseRequestId: DataTypes.STRING,
      respondedAt: DataTypes.DATE,
      outcome: DataTypes.STRING,
      outcomeAt: DataTypes.DATE,
    },
    { ...common, tableName: 'nba_offers', timestamps: false },
  );
  return { User, Customer, Identity, TimelineEvent, Queue, Interaction, Utterance, NbaAction, NbaOffer };
}
