import { randomUUID } from 'node:crypto';
import { UniqueConstraintError } from 'sequelize';
import type { CatalogAction, CreateAction, UpdateAction } from '../../shared/nba';
import type { Database } from '../db/database';
import type { NbaActionRow } from '../db/models';
import { AppError } from '../errors';

export const toCatalogAction = (row: NbaActionRow): CatalogAction => ({
  id: row.id,
  key: row.key,
  title: row.title,
  category: row.category,
  script: row.script,
  channels: row.channels,
  eligibility: row.eligibility,
  value: row.value,
  cost: row.cost,
  lever: row.lever,
  group: row.group,
  answers: row.answers,
  maxPerCustomer30d: row.maxPerCustomer30d,
  suppressDaysAfterDecline: row.suppressDaysAfterDecline,
  active: Boolean(row.active),
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/**
 * The action catalog, read through a short cache: ranking runs on every customer turn and the
 * catalog changes a few times a day. Edits made through this process show at once; edits made
 * on another node within CACHE_MS.
 */
export class ActionCatalog {
  private static readonly CACHE_MS = 5_000;
  private cached: { at: number; actions: Promise<CatalogAction[]> } | null = null;

  constructor(private readonly db: Database) {}

  list(): Promise<CatalogAction[]> {
    if (!this.cached || Date.now() - this.cached.at > ActionCatalog.CACHE_MS) {
      const actions = this.db.models.NbaAction.findAll({ order: [['category', 'ASC'], ['key', 'ASC']] }).then((rows) => rows.map(toCatalogAction));
      this.cached = { at: Date.now(), actions };
      actions.catch(() => (this.cached = null));
    }
    return this.cached.actions;
  }

  async create(input: CreateAction): Promise<CatalogAction> {
    try {
      const row = await this.db.write((transaction) => this.db.models.NbaAction.create({ id: randomUUID(), ...input }, { transaction }));
      return toCatalogAction(row);
    } catch (error) {
      if (error instanceof UniqueConstraintError) throw new AppError('conflict', `key: an action with key ${input.key} already exists`, 'key');
      throw error;
    } finally {
      this.cached = null;
    }
  }

  async update(id: string, patch: UpdateAction): Promise<CatalogAction> {
    const row = await this.db.write(async (transaction) => {
      const found = await this.db.models.NbaAction.findByPk(id, { transaction });
      if (!found) throw new AppError('not_found', 'no action with this id');
      return found.update(patch, { transaction });
    });
    this.cached = null;
    return toCatalogAction(row);
  }
}
