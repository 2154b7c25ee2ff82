import { request } from '../api/http';
import type {
  AccountSettings,
  AssigneeType,
  ClientMessage,
  Conversation,
  ConversationListPage,
  ConversationStatus,
  Message,
  MessagesPage,
} from '../api/types';

export const PAGE_SIZE = 25;

/** The inbox tabs: open conversations by assignee, and 'bot' for those the bot has (status pending). */
export type ListFilter = AssigneeType | 'bot';
export const LIST_FILTERS: ListFilter[] = ['all', 'me', 'unassigned', 'bot'];
export const DEFAULT_MAX_MESSAGE_LENGTH = 1000;

const base = (accountId: number) => `/api/v1/accounts/${accountId}`;

export const keys = {
  account: (accountId: number) => ['account', accountId] as const,
  lists: (accountId: number) => ['conversations', accountId, 'list'] as const,
  list: (accountId: number, filter: ListFilter) => ['conversations', accountId, 'list', filter] as const,
  /** Counters of another status (under lists, so refreshing the lists refreshes them too). */
  counts: (accountId: number, status: ConversationStatus) => ['conversations', accountId, 'list', 'meta', status] as const,
  conversation: (accountId: number, id: number) => ['conversations', accountId, 'detail', id] as const,
  messages: (accountId: number, id: number) => ['conversations', accountId, 'messages', id] as const,
};

export function fetchAccount(accountId: number): Promise<AccountSettings> {
  return request<AccountSettings>(base(accountId));
}

/** Query parameters of a list tab. */
export function listParams(filter: ListFilter, page: number): URLSearchParams {
  return filter === 'bot'
    ? new URLSearchParams({ status: 'pending', assignee_type: 'all', page: String(page) })
    : new URLSearchParams({ status: 'open', assignee_type: filter, page: String(page) });
}

export function fetchConversations(accountId: number, filter: ListFilter, page: number, signal?: AbortSignal) {
  return request<ConversationListPage>(`${base(accountId)}/conversations?${listParams(filter, page)}`, { signal });
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

export type StatusChange =
  | { status: 'open' }
  | { status: 'pending' }
  | { status: 'resolved'; wrap_up_reason_id?: number };

export interface ToggleStatusAnswer {
  meta?: unknown;
  payload?: { success?: boolean; current_status?: ConversationStatus; conversation_id?: number; owner?: Conversation['owner'] };
}

/** open (reopen / take over), pending (hand back to the bot), resolved (end, with an optional wrap-up reason). */
export function toggleStatus(accountId: number, id: number, change: StatusChange) {
  return request<ToggleStatusAnswer>(`${base(accountId)}/conversations/${id}/toggle_status`, { method: 'POST', body: change });
}

export function toggleTyping(accountId: number, id: number, on: boolean) {
  return request<void>(`${base(accountId)}/conversations/${id}/toggle_typing_status`, {
    method: 'POST',
    body: { typing_status: on ? 'on' : 'off' },
  });
}

export type { ClientMessage };
