// Pure helpers that fold server events and optimistic sends into TanStack Query caches.
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { ClientMessage, Conversation, ConversationListPage, Message, MessagesPage } from '../api/types';

import { TAB_STATUS, type ListView } from './api';

export type MessagesData = InfiniteData<MessagesPage, number | undefined>;
export type ConversationsData = InfiniteData<ConversationListPage, number>;

function compareMessages(a: ClientMessage, b: ClientMessage): number {
  // Unconfirmed messages stay at the bottom, in the order they were written.
  const pa = a.pending || a.failed ? 1 : 0;
  const pb = b.pending || b.failed ? 1 : 0;
  if (pa !== pb) return pa - pb;
  if (pa) return a.created_at - b.created_at;
  return a.id - b.id;
}

/**
 * Inserts or replaces a message. Matches an existing entry by id, or an optimistic entry by
 * echo_id (which the server's copy then replaces). New messages go to the newest page
 * (pages[0]; older pages are appended as the user scrolls up).
 */
export function upsertMessage(
  data: MessagesData | undefined,
  message: ClientMessage,
  { onlyIfPresent = false }: { onlyIfPresent?: boolean } = {},
): MessagesData | undefined {
  if (!data || data.pages.length === 0) return data;
  const matches = (m: ClientMessage) =>
    m.id === message.id || (message.echo_id != null && m.echo_id === message.echo_id);

  const at = data.pages.findIndex((page) => page.payload.some(matches));
  if (at >= 0) {
    const pages = data.pages.map((page, i) => {
      if (i !== at) return page;
      const payload = page.payload.filter((m) => !matches(m));
      const old = page.payload.find(matches)!;
      // A late update must not turn a confirmed message back into an optimistic one.
      const next = old.pending || old.failed || !message.pending ? message : old;
      return { ...page, payload: [...payload, next].sort(compareMessages) };
    });
    return { ...data, pages };
  }
  // An update to a message we have not loaded (an older page) has nothing to change.
  if (onlyIfPresent) return data;
  const [newest, ...older] = data.pages;
  return {
    ...data,
    pages: [{ ...newest!, payload: [...newest!.payload, message].sort(compareMessages) }, ...older],
  };
}

/**
 * Flags an optimistic message as failed so the UI can offer a retry, or, when the server refused it
 * for good (`final`), say why (`error`, a stable code) without one.
 */
export function markFailed(
  data: MessagesData | undefined,
  echoId: string,
  why: { error?: string; final?: boolean } = {},
): MessagesData | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      payload: page.payload.map((m) =>
        m.echo_id === echoId && m.pending ? { ...m, pending: false, failed: true, error: why.error, final: why.final } : m,
      ),
    })),
  };
}

/** Drops an unsent (failed) message, e.g. one the server refused for good. Confirmed messages stay. */
export function removeUnsent(data: MessagesData | undefined, echoId: string): MessagesData | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({ ...page, payload: page.payload.filter((m) => !(m.echo_id === echoId && m.failed)) })),
  };
}

/** All loaded messages, oldest first. */
export function flattenMessages(data: { pages: MessagesPage[] } | undefined): ClientMessage[] {
  if (!data) return [];
  const out: ClientMessage[] = [];
  for (let i = data.pages.length - 1; i >= 0; i--) out.push(...data.pages[i]!.payload);
  return out;
}

/** Cursor for the page before the oldest loaded message, or undefined when at the start. */
export function olderPageParam(lastPage: MessagesPage): number | undefined {
  const confirmed = lastPage.payload.filter((m) => !m.pending && !m.failed);
  if (confirmed.length === 0) return undefined;
  return Math.min(...confirmed.map((m) => m.id));
}

/**
 * Whether a conversation belongs in a list: its tab's status (live: open, closed: resolved, bot:
 * pending) and the filter. A search list only keeps what the server found: the client cannot tell
 * whether a message text matches, so a conversation it does not hold yet does not belong.
 */
export function belongsToList(conversation: Conversation, view: ListView, myUserId: number, present = false): boolean {
  if (conversation.status !== TAB_STATUS[view.tab]) return false;
  if (view.q.trim() && !present) return false;
  switch (view.filter) {
    case 'all':
      return true;
    case 'mine':
      return conversation.meta.assignee?.id === myUserId;
    case 'unassigned':
      return conversation.meta.assignee == null;
    case 'unread':
      return conversation.unread_count > 0;
  }
}

/**
 * Folds a changed or new conversation into one filtered list. It is removed when it no longer
 * matches, replaced in place when present, and put on top when new or when `bump` is set
 * (a new message arrived).
 */
export function upsertConversation(
  data: ConversationsData | undefined,
  conversation: Conversation,
  belongs: boolean,
  bump = false,
): ConversationsData | undefined {
  if (!data || data.pages.length === 0) return data;
  const present = data.pages.some((p) => p.data.payload.some((c) => c.id === conversation.id));
  if (!present && !belongs) return data;

  const strip = (page: ConversationListPage): ConversationListPage => ({
    ...page,
    data: { ...page.data, payload: page.data.payload.filter((c) => c.id !== conversation.id) },
  });

  if (!belongs) return { ...data, pages: data.pages.map(strip) };

  if (present && !bump) {
    return {
      ...data,
      pages: data.pages.map((page) => ({
        ...page,
        data: { ...page.data, payload: page.data.payload.map((c) => (c.id === conversation.id ? conversation : c)) },
      })),
    };
  }
  const [first, ...rest] = data.pages.map(strip);
  return {
    ...data,
    pages: [{ ...first!, data: { ...first!.data, payload: [conversation, ...first!.data.payload] } }, ...rest],
  };
}

/** Finds a conversation in a list cache. */
export function findConversation(data: ConversationsData | undefined, id: number): Conversation | undefined {
  for (const page of data?.pages ?? []) {
    const hit = page.data.payload.find((c) => c.id === id);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * The conversation as it looks after a new message: last message preview, activity time, and what
 * the server does with unread_count and waiting_since (a visitor message is unread and waits for an
 * answer; a public reply of an agent or the bot answers it).
 */
export function withLastMessage(conversation: Conversation, message: Message): Conversation {
  if (message.private || message.message_type === 2) {
    return { ...conversation, last_activity_at: Math.max(conversation.last_activity_at, message.created_at) };
  }
  const last = conversation.messages[conversation.messages.length - 1];
  if (last && last.id > message.id) return conversation;
  const incoming = message.message_type === 0;
  const answer = !incoming && (message.sender_type === 'User' || message.sender_type === 'AgentBot');
  return {
    ...conversation,
    messages: [message],
    last_activity_at: Math.max(conversation.last_activity_at, message.created_at),
    unread_count: incoming ? conversation.unread_count + 1 : conversation.unread_count,
    waiting_since: incoming ? (conversation.waiting_since ?? message.created_at) : answer ? null : conversation.waiting_since,
  };
}

/** The name agents see: the pseudonym (display_name) when the inbox makes one, else the contact's name. */
export function conversationName(conversation: Pick<Conversation, 'display_name' | 'meta'>): string | undefined {
  const pseudonym = conversation.display_name?.trim();
  if (pseudonym) return pseudonym;
  return conversation.meta.sender?.name?.trim() || undefined;
}

/** A custom attribute's value as text: strings as they are, other values as JSON; empty for null. */
export function attributeText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** The attributes worth listing, sorted by key; empty values are left out. */
export function attributeRows(attributes: Record<string, unknown> | null | undefined): [string, string][] {
  return Object.entries(attributes ?? {})
    .map(([k, v]) => [k, attributeText(v)] as [string, string])
    .filter(([, v]) => v.trim() !== '')
    .sort(([a], [b]) => a.localeCompare(b));
}

/**
 * A story variable's label in the reader's language: the usual ones (first_name, company, topic…) are translated,
 * others spelt out from the key ("order_ref" → "Order ref").
 */
export function variableLabel(key: string, t: (key: string, options: { defaultValue: string }) => string): string {
  return /^[A-Za-z0-9_]+$/.test(key) ? t(`storyVariables.${key}`, { defaultValue: attributeLabel(key) }) : attributeLabel(key);
}

/** "first_name" → "First name" */
export function attributeLabel(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : key;
}

/**
 * The conversations this tab shows: those in its cached lists and those it has open (detail, messages). The
 * realtime resume asks only for these.
 */
export function shownConversationIds(queryClient: QueryClient, accountId: number): Set<number> {
  const ids = new Set<number>();
  for (const query of queryClient.getQueryCache().findAll({ queryKey: ['conversations', accountId] })) {
    const [, , kind, id] = query.queryKey;
    if ((kind === 'detail' || kind === 'messages') && typeof id === 'number') ids.add(id);
    if (kind !== 'list') continue;
    const data = query.state.data as Partial<ConversationsData> | undefined;
    for (const page of data?.pages ?? []) for (const c of page?.data?.payload ?? []) ids.add(c.id);
  }
  return ids;
}
