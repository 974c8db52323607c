/**
 * From a customer's attributes to the numeric feature vector both learners see, and back:
 * every encoded feature remembers its source column, so contributions can be summed per
 * column ("Contract", not "Contract=Month-to-month" and "Contract=Two year" separately).
 *
 * - numeric column → its value (blank → the training median) and, when the training data had
 *   blanks, a 0/1 "missing" flag, so a blank can still mean something (in telco a blank
 *   TotalCharges means "not billed yet") without the median pretending to be a real value;
 * - categorical column → one 0/1 feature per level; blanks are their own level "(missing)";
 *   levels too rare to learn from are pooled as "(other)", and so is a level first seen at
 *   prediction time (when there is no "(other)" level, an unseen value sets no level at all,
 *   which both the trees and the linear part read as "none of the known levels").
 */
import { categoryOf, parseNumber, type ColumnProfile, type TableRow } from './table';

export const MISSING_LEVEL = '(missing)';
export const OTHER_LEVEL = '(other)';

/** A level seen fewer times than this is pooled into "(other)": too few rows to estimate anything from. */
const MIN_LEVEL_COUNT = 10;
/** At most this many levels per column (the most frequent); the rest are pooled into "(other)". */
const MAX_LEVELS = 40;

export interface NumericColumnEncoding {
  name: string;
  kind: 'numeric';
  median: number;
  missingIndicator: boolean;
}

export interface CategoricalColumnEncoding {
  name: string;
  kind: 'categorical';
  levels: string[];
}

export type ColumnEncoding = NumericColumnEncoding | CategoricalColumnEncoding;

export interface EncodedFeature {
  name: string;
  column: string;
  kind: 'value' | 'missing' | 'level';
  level?: string;
}

/** What a customer record may hold: CSV text, or typed values from the CRM profile. */
export type AttributeValue = string | number | boolean | null | undefined;
export type CustomerAttributes = Readonly<Record<string, AttributeValue>>;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function fitEncoding(rows: readonly TableRow[], profiles: readonly ColumnProfile[]): ColumnEncoding[] {
  const encodings: ColumnEncoding[] = [];
  for (const profile of profiles) {
    if (profile.kind === 'numeric') {
      const values: number[] = [];
      let missing = 0;
      for (const row of rows) {
        const value = parseNumber(row[profile.name]);
        if (value === null) missing++;
        else values.push(value);
      }
      encodings.push({ name: profile.name, kind: 'numeric', median: values.length > 0 ? median(values) : 0, missingIndicator: missing > 0 });
    } else if (profile.kind === 'categorical') {
      const counts = new Map<string, number>();
      for (const row of rows) {
        const level = categoryOf(row[profile.name]) ?? MISSING_LEVEL;
        counts.set(level, (counts.get(level) ?? 0) + 1);
      }
      const byCount = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      const kept = byCount
        .filter(([level, count], i) => level === MISSING_LEVEL || (count >= MIN_LEVEL_COUNT && i < MAX_LEVELS))
        .map(([level]) => level);
      const pooled = byCount.length > kept.length;
      // Levels in a stable, readable order (by name) so the artifact diffs cleanly between trainings.
      const levels = kept.sort();
      if (pooled && !levels.includes(OTHER_LEVEL)) levels.push(OTHER_LEVEL);
      encodings.push({ name: profile.name, kind: 'categorical', levels });
    }
  }
  return encodings;
}

export function encodedFeatures(columns: readonly ColumnEncoding[]): EncodedFeature[] {
  const features: EncodedFeature[] = [];
  for (const column of columns) {
    if (column.kind === 'numeric') {
      features.push({ name: column.name, column: column.name, kind: 'value' });
      if (column.missingIndicator) features.push({ name: `${column.name} ${MISSING_LEVEL}`, column: column.name, kind: 'missing' });
    } else {
      for (const level of column.levels) features.push({ name: `${column.name}=${level}`, column: column.name, kind: 'level', level });
    }
  }
  return features;
}

/** The raw value shown next to a reason: the number, the level text, or null for a blank. */
export type DisplayValue = string | number | null;

interface ColumnSlot {
  column: ColumnEncoding;
  /** Index of the column's first encoded feature. */
  offset: number;
  /** Categorical: level → its offset from `offset`; lower-cased too, so "yes" finds "Yes". */
  levelIndex?: Map<string, number>;
}

/** Encodes customer attributes for one trained model; built once per model and reused for every score. */
export class FeatureEncoder {
  readonly features: EncodedFeature[];
  readonly width: number;
  /** For each encoded feature, the index of its source column in `columns`. */
  readonly columnOfFeature: Int32Array;
  private readonly slots: ColumnSlot[];

  constructor(readonly columns: readonly ColumnEncoding[]) {
    this.features = encodedFeatures(columns);
    this.width = this.features.length;
    this.columnOfFeature = Int32Array.from(this.features, (feature) => columns.findIndex((c) => c.name === feature.column));
    let offset = 0;
    this.slots = columns.map((column) => {
      const slot: ColumnSlot = { column, offset };
      if (column.kind === 'numeric') {
        offset += column.missingIndicator ? 2 : 1;
      } else {
        const levelIndex = new Map<string, number>();
        column.levels.forEach((level, i) => levelIndex.set(level, i));
        column.levels.forEach((level, i) => {
          if (!levelIndex.has(level.toLowerCase())) levelIndex.set(level.toLowerCase(), i);
        });
        slot.levelIndex = levelIndex;
        offset += column.levels.length;
      }
      return slot;
    });
  }

  /** Writes the encoding of `attributes` into `out` (length `width`); missing keys count as blanks. */
  encodeInto(attributes: CustomerAttributes, out: Float64Array, at = 0): void {
    for (const slot of this.slots) {
      const raw = attributes[slot.column.name];
      if (slot.column.kind === 'numeric') {
        const value = parseNumber(raw);
        out[at + slot.offset] = value ?? slot.column.median;
        if (slot.column.missingIndicator) out[at + slot.offset + 1] = value === null ? 1 : 0;
      } else {
        const levels = slot.column.levels.length;
        for (let i = 0; i < levels; i++) out[at + slot.offset + i] = 0;
        const level = categoryOf(raw) ?? MISSING_LEVEL;
        const index = slot.levelIndex!.get(level) ?? slot.levelIndex!.get(level.toLowerCase()) ?? slot.levelIndex!.get(OTHER_LEVEL);
        if (index !== undefined) out[at + slot.offset + index] = 1;
      }
    }
  }

  encode(attributes: CustomerAttributes): Float64Array {
    const out = new Float64Array(this.width);
    this.encodeInto(attributes, out);
    return out;
  }

  /** Row-major matrix (rows × width) of a whole table. */
  encodeRows(rows: readonly CustomerAttributes[]): Float64Array {
    const matrix = new Float64Array(rows.length * this.width);
    rows.forEach((row, i) => this.encodeInto(row, matrix, i * this.width));
    return matrix;
  }

  /** The value a reason names for column `index`: parsed number, level text, or null when blank. */
  displayValue(index: number, attributes: CustomerAttributes): DisplayValue {
    const column = this.columns[index]!;
    const raw = attributes[column.name];
    return column.kind === 'numeric' ? parseNumber(raw) : categoryOf(raw);
  }
}
