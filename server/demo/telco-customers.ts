import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { SHARED_DATA_DIR } from '../shared-data';

export const TELCO_CSV = path.join('telco-churn', 'Telco-Customer-Churn.csv');

const yesNo = z.enum(['Yes', 'No']);
const number = z.string().trim().min(1).pipe(z.coerce.number());

/** One row of IBM's telco churn sample, numbers as numbers; the column names are kept as the data set spells them. */
const telcoRowSchema = z.object({
  customerID: z.string().regex(/^\d{4}-[A-Z]{5}$/),
  gender: z.enum(['Female', 'Male']),
  SeniorCitizen: z.enum(['0', '1']).transform(Number),
  Partner: yesNo,
  Dependents: yesNo,
  tenure: number.pipe(z.number().int().min(0)),
  PhoneService: yesNo,
  MultipleLines: z.enum(['Yes', 'No', 'No phone service']),
  InternetService: z.enum(['DSL', 'Fiber optic', 'No']),
  OnlineSecurity: z.string(),
  OnlineBackup: z.string(),
  DeviceProtection: z.string(),
  TechSupport: z.string(),
  StreamingTV: z.string(),
  StreamingMovies: z.string(),
  Contract: z.enum(['Month-to-month', 'One year', 'Two year']),
  PaperlessBilling: yesNo,
  PaymentMethod: z.enum(['Electronic check', 'Mailed check', 'Bank transfer (automatic)', 'Credit card (automatic)']),
  MonthlyCharges: number,
  // Eleven customers joined this month and have not been billed: the data set leaves the cell blank.
  TotalCharges: z.string().transform((value, ctx) => {
    if (value.trim() === '') return null;
    const parsed = Number(value);
    if (Number.isNaN(parsed)) {
      ctx.addIssue({ code: 'custom', message: 'is not a number' });
      return z.NEVER;
    }
    return parsed;
  }),
  Churn: yesNo,
});

export type TelcoRow = z.infer<typeof telcoRowSchema>;
export type TelcoAttributes = Omit<TelcoRow, 'customerID'>;

export interface TelcoCustomer {
  customerID: string;
  attributes: TelcoAttributes;
}

export class DemoDataMissingError extends Error {}

/**
 * Reads the 7,043 customers of the telco sample from `dataDir`, or else from the shared data
 * folder beside the project (so a caller that hands over the app's DATA_DIR still finds it);
 * fails naming the paths it tried when it is in neither.
 */
export function loadTelcoCustomers(dataDir: string = SHARED_DATA_DIR, fallbackDir: string = SHARED_DATA_DIR): TelcoCustomer[] {
  const candidates = [...new Set([path.join(dataDir, TELCO_CSV), path.join(fallbackDir, TELCO_CSV)])];
  const file = candidates.find((candidate) => existsSync(candidate));
  if (!file) {
    throw new DemoDataMissingError(
      `The demo needs IBM's telco churn sample at ${candidates.join(' or ')}, and it is not there. ` +
        'Put the shared data folder beside the project (../shared/data) or name it in SHARED_DATA_DIR, or run with DEMO=false.',
    );
  }
  const records = parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
  return records.map((record, i) => {
    const row = telcoRowSchema.safeParse(record);
    if (!row.success) {
      const issue = row.error.issues[0]!;
      throw new Error(`${file} line ${i + 2}: ${issue.path.join('.')} ${issue.message}`);
    }
    const { customerID, ...attributes } = row.data;
    return { customerID, attributes };
  });
}
