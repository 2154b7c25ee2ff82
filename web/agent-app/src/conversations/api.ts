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
export const DEFAULT_MAX_MESSAGE_LENGTH = 1000;

const base = (accountId: number) => `/api/v1/accounts/${accountId}`;

export const keys = {
  account: (accountId: number) => ['account', accountId] as const,
  lists: (accountId: number) => ['conversations', accountId, 'list'] as const,
  list: (accountId: number, assignee: AssigneeType) => ['conversations', accountId, 'list', assignee] as const,
  conversation: (accountId: number, id: number) => ['conversations', accountId, 'detail', id] as const,
  messages: (accountId: number, id: number) => ['conversations', accountId, 'messages', id] as const,
};

export function fetchAccount(accountId: number): Promise<AccountSettings> {
  return request<AccountSettings>(base(accountId));
}

export function fetchConversations(accountId: number, assignee: AssigneeType, page: number, signal?: AbortSignal) {
  const params = new URLSearchParams({ status: 'open', assignee_type: assignee, page: String(page) });
  return request<ConversationListPage>(`${base(accountId)}/conversations?${params}`, { signal });
}

export function fetchConversation(accountId: number, id: number, signal?: AbortSignal) {
  return request<Conversation>(`${base(accountId)}/conversations/${id}`, { signal });
}

/** One page of messages, ascending; `before` fetches the page preceding that message id. */
export function fetchMessages(accountId: number, id: number, before?: number, signal?: AbortSignal) {
  const query = before === undefined ? '' : `?before=${before}`;
  return request<MessagesPage>(`${base(accountId)}/conversations/${id}/messages${query}`, { signal });
}

export function postMessage(accountId: number, id: number, body: { content: string; private: boolean; echo_id: string }) {
  return request<Message>(`${base(accountId)}/conversations/${id}/messages`, { method: 'POST', body });
}

export function toggleStatus(accountId: number, id: number, status: Extract<ConversationStatus, 'open' | 'resolved'>) {
  return request<unknown>(`${base(accountId)}/conversations/${id}/toggle_status`, { method: 'POST', body: { status } });
}

export function toggleTyping(accountId: number, id: number, on: boolean) {
  return request<void>(`${base(accountId)}/conversations/${id}/toggle_typing_status`, {
    method: 'POST',
    body: { typing_status: on ? 'on' : 'off' },
  });
}

export type { ClientMessage };
