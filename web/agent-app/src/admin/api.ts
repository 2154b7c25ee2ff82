import type { WorkingDay } from './businessHours';
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
  /** The installation's limit (baton.licence.max-seats): the most seats an administrator may set. */
  max_licence_seats?: number | null;
  wrap_up_required: boolean;
  /** IANA time zone; reports count days in it unless they name another. */
  time_zone: string;
  /** The contact label by which an external bot escalates a contact to people. */
  escalation_label: string;
  /** The default business hours of queues without their own, in time_zone. */
  working_hours_enabled?: boolean;
  working_hours?: WorkingDay[];
  holidays?: string[];
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
  working_hours_enabled?: boolean;
  /** The zone of the team's hours; null: the account's time zone. */
  timezone?: string | null;
  working_hours?: WorkingDay[];
  holidays?: string[];
}

export interface Inbox {
  id: number;
  name: string;
  channel_type: string;
  website_token: string | null;
  inbox_identifier: string | null;
  website_url: string | null;
  webhook_url: string | null;
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
  inboxWebhook: (a: number, inbox: number) => ['admin', a, 'inboxes', inbox, 'webhook'] as const,
  automation: (a: number, inbox: number) => ['admin', a, 'automation', inbox] as const,
  stories: (a: number) => ['admin', a, 'stories'] as const,
  wrapUp: (a: number) => ['routing', a, 'wrap-up-reasons'] as const,
  canned: (a: number) => ['admin', a, 'canned'] as const,
  labels: (a: number) => ['admin', a, 'labels'] as const,
  invitations: (a: number) => ['admin', a, 'invitations'] as const,
};

// ---------- account ----------
export const fetchAccount = (a: number) => request<Account>(base(a));
export const patchAccount = (a: number, body: Partial<Account>) => request<Account>(base(a), { method: 'PATCH', body });

// ---------- agents ----------
export const fetchAgents = async (a: number) => payload(await request<Agent[] | { payload: Agent[] }>(`${base(a)}/agents`));
/** A pending invitation: the person joins when they accept the link e-mailed to them. */
export interface Invitation {
  id: number;
  email: string;
  name: string;
  display_name: string | null;
  role: AgentRole;
  licensed: boolean;
  sent_at: number;
  expires_at: number;
  status: 'pending';
}

/** A new person with a password joins at once (the agent); anyone else is invited (202, the invitation). */
export const createAgent = (a: number, body: Record<string, unknown>) =>
  request<Agent | Invitation>(`${base(a)}/agents`, { method: 'POST', body });
export const isInvitation = (answer: Agent | Invitation | undefined): answer is Invitation =>
  !!answer && (answer as Invitation).status === 'pending';
export const fetchInvitations = async (a: number) =>
  payload(await request<{ payload: Invitation[] }>(`${base(a)}/invitations`));
export const resendInvitation = (a: number, id: number) =>
  request<Invitation>(`${base(a)}/invitations/${id}/resend`, { method: 'POST' });
export const revokeInvitation = (a: number, id: number) => request<void>(`${base(a)}/invitations/${id}`, { method: 'DELETE' });
/** Ends every session of the member and revokes their access token. */
export const signOutEverywhere = (a: number, id: number) => request<void>(`${base(a)}/agents/${id}/sessions`, { method: 'DELETE' });
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
/** An API inbox's webhook_url endpoint: its signing secret (administrators only). */
export const fetchInboxWebhook = async (a: number, id: number) =>
  (await request<{ payload: { webhook: { id: number; secret: string; enabled: boolean; disabled_reason: string | null } } }>(
    `${base(a)}/inboxes/${id}/webhook`,
  )).payload.webhook;
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

// ---- webhooks (administrators only)

export interface Webhook {
  id: number;
  name: string | null;
  url: string;
  account_id: number;
  subscriptions: string[];
  secret: string;
  enabled: boolean;
  disabled_reason: string | null;
  disabled_at: number | null;
  previous_secret_expires_at: number | null;
  created_at: number;
  updated_at: number;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

export interface WebhookDelivery {
  id: number;
  webhook_id: number;
  message_id: string;
  event: string;
  status: DeliveryStatus;
  attempts: number;
  response_status: number | null;
  last_error: string | null;
  duration_ms: number | null;
  next_attempt_at: number | null;
  last_attempt_at: number | null;
  delivered_at: number | null;
  created_at: number;
  payload: unknown;
}

export interface DeliveryPage {
  meta: { per_page: number; next_before: number | null };
  payload: WebhookDelivery[];
}

/** The events a webhook may subscribe to: Chatwoot's, then Baton's (the server's WebhookEvents). */
export const CHATWOOT_EVENTS = [
  'conversation_created',
  'conversation_status_changed',
  'conversation_updated',
  'contact_created',
  'contact_updated',
  'message_created',
  'message_updated',
  'webwidget_triggered',
] as const;
export const BATON_EVENTS = [
  'handoff_started',
  'handoff_ended',
  'offer_created',
  'offer_accepted',
  'offer_declined',
  'offer_expired',
  'offer_withdrawn',
  'agent_status_changed',
] as const;

export const webhookKeys = {
  list: (a: number) => ['admin', a, 'webhooks'] as const,
  deliveries: (a: number, id: number, status: string) => ['admin', a, 'webhooks', id, 'deliveries', status] as const,
};

type WebhookAnswer = { payload: { webhook: Webhook } };
export const fetchWebhooks = async (a: number) =>
  (await request<{ payload: { webhooks: Webhook[] } }>(`${base(a)}/webhooks`)).payload.webhooks;
export const createWebhook = async (a: number, body: Partial<Webhook>) =>
  (await request<WebhookAnswer>(`${base(a)}/webhooks`, { method: 'POST', body })).payload.webhook;
export const patchWebhook = async (a: number, id: number, body: Partial<Webhook>) =>
  (await request<WebhookAnswer>(`${base(a)}/webhooks/${id}`, { method: 'PATCH', body })).payload.webhook;
export const deleteWebhook = (a: number, id: number) => request<void>(`${base(a)}/webhooks/${id}`, { method: 'DELETE' });
export const rotateWebhookSecret = async (a: number, id: number) =>
  (await request<WebhookAnswer>(`${base(a)}/webhooks/${id}/rotate_secret`, { method: 'POST' })).payload.webhook;
export const fetchDeliveries = (a: number, id: number, status: string, before?: number | null) => {
  const query = new URLSearchParams({ per_page: '25' });
  if (status) query.set('status', status);
  if (before) query.set('before', String(before));
  return request<DeliveryPage>(`${base(a)}/webhooks/${id}/deliveries?${query}`);
};
export const redeliver = async (a: number, id: number, deliveryId: number) =>
  (await request<{ payload: WebhookDelivery }>(`${base(a)}/webhooks/${id}/deliveries/${deliveryId}/redeliver`, { method: 'POST' }))
    .payload;

// ---------- Slack (docs/slack.md) ----------
export interface SlackConnection {
  connected: boolean;
  status?: 'active' | 'disabled';
  disabled_reason?: string | null;
  team_id?: string;
  team_name?: string | null;
  request_channel?: { id: string; name: string } | null;
  last_error?: string | null;
  last_error_message?: string | null;
  requirements: string[];
  /** "Add to Slack" is configured on the server (baton.slack.client-id and client-secret). */
  install_available?: boolean;
}
export interface SlackChannel {
  id: string;
  name: string;
}
/** Whose Slack connection: an inbox's, or a team's (its handoffs' requests go to its own channel). */
export type SlackHolder = { kind: 'inboxes' | 'teams'; id: number };
const slackBase = (a: number, h: SlackHolder) => `${base(a)}/${h.kind}/${h.id}/slack`;
export const slackKeys = {
  connection: (a: number, h: SlackHolder) => ['admin', a, 'slack', h.kind, h.id] as const,
  channels: (a: number, h: SlackHolder) => ['admin', a, 'slack', h.kind, h.id, 'channels'] as const,
};
export const fetchSlack = async (a: number, h: SlackHolder) =>
  (await request<{ payload: SlackConnection }>(slackBase(a, h))).payload;
export const connectSlack = async (a: number, h: SlackHolder, bot_token: string) =>
  (await request<{ payload: SlackConnection }>(slackBase(a, h), { method: 'PUT', body: { bot_token } })).payload;
export const fetchSlackChannels = async (a: number, h: SlackHolder) =>
  (await request<{ payload: SlackChannel[] }>(`${slackBase(a, h)}/channels`)).payload;
export const chooseSlackChannel = async (a: number, h: SlackHolder, channel_id: string) =>
  (await request<{ payload: SlackConnection }>(`${slackBase(a, h)}/channel`, { method: 'PUT', body: { channel_id } })).payload;
/** Slack's authorize URL for "Add to Slack", with a single-use state for this administrator and inbox. */
export const startSlackInstall = async (a: number, h: SlackHolder) =>
  (await request<{ payload: { url: string } }>(`${slackBase(a, h)}/install`, { method: 'POST' })).payload.url;
export const disconnectSlack = (a: number, h: SlackHolder) => request<void>(slackBase(a, h), { method: 'DELETE' });

// ---- agent bots (administrators only; docs/bots.md)

export interface AgentBot {
  id: number;
  name: string;
  description: string;
  outgoing_url: string;
  avatar_url: string | null;
  events: string[];
  max_failures: number;
  reply_deadline_seconds: number;
  enabled: boolean;
  /** Only in the answers of create and reset_access_token (the server keeps it hashed). */
  access_token: string | null;
  secret: string;
  created_at: number;
  updated_at: number;
}

export interface InboxBot extends AgentBot {
  secondary_agent_bots: number[];
}

/** The events a bot may choose (the server's AgentBotEvents.ALL); all but `standby` by default. */
export const BOT_EVENTS = [
  'webwidget_triggered',
  'conversation_opened',
  'message_created',
  'message_updated',
  'conversation_resolved',
  'conversation_status_changed',
  'handoff_started',
  'handoff_ended',
  'conversation_returned',
  'control_passed',
  'control_taken',
  'control_requested',
  'standby',
] as const;
export const DEFAULT_BOT_EVENTS: string[] = BOT_EVENTS.filter((e) => e !== 'standby');

export type AgentBotDraft = Pick<AgentBot, 'name' | 'description' | 'outgoing_url' | 'events' | 'max_failures' | 'reply_deadline_seconds'>;

export const botKeys = {
  list: (a: number) => ['admin', a, 'agent_bots'] as const,
  ofInbox: (a: number, inbox: number) => ['admin', a, 'inboxes', inbox, 'agent_bot'] as const,
};

export const fetchAgentBots = (a: number) => request<AgentBot[]>(`${base(a)}/agent_bots`);
export const createAgentBot = (a: number, body: AgentBotDraft) => request<AgentBot>(`${base(a)}/agent_bots`, { method: 'POST', body });
export const patchAgentBot = (a: number, id: number, body: AgentBotDraft) =>
  request<AgentBot>(`${base(a)}/agent_bots/${id}`, { method: 'PATCH', body });
export const deleteAgentBot = (a: number, id: number) => request<void>(`${base(a)}/agent_bots/${id}`, { method: 'DELETE' });
export const resetAgentBotToken = (a: number, id: number) =>
  request<AgentBot>(`${base(a)}/agent_bots/${id}/reset_access_token`, { method: 'POST' });
/** The inbox's bot, or null when it has none (204). */
export const fetchInboxBot = async (a: number, inbox: number) =>
  (await request<InboxBot | undefined>(`${base(a)}/inboxes/${inbox}/agent_bot`)) ?? null;
export const setInboxBot = (a: number, inbox: number, agent_bot: number | null, secondary_agent_bots: number[]) =>
  request<void>(`${base(a)}/inboxes/${inbox}/set_agent_bot`, { method: 'POST', body: { agent_bot, secondary_agent_bots } });

// ---------- Audit log (docs/api.md#audit-log, administrators only) ----------
/** The auditable types the server logs (its AuditLog.TYPES), Chatwoot's model names. */
export const AUDIT_TYPES = [
  'Account',
  'AccountUser',
  'Invitation',
  'Inbox',
  'Team',
  'Story',
  'AgentBot',
  'Webhook',
  'SlackConnection',
  'Contact',
  'DataImport',
  'CustomAttributeDefinition',
  'CannedResponse',
  'Label',
  'WrapUpReason',
] as const;

export interface AuditEntry {
  id: number;
  auditable_type: string;
  auditable_id: number;
  auditable_name: string | null;
  action: string;
  user_id: number | null;
  username: string | null;
  actor_name: string | null;
  audited_changes: Record<string, unknown>;
  account_id: number;
  created_at: number;
}

export interface AuditPage {
  audit_logs: AuditEntry[];
  per_page: number;
  total_entries: number;
  next_before: number | null;
}

export const auditKeys = {
  page: (a: number, type: string, user: string) => ['admin', a, 'audit_logs', type, user] as const,
};

export const fetchAuditLog = (a: number, type: string, userId: string, before?: number | null) => {
  const query = new URLSearchParams({ per_page: '25' });
  if (type) query.set('auditable_type', type);
  if (userId) query.set('user_id', userId);
  if (before) query.set('before', String(before));
  return request<AuditPage>(`${base(a)}/audit_logs?${query}`);
};
