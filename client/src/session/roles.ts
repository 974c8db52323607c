import type { Role } from '../../../shared/auth';

/** Agents and the retention team take calls and chats: their home is the agent console. */
export const TAKES_INTERACTIONS: readonly Role[] = ['agent', 'retention'];

export function takesInteractions(role: Role | undefined): boolean {
  return role !== undefined && TAKES_INTERACTIONS.includes(role);
}
