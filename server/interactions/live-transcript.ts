import type { Utterance } from '../../shared/interactions';

export interface Turn {
  utterance: Utterance;
  /** The chat client's id for the message: a retried send carries the same one and no seq. */
  clientRequestId: string | null;
  /** Settles when the turn's write does: a turn is added before it is stored. */
  stored: Promise<unknown>;
}

/**
 * The transcript of one interaction that is not yet closed, in `seq` order. Every turn is read
 * by the next one (redaction, signals, insight), by the screen pop and by a resync; held here,
 * none of them waits for the database. The live loop owns its interactions (one process), so
 * what it holds is the whole transcript: a turn is added here before it is stored, which is also
 * what makes a retry racing the original a duplicate.
 */
export class LiveTranscript {
  private readonly turns: Turn[] = [];
  /**
   * The highest seq ever added, also of a turn taken out again (its write failed): that turn was
   * pushed already, and clients keep one turn per seq, so its seq is never given to another.
   */
  private highestSeq = 0;

  /** `turns`: as read back from the database, so stored. */
  constructor(turns: readonly Omit<Turn, 'stored'>[] = []) {
    for (const turn of turns) this.add(turn.utterance, turn.clientRequestId, Promise.resolve());
  }

  get utterances(): Utterance[] {
    return this.turns.map((turn) => turn.utterance);
  }

  after(seq: number): Utterance[] {
    return this.turns.filter((turn) => turn.utterance.seq > seq).map((turn) => turn.utterance);
  }

  last(): Utterance | undefined {
    return this.turns.at(-1)?.utterance;
  }

  nextSeq(): number {
    return this.highestSeq + 1;
  }

  /** The turn a retry repeats: the same seq, or the same client request. */
  find(seq: number | undefined, clientRequestId: string | undefined): Turn | undefined {
    return this.turns.find((turn) => turn.utterance.seq === seq || (clientRequestId !== undefined && turn.clientRequestId === clientRequestId));
  }

  /** In seq order: a platform may deliver a late turn after a later one. */
  add(utterance: Utterance, clientRequestId: string | null, stored: Promise<unknown>): void {
    let index = this.turns.length;
    while (index > 0 && this.turns[index - 1]!.utterance.seq > utterance.seq) index--;
    this.turns.splice(index, 0, { utterance, clientRequestId, stored });
    this.highestSeq = Math.max(this.highestSeq, utterance.seq);
  }

  /** Turns are pushed as they are, so a change is a new object, never an edit of one already sent. */
  replace(utterance: Utterance): void {
    const turn = this.turns.find((t) => t.utterance.seq === utterance.seq);
    if (turn) turn.utterance = utterance;
  }

  remove(seq: number): void {
    const index = this.turns.findIndex((turn) => turn.utterance.seq === seq);
    if (index >= 0) this.turns.splice(index, 1);
  }
}
