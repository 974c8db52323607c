import type { LoginRequest, LoginResponse, MeResponse } from '../../../shared/auth';
import type { CustomerResponse, CustomerSearchResponse } from '../../../shared/customers';
import type { CatalogAction, CatalogResponse, CreateAction, NbaMetricsResponse, UpdateAction } from '../../../shared/nba';
import type { Channel, TimelinePage } from '../../../shared/timeline';
import { request } from './http';

/** The console's REST calls, one function each, typed by the shared contract. */

export const login = (credentials: LoginRequest) =>
  request<LoginResponse>('/auth/login', { method: 'POST', body: credentials });

export const logout = () => request<void>('/auth/logout', { method: 'POST' });

export const fetchMe = () => request<MeResponse>('/auth/me');

export const searchCustomers = (q: string) => request<CustomerSearchResponse>('/customers', { query: { q } });

export const fetchCustomer = (id: string) => request<CustomerResponse>(`/customers/${encodeURIComponent(id)}`);

export interface TimelinePageQuery {
  before: string | null;
  limit: number;
  channels: readonly Channel[];
}

export const fetchTimelinePage = (customerId: string, query: TimelinePageQuery) =>
  request<TimelinePage>(`/customers/${encodeURIComponent(customerId)}/timeline`, {
    query: {
      before: query.before ?? undefined,
      limit: query.limit,
      channel: query.channels.length > 0 ? query.channels.join(',') : undefined,
    },
  });

export const fetchActionCatalog = () => request<CatalogResponse>('/actions');

export const createAction = (input: CreateAction) => request<{ action: CatalogAction }>('/actions', { method: 'POST', body: input });

export const updateAction = (id: string, patch: UpdateAction) =>
  request<{ action: CatalogAction }>(`/actions/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch });

export const fetchNbaMetrics = (since: string | null) => request<NbaMetricsResponse>('/metrics/nba', { query: { since: since ?? undefined } });
