import type { LiveDefectionMoments, LogOutreachRequest, LogOutreachResponse, WorklistPage } from '../../../shared/retention';
import { request } from './http';

/** The retention desk's REST calls, typed by the shared contract. */

export const fetchWorklist = (query: { page: number; limit: number }) => request<WorklistPage>('/retention/worklist', { query });

export const logOutreach = (body: LogOutreachRequest) => request<LogOutreachResponse>('/retention/outreach', { method: 'POST', body });

export const fetchLiveMoments = () => request<LiveDefectionMoments>('/retention/moments');
