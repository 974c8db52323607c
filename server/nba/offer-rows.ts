import type { InferAttributes, Transaction } from 'sequelize';
import type { Database } from '../db/database';
import type { NbaOfferRow, OfferOutcome } from '../db/models';
import { insertNewRows, sqlDate } from '../db/bulk';
import { readDate, readJson, readOptionalDate } from '../db/raw-values';

/**
 * The offers table as ranking reads and writes it, with plain SQL: every call loads its
 * customer's offers, records a few impressions and an outcome, and a model costs several times
 * a plain statement's CPU for each (see server/interactions/interaction-rows.ts).
 */
export type OfferRecord = InferAttributes<NbaOfferRow>;

const COLUMNS = `"id", "interaction_id" AS "interactionId", "customer_id" AS "customerId", "action_id" AS "actionId", "rank", "arm", "segment",
  "factors", "why", "shown_at" AS "shownAt", "response", "decline_reason" AS "declineReason", "response_request_id" AS "responseRequestId",
  "responded_at" AS "respondedAt", "outcome", "outcome_at" AS "outcomeAt"`;

type Stored = Omit<OfferRecord, 'factors' | 'shownAt' | 'respondedAt' | 'outcomeAt'> & Record<'factors' | 'shownAt' | 'respondedAt' | 'outcomeAt', unknown>;

const toRecord = (row: Stored): OfferRecord => ({
  ...row,
  factors: readJson<OfferRecord['factors']>(row.factors),
  shownAt: readDate(row.shownAt),
  respondedAt: readOptionalDate(row.respondedAt),
  outcomeAt: readOptionalDate(row.outcomeAt),
});

/** The customer's offers shown since `since`, oldest first. */
export async function findOffersShownSince(db: Database, customerId: string, since: Date): Promise<OfferRecord[]> {
  const rows = await db.query<Stored>(
    `SELECT ${COLUMNS} FROM "nba_offers" WHERE "customer_id" = $1 AND "shown_at" >= $2 ORDER BY "shown_at" ASC`,
    [customerId, sqlDate(db, since)],
  );
  return rows.map(toRecord);
}

export async function findOffer(db: Database, interactionId: string, actionId: string, transaction: Transaction): Promise<OfferRecord | null> {
  const [row] = await db.query<Stored>(`SELECT ${COLUMNS} FROM "nba_offers" WHERE "interaction_id" = $1 AND "action_id" = $2`, [interactionId, actionId], transaction);
  return row ? toRecord(row) : null;
}

/** Accepted on this interaction and not yet given an outcome. */
export async function findAcceptedOffers(db: Database, interactionId: string): Promise<OfferRecord[]> {
  const rows = await db.query<Stored>(
    `SELECT ${COLUMNS} FROM "nba_offers" WHERE "interaction_id" = $1 AND "response" = 'accepted' AND "outcome" IS NULL`,
    [interactionId],
  );
  return rows.map(toRecord);
}

const INSERTED_COLUMNS = [
  'id', 'interaction_id', 'customer_id', 'action_id', 'rank', 'arm', 'segment', 'factors', 'why', 'shown_at',
  'response', 'decline_reason', 'response_request_id', 'responded_at', 'outcome', 'outcome_at',
];

/** Stores the offers an action of the interaction does not have yet; returns the ids of those stored. */
export async function insertNewOffers(db: Database, offers: readonly OfferRecord[], transaction: Transaction): Promise<Set<string>> {
  const date = (value: Date | null) => (value ? sqlDate(db, value) : null);
  const rows = offers.map((o) => [
    o.id, o.interactionId, o.customerId, o.actionId, o.rank, o.arm, o.segment, o.factors, o.why, date(o.shownAt),
    o.response, o.declineReason, o.responseRequestId, date(o.respondedAt), o.outcome, date(o.outcomeAt),
  ]);
  return new Set(await insertNewRows(db, 'nba_offers', INSERTED_COLUMNS, rows, 'id', transaction));
}

/** Records the agent's answer on an offer not answered yet; null when there is no such offer or it was answered already. */
export async function answerOffer(
  db: Database,
  interactionId: string,
  actionId: string,
  answer: Pick<OfferRecord, 'response' | 'declineReason' | 'responseRequestId' | 'respondedAt'>,
  transaction: Transaction,
): Promise<OfferRecord | null> {
  const [row] = await db.query<Stored>(
    `UPDATE "nba_offers" SET "response" = $1, "decline_reason" = $2, "response_request_id" = $3, "responded_at" = $4
     WHERE "interaction_id" = $5 AND "action_id" = $6 AND "response" IS NULL RETURNING ${COLUMNS}`,
    [answer.response, answer.declineReason, answer.responseRequestId, answer.respondedAt && sqlDate(db, answer.respondedAt), interactionId, actionId],
    transaction,
  );
  return row ? toRecord(row) : null;
}

export async function recordOfferOutcome(db: Database, offerId: string, outcome: OfferOutcome, at: Date, transaction: Transaction): Promise<void> {
  await db.query(`UPDATE "nba_offers" SET "outcome" = $1, "outcome_at" = $2 WHERE "id" = $3 RETURNING "id"`, [outcome, sqlDate(db, at), offerId], transaction);
}
