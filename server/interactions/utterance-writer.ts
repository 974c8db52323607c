import type { Utterance } from '../../shared/interactions';
import type { Database } from '../db/database';
import { insertRows, sqlDate, type Value } from '../db/bulk';

const COLUMNS = [
  'interaction_id', 'seq', 'speaker', 'text', 'at', 'sentiment_score', 'sentiment_label', 'client_request_id', 'signals', 'defection_moment',
];

interface Pending {
  row: Value[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Stores transcript turns. At steady state the live loop stores hundreds of turns a second, each
 * a write of its own behind the one writer; here every turn that arrives while the writer is busy
 * joins one batch, stored by one INSERT when the writer gets to it. A batch that fails is stored
 * again turn by turn, so one bad turn (a seq stored by another process) fails alone.
 */
export class UtteranceWriter {
  /** The batch waiting for the writer; closed (null) once the writer starts on it. */
  private open: Pending[] | null = null;

  constructor(private readonly db: Database) {}

  store(utterance: Utterance, clientRequestId: string | null): Promise<void> {
    const row: Value[] = [
      utterance.interactionId,
      utterance.seq,
      utterance.speaker,
      utterance.text,
      sqlDate(this.db, new Date(utterance.at)),
      utterance.sentiment?.score ?? null,
      utterance.sentiment?.label ?? null,
      clientRequestId,
      utterance.signals,
      utterance.defectionMoment,
    ];
    return new Promise((resolve, reject) => {
      if (!this.open) this.writeBatch((this.open = []));
      this.open.push({ row, resolve, reject });
    });
  }

  private writeBatch(batch: Pending[]): void {
    this.db
      .write(async (transaction) => {
        if (this.open === batch) this.open = null;
        await insertRows(this.db, 'utterances', COLUMNS, batch.map((turn) => turn.row), transaction);
      })
      .then(
        () => batch.forEach((turn) => turn.resolve()),
        (error: unknown) => {
          if (batch.length === 1) batch[0]!.reject(error);
          else for (const turn of batch) this.writeBatch([turn]);
        },
      );
  }
}
