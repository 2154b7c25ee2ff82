import type { AgentStatus, AgentStatusValue } from '../api/types';

/** The caller's own status in the account; someone who never had one is offline. */
export function ownStatus(statuses: AgentStatus[] | undefined, userId: number): AgentStatusValue {
  return statuses?.find((s) => s.user_id === userId)?.status ?? 'offline';
}

/** Folds agent.status_changed (or an availability answer) into the statuses list. */
export function withStatus(
  statuses: AgentStatus[] | undefined,
  change: Partial<AgentStatus> & { user_id: number; status: AgentStatusValue },
  nowSeconds: number = Math.floor(Date.now() / 1000),
): AgentStatus[] {
  const list = statuses ?? [];
  const old = list.find((s) => s.user_id === change.user_id);
  const next: AgentStatus = {
    busy: false,
    load: 0,
    capacity: 0,
    changed_at: nowSeconds,
    ...old,
    ...change,
  };
  return old ? list.map((s) => (s.user_id === change.user_id ? next : s)) : [...list, next];
}
