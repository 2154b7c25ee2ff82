import { ApiError, request } from '../api/http';
import type { WrapUpReason } from '../api/types';

// Wire types and calls of the administration API (snake_case, Chatwoot-compatible shapes).

const base = (a: number) => `/api/v1/accounts/${a}`;

export interface Account {
  id: number;
  name: string;
  locale: string;
  max_message_length: number | null;
  licence_seats: number | null;
  licences_used: number;
  wrap_up_required: boolean;
}

export type AgentRole = 'administrator' | 'supervisor' | 'agent';
export const AGENT_ROLES: AgentRole[] = ['agent', 'supervisor', 'administrator'];

export interface Agent {
  id: number;
  name: string;
  display_name: string | null;
  available_name: string | null;
  email: string;
  role: AgentRole;
  licensed: boolean;
  capacity: number | null;
  last_activity_at: number | string | null;
  message_count: number;
  avatar_url: string | null;
  show_bot_conversations: boolean;
  email_on_new_handoff: boolean;
  /** Only in the answer to POST when the server generated a password. */
  password?: string;
}

export interface PageRule {
  inbox_id: number;
  pattern: string;
}

export type OfferMode = 'sequential' | 'broadcast';
export type OnDisconnect = 'keep' | 'requeue';

export interface Team {
  id: number;
  name: string;
  description: string | null;
  offer_mode: OfferMode;
  offer_timeout_seconds: number | null;
  handoff_timeout_seconds: number | null;
  overflow_team_id: number | null;
  on_disconnect: OnDisconnect;
}

export interface Inbox {
  id: number;
  name: string;
  channel_type: string;
  website_token: string | null;
  inbox_identifier: string | null;
  website_url: string | null;
  widget_color: string | null;
  welcome_title: string | null;
  welcome_tagline: string | null;
  locale: string | null;
  allowed_origins: string[] | null;
  hmac_token?: string | null;
  hmac_mandatory: boolean;
  web_widget_script: string | null;
}

export interface Automation {
  story_id: number | null;
  team_id: number | null;
  handover_keywords: string[];
  pseudonym_template: string | null;
  no_agent_email: string | null;
}

export interface Story {
  id: number;
  name: string;
  definition: unknown;
  published_version: number | null;
  updated_at: number | string | null;
}

export interface CannedResponse {
  id: number;
  short_code: string;
  content: string;
}

export interface Label {
  id: number;
  title: string;
  description: string | null;
  color: string;
  show_on_sidebar?: boolean;
}

const payload = <T>(answer: { payload?: T[] } | T[] | undefined): T[] =>
  Array.isArray(answer) ? answer : (answer?.payload ?? []);

/** A missing endpoint (404/405/501) is not an error for the pages built ahead of the server. */
export function isMissingEndpoint(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 405 || error.status === 501);
}

export const adminKeys = {
  account: (a: number) => ['admin', a, 'account'] as const,
  agents: (a: number) => ['admin', a, 'agents'] as const,
  pageRules: (a: number, id: number) => ['admin', a, 'page-rules', id] as const,
  inboxMembers: (a: number, inbox: number) => ['admin', a, 'inbox-members', inbox] as const,
  teams: (a: number) => ['admin', a, 'teams'] as const,
  teamMembers: (a: number, team: number) => ['admin', a, 'team-members', team] as const,
  inboxes: (a: number) => ['admin', a, 'inboxes'] as const,
  automation: (a: number, inbox: number) => ['admin', a, 'automation', inbox] as const,
  stories: (a: number) => ['admin', a, 'stories'] as const,
  wrapUp: (a: number) => ['routing', a, 'wrap-up-reasons'] as const,
  canned: (a: number) => ['admin', a, 'canned'] as const,
  labels: (a: number) => ['admin', a, 'labels'] as const,
};

// ---------- account ----------
export const fetchAccount = (a: number) => request<Account>(base(a));
export const patchAccount = (a: number, body: Partial<Account>) => request<Account>(base(a), { method: 'PATCH', body });

// ---------- agents ----------
export const fetchAgents = async (a: number) => payload(await request<Agent[] | { payload: Agent[] }>(`${base(a)}/agents`));
export const createAgent = (a: number, body: Record<string, unknown>) =>
  request<Agent>(`${base(a)}/agents`, { method: 'POST', body });
export const patchAgent = (a: number, id: number, body: Record<string, unknown>) =>
  request<Agent>(`${base(a)}/agents/${id}`, { method: 'PATCH', body });
export const deleteAgent = (a: number, id: number) => request<void>(`${base(a)}/agents/${id}`, { method: 'DELETE' });
/** The server answers `{payload: [...]}`; `{rules: [...]}` (the PUT body's shape) is accepted too. */
export const fetchPageRules = async (a: number, id: number) => {
  const answer = await request<{ payload?: PageRule[]; rules?: PageRule[] }>(`${base(a)}/agents/${id}/page_rules`);
  return (answer?.payload ?? answer?.rules ?? []).map((r) => ({ inbox_id: r.inbox_id, pattern: r.pattern }));
};
export const putPageRules = (a: number, id: number, rules: PageRule[]) =>
  request<{ payload: PageRule[] }>(`${base(a)}/agents/${id}/page_rules`, { method: 'PUT', body: { rules } });
export const fetchInboxMembers = async (a: number, inbox: number) =>
  payload(await request<{ payload: Agent[] }>(`${base(a)}/inbox_members/${inbox}`));
export const setInboxMembers = (a: number, inbox_id: number, user_ids: number[]) =>
  request<unknown>(`${base(a)}/inbox_members`, { method: 'PATCH', body: { inbox_id, user_ids } });

// ---------- teams ----------
export const fetchTeams = async (a: number) => payload(await request<Team[] | { payload: Team[] }>(`${base(a)}/teams`));
export const createTeam = (a: number, body: Partial<Team>) => request<Team>(`${base(a)}/teams`, { method: 'POST', body });
export const patchTeam = (a: number, id: number, body: Partial<Team>) =>
  request<Team>(`${base(a)}/teams/${id}`, { method: 'PATCH', body });
export const deleteTeam = (a: number, id: number) => request<void>(`${base(a)}/teams/${id}`, { method: 'DELETE' });
export const fetchTeamMembers = async (a: number, id: number) =>
  payload(await request<Agent[] | { payload: Agent[] }>(`${base(a)}/teams/${id}/team_members`));
/** PATCH replaces the member list (Chatwoot semantics). */
export const setTeamMembers = (a: number, id: number, user_ids: number[]) =>
  request<unknown>(`${base(a)}/teams/${id}/team_members`, { method: 'PATCH', body: { user_ids } });

// ---------- inboxes ----------
export const fetchInboxes = async (a: number) => payload(await request<{ payload: Inbox[] }>(`${base(a)}/inboxes`));
export const createInbox = (a: number, body: Record<string, unknown>) =>
  request<Inbox>(`${base(a)}/inboxes`, { method: 'POST', body });
export const patchInbox = (a: number, id: number, body: Record<string, unknown>) =>
  request<Inbox>(`${base(a)}/inboxes/${id}`, { method: 'PATCH', body });
export const fetchAutomation = (a: number, id: number) => request<Automation>(`${base(a)}/inboxes/${id}/automation`);
export const putAutomation = (a: number, id: number, body: Automation) =>
  request<Automation>(`${base(a)}/inboxes/${id}/automation`, { method: 'PUT', body });

// ---------- stories ----------
export const fetchStories = async (a: number) => payload(await request<{ payload: Story[] }>(`${base(a)}/stories`));
export const createStory = (a: number, body: { name: string; definition: unknown }) =>
  request<Story>(`${base(a)}/stories`, { method: 'POST', body });
export const patchStory = (a: number, id: number, body: { name?: string; definition?: unknown }) =>
  request<Story>(`${base(a)}/stories/${id}`, { method: 'PATCH', body });
export const publishStory = (a: number, id: number) => request<Story>(`${base(a)}/stories/${id}/publish`, { method: 'POST' });
export const deleteStory = (a: number, id: number) => request<void>(`${base(a)}/stories/${id}`, { method: 'DELETE' });

// ---------- wrap-up reasons ----------
export const fetchWrapUpReasonsAdmin = async (a: number) =>
  payload(await request<WrapUpReason[] | { payload: WrapUpReason[] }>(`${base(a)}/wrap_up_reasons`));
export const createWrapUpReason = (a: number, body: Partial<WrapUpReason>) =>
  request<WrapUpReason>(`${base(a)}/wrap_up_reasons`, { method: 'POST', body });
export const patchWrapUpReason = (a: number, id: number, body: Partial<WrapUpReason>) =>
  request<WrapUpReason>(`${base(a)}/wrap_up_reasons/${id}`, { method: 'PATCH', body });

// ---------- canned responses (Chatwoot: a bare array) ----------
export const fetchCanned = async (a: number) =>
  payload(await request<CannedResponse[] | { payload: CannedResponse[] }>(`${base(a)}/canned_responses`));
export const createCanned = (a: number, body: Omit<CannedResponse, 'id'>) =>
  request<CannedResponse>(`${base(a)}/canned_responses`, { method: 'POST', body });
export const patchCanned = (a: number, id: number, body: Omit<CannedResponse, 'id'>) =>
  request<CannedResponse>(`${base(a)}/canned_responses/${id}`, { method: 'PATCH', body });
export const deleteCanned = (a: number, id: number) =>
  request<void>(`${base(a)}/canned_responses/${id}`, { method: 'DELETE' });

// ---------- labels (Chatwoot: {payload}) ----------
export const fetchLabels = async (a: number) => payload(await request<{ payload: Label[] } | Label[]>(`${base(a)}/labels`));
export const createLabel = (a: number, body: Omit<Label, 'id'>) => request<Label>(`${base(a)}/labels`, { method: 'POST', body });
export const patchLabel = (a: number, id: number, body: Omit<Label, 'id'>) =>
  request<Label>(`${base(a)}/labels/${id}`, { method: 'PATCH', body });
export const deleteLabel = (a: number, id: number) => request<void>(`${base(a)}/labels/${id}`, { method: 'DELETE' });
