import { request } from '../api/http';
import type { AccountAgent } from './rules';

// The calls behind the conversation's actions (docs/api.md, "Routing (the desk)").

const base = (accountId: number) => `/api/v1/accounts/${accountId}`;
const conversation = (accountId: number, id: number) => `${base(accountId)}/conversations/${id}`;

export const actionKeys = {
  agents: (accountId: number) => ['actions', accountId, 'agents'] as const,
  teams: (accountId: number) => ['actions', accountId, 'teams'] as const,
  labels: (accountId: number) => ['actions', accountId, 'labels'] as const,
  inboxMembers: (accountId: number, inboxId: number) => ['actions', accountId, 'inbox-members', inboxId] as const,
};

export interface TeamRef {
  id: number;
  name: string;
}

export interface AccountLabel {
  id: number;
  title: string;
  color: string | null;
  description?: string | null;
}

const AGENTS_PAGE = 100;
const MAX_AGENT_PAGES = 10;

/** Every agent of the account (GET /agents is paged by 100). */
export async function fetchAllAgents(accountId: number, signal?: AbortSignal): Promise<AccountAgent[]> {
  const all: AccountAgent[] = [];
  for (let page = 1; page <= MAX_AGENT_PAGES; page++) {
    const list = await request<AccountAgent[]>(`${base(accountId)}/agents?page=${page}`, { signal });
    all.push(...(list ?? []));
    if (!list || list.length < AGENTS_PAGE) break;
  }
  return all;
}

export async function fetchTeamRefs(accountId: number, signal?: AbortSignal): Promise<TeamRef[]> {
  const list = await request<TeamRef[]>(`${base(accountId)}/teams`, { signal });
  return (list ?? []).map((t) => ({ id: t.id, name: t.name }));
}

export async function fetchAccountLabels(accountId: number, signal?: AbortSignal): Promise<AccountLabel[]> {
  const answer = await request<{ payload: AccountLabel[] }>(`${base(accountId)}/labels`, { signal });
  return answer?.payload ?? [];
}

export async function fetchInboxMemberIds(accountId: number, inboxId: number, signal?: AbortSignal): Promise<number[]> {
  const answer = await request<{ payload: { id: number }[] }>(`${base(accountId)}/inbox_members/${inboxId}`, { signal });
  return (answer?.payload ?? []).map((m) => m.id);
}

export type Assignment = { assignee_id: number | null; override_capacity?: boolean } | { team_id: number | null };

/**
 * Every action sends the conversation's `state_version` as the agent saw it: if someone else acted first,
 * the server answers 409 conversation_changed instead of doing both (docs/api.md).
 */
export function assign(accountId: number, id: number, body: Assignment, stateVersion?: number) {
  return request<unknown>(`${conversation(accountId, id)}/assignments`, {
    method: 'POST',
    body: { ...body, state_version: stateVersion },
  });
}

export type TransferTarget = { agent_id: number } | { team_id: number };

export function transfer(accountId: number, id: number, target: TransferTarget, note?: string, stateVersion?: number) {
  const body = note?.trim() ? { ...target, note: note.trim() } : target;
  return request<unknown>(`${conversation(accountId, id)}/transfer`, {
    method: 'POST',
    body: { ...body, state_version: stateVersion },
  });
}

export function invite(accountId: number, id: number, agentId: number, stateVersion?: number) {
  return request<unknown>(`${conversation(accountId, id)}/participants`, {
    method: 'POST',
    body: { agent_id: agentId, state_version: stateVersion },
  });
}

export function removeParticipant(accountId: number, id: number, agentId: number, stateVersion?: number) {
  const query = stateVersion === undefined ? '' : `?state_version=${stateVersion}`;
  return request<void>(`${conversation(accountId, id)}/participants/${agentId}${query}`, { method: 'DELETE' });
}

export async function setLabels(accountId: number, id: number, labels: string[]): Promise<string[]> {
  const answer = await request<{ payload: string[] }>(`${conversation(accountId, id)}/labels`, { method: 'POST', body: { labels } });
  return answer?.payload ?? labels;
}
