import { z } from 'zod';
import type { Identity } from './timeline';

export type ProfileAttributes = Record<string, string | number | boolean | null>;

export interface CustomerListItem {
  id: string;
  name: string | null;
  identities: Identity[];
}

export interface SurveyScore {
  score: number;
  at: string;
}

export interface CustomerSummary {
  contactsLast30Days: number;
  lastNps: SurveyScore | null;
  lastCsat: SurveyScore | null;
  lastCes: SurveyScore | null;
  openComplaints: number;
}

export interface CustomerDetail {
  id: string;
  name: string | null;
  attributes: ProfileAttributes;
  identities: Identity[];
  createdAt: string;
  summary: CustomerSummary;
}

export const customerSearchQuerySchema = z.object({
  q: z.string().trim().min(2, 'type at least 2 characters').max(200),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export interface CustomerSearchResponse {
  customers: CustomerListItem[];
}

export interface CustomerResponse {
  customer: CustomerDetail;
}
