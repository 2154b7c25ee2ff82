import { request } from '../api/http';
import type {
  AccountSettings,
  ClientMessage,
  Conversation,
  ConversationListPage,
  ConversationStatus,
  Message,
  MessagesPage,
} from '../api/types';

export const PAGE_SIZE = 25;

/**
 * The inbox tabs (seed 001 C): live chats (open, with a person or in the queue), closed ones
 * (resolved), and those the bot still has (pending; only for agents who chose to see them).
 * Follow up: conversations nobody could take whose visitor left an e-mail address, whatever their status
 * (docs/workspace.md#follow-up); a list of its own, not one of the status lists.
 */
export type InboxTab = 'live' | 'closed' | 'bot' | 'follow_up';
export const INBOX_TABS: InboxTab[] = ['live', 'closed', 'bot', 'follow_up'];
export const TAB_STATUS: Record<InboxTab, ConversationStatus> = {
  live: 'open',
  closed: 'resolved',
  bot: 'pending',
  // its own list (fetchFollowUps); the status counters shown beside it are the live chats'
  follow_up: 'open',
};

/** The filters within a tab. */
export type ListFilter = 'all' | 'unassigned' | 'unread' | 'mine';
export const LIST_FILTERS: ListFilter[] = ['all', 'unassigned', 'unread', 'mine'];

/** One list: a tab, a filter and the search text ('' for none). */
export interface ListView {
  tab: InboxTab;
  filter: ListFilter;
  q: string;
}

/** The list shown, from the address (?tab=&filter=&q=), so that a reload or a shared link keeps it. */
export function viewFromParams(params: URLSearchParams, showBot: boolean): ListView {
  const tab = INBOX_TABS.find((t) => t === params.get('tab') && (t !== 'bot' || showBot)) ?? 'live';
  const filter = LIST_FILTERS.find((f) => f === params.get('filter')) ?? 'all';
  return { tab, filter, q: params.get('q') ?? '' };
}

export function paramsFromView(view: ListView): Record<string, string> {
  const out: Record<string, string> = {};
  if (view.tab !== 'live') out.tab = view.tab;
  if (view.filter !== 'all') out.filter = view.filter;
  if (view.q) out.q = view.q;
  return out;
}

export const DEFAULT_MAX_MESSAGE_LENGTH = 1000;

const base = (accountId: number) => `/api/v1/accounts/${accountId}`;

export const keys = {
  account: (accountId: number) => ['account', accountId] as const,
  lists: (accountId: number) => ['conversations', accountId, 'list'] as const,
  list: (accountId: number, view: ListView) => ['conversations', accountId, 'list', view.tab, view.filter, view.q.trim()] as const,
  /** All counters (under lists, so refreshing the lists refreshes them too). */
  allCounts: (accountId: number) => ['conversations', accountId, 'list', 'meta'] as const,
  counts: (accountId: number, status: ConversationStatus) => ['conversations', accountId, 'list', 'meta', status] as const,
  contactConversations: (accountId: number, contactId: number) => ['conversations', accountId, 'contact', contactId] as const,
  conversation: (accountId: number, id: number) => ['conversations', accountId, 'detail', id] as const,
  /** Under lists, so that refreshing the lists refreshes it too; not a status list (viewOfKey skips it). */
  followUps: (accountId: number) => ['conversations', accountId, 'list', 'follow_ups'] as const,
  followUp: (accountId: number, id: number) => ['conversations', accountId, 'follow_up', id] as const,
  messages: (accountId: number, id: number) => ['conversations', accountId, 'messages', id] as const,
};

export function fetchAccount(accountId: number): Promise<AccountSettings> {
  return request<AccountSettings>(base(accountId));
}

/** The list a query key of {@link keys.list} names, or undefined for other keys (counters). */
export function viewOfKey(key: readonly unknown[]): ListView | undefined {
  const [, , kind, tab, filter, q] = key;
  if (kind !== 'list' || !INBOX_TABS.includes(tab as InboxTab) || tab === 'follow_up' || !LIST_FILTERS.includes(filter as ListFilter)) {
    return undefined;
  }
  return { tab: tab as InboxTab, filter: filter as ListFilter, q: typeof q === 'string' ? q : '' };
}

/** Query parameters of a list. */
export function listParams(view: ListView, page: number): URLSearchParams {
  const params = new URLSearchParams({
    status: TAB_STATUS[view.tab],
    assignee_type: view.filter === 'mine' ? 'me' : view.filter === 'unassigned' ? 'unassigned' : 'all',
  });
  if (view.filter === 'unread') params.set('unread', 'true');
  const q = view.q.trim();
  if (q) params.set('q', q);
  params.set('page', String(page));
  return params;
}

export function fetchConversations(accountId: number, view: ListView, page: number, signal?: AbortSignal) {
  return request<ConversationListPage>(`${base(accountId)}/conversations?${listParams(view, page)}`, { signal });
}

/** The agent has seen the conversation: its unread count goes back to 0 for every agent. */
export function markSeen(accountId: number, id: number) {
  return request<{ id: number; agent_last_seen_at: number }>(`${base(accountId)}/conversations/${id}/update_last_seen`, {
    method: 'POST',
    body: {},
  });
}

export interface ContactConversationsPage {
  meta: { page: number; per_page: number };
  payload: Conversation[];
}

/** A contact's conversations in the inboxes the agent sees, newest first (Chatwoot's shape, paged). */
export function fetchContactConversations(accountId: number, contactId: number, page: number, signal?: AbortSignal) {
  return request<ContactConversationsPage>(`${base(accountId)}/contacts/${contactId}/conversations?page=${page}`, { signal });
}

export function fetchConversationCounts(accountId: number, status: ConversationStatus, signal?: AbortSignal) {
  return request<{ meta: ConversationListPage['data']['meta'] }>(
    `${base(accountId)}/conversations/meta?${new URLSearchParams({ status })}`,
    { signal },
  );
}

export function fetchConversation(accountId: number, id: number, signal?: AbortSignal) {
  return request<Conversation>(`${base(accountId)}/conversations/${id}`, { signal });
}

/** One page of messages, ascending; `before` fetches the page preceding that message id. */
export function fetchMessages(accountId: number, id: number, before?: number, signal?: AbortSignal) {
  const query = before === undefined ? '' : `?before=${before}`;
  return request<MessagesPage>(`${base(accountId)}/conversations/${id}/messages${query}`, { signal });
}

export interface OutgoingMessage {
  content: string;
  private: boolean;
  echo_id: string;
  files?: readonly File[];
}

/** The multipart form of a message with images (docs/api.md, Images): text fields plus `attachments[]`. */
export function messageForm(message: OutgoingMessage): FormData {
  const form = new FormData();
  form.append('content', message.content);
  form.append('private', String(message.private));
  form.append('echo_id', message.echo_id);
  for (const file of message.files ?? []) form.append('attachments[]', file, file.name || 'image');
  return form;
}

/** Posts a reply or note: JSON, or multipart when it carries images. */
export function postMessage(accountId: number, id: number, message: OutgoingMessage) {
  const { files, ...json } = message;
  const body = files && files.length > 0 ? messageForm(message) : json;
  return request<Message>(`${base(accountId)}/conversations/${id}/messages`, { method: 'POST', body });
}

export type StatusChange = (
  | { status: 'open' }
  | { status: 'pending' }
  | { status: 'resolved'; wrap_up_reason_id?: number }
) & { state_version?: number };

export interface ToggleStatusAnswer {
  meta?: unknown;
  payload?: { success?: boolean; current_status?: ConversationStatus; conversation_id?: number; owner?: Conversation['owner'] };
}

/** open (reopen / take over), pending (hand back to the bot), resolved (end, with an optional wrap-up reason). */
export function toggleStatus(accountId: number, id: number, change: StatusChange) {
  return request<ToggleStatusAnswer>(`${base(accountId)}/conversations/${id}/toggle_status`, { method: 'POST', body: change });
}

/** Where a reopened conversation went: to the agent who reopened it, or to the queue when they cannot take it. */
export interface ReopenAnswer {
  conversation_id: number;
  status: ConversationStatus;
  owner: Conversation['owner'];
  assignee_id: number;
  state_version: number;
}

/**
 * Baton's reopen: the agent reopens a closed conversation and takes it, or, when they cannot take more chats, it
 * waits in the queue (409 conversation_open if it is open).
 */
export function reopen(accountId: number, id: number, stateVersion?: number) {
  return request<ReopenAnswer>(`${base(accountId)}/conversations/${id}/reopen`, { method: 'POST', body: { state_version: stateVersion } });
}

export function toggleTyping(accountId: number, id: number, on: boolean) {
  return request<void>(`${base(accountId)}/conversations/${id}/toggle_typing_status`, {
    method: 'POST',
    body: { typing_status: on ? 'on' : 'off' },
  });
}

export type { ClientMessage };

export interface FollowUpPage {
  data: { meta: { count: number; next_cursor: string | null }; payload: Conversation[] };
}

/** The Follow up list, newest first, keyset-paged by the previous page's next_cursor. */
export function fetchFollowUps(accountId: number, cursor: string | null, signal?: AbortSignal) {
  const params = cursor ? `?${new URLSearchParams({ cursor })}` : '';
  return request<FollowUpPage>(`${base(accountId)}/follow_ups${params}`, { signal });
}

/** A conversation's follow-up by e-mail: whether replies go by e-mail now, and which messages went or came so. */
export interface FollowUpState {
  state: 'no_email' | 'waiting' | 'done' | null;
  replies_by_email: boolean;
  email_message_ids: number[];
}

export function fetchFollowUp(accountId: number, id: number, signal?: AbortSignal) {
  return request<FollowUpState>(`${base(accountId)}/conversations/${id}/follow_up`, { signal });
}
