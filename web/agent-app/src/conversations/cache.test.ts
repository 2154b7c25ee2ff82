import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { ClientMessage, Conversation, ConversationListPage, MessagesPage } from '../api/types';
import { keys, listParams, paramsFromView, viewFromParams, viewOfKey, type ListFilter, type ListView } from './api';
import { resources } from '../i18n';
import {
  attributeLabel,
  variableLabel,
  attributeRows,
  belongsToList,
  conversationName,
  flattenMessages,
  markFailed,
  olderPageParam,
  removeUnsent,
  shownConversationIds,
  upsertConversation,
  upsertMessage,
  withLastMessage,
  type ConversationsData,
  type MessagesData,
} from './cache';

function message(partial: Partial<ClientMessage>): ClientMessage {
  return {
    id: 1,
    content: 'hello',
    account_id: 1,
    inbox_id: 1,
    conversation_id: 9,
    message_type: 0,
    content_type: 'text',
    content_attributes: {},
    private: false,
    created_at: 1000,
    sender_type: 'Contact',
    sender: null,
    seq: null,
    echo_id: null,
    ...partial,
  };
}

const page = (...ids: number[]): MessagesPage => ({ meta: {}, payload: ids.map((id) => message({ id, created_at: id })) });
const messagesData = (...pages: MessagesPage[]): MessagesData => ({ pages, pageParams: pages.map(() => undefined) });
const ids = (data: MessagesData | undefined) => flattenMessages(data).map((m) => m.id);

describe('message cache', () => {
  it('flattens pages oldest first (pages[0] is the newest page)', () => {
    expect(ids(messagesData(page(5, 6), page(3, 4), page(1, 2)))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('appends a new message to the newest page, once', () => {
    let data = upsertMessage(messagesData(page(5, 6), page(3, 4)), message({ id: 7 }));
    data = upsertMessage(data, message({ id: 7 }));
    expect(ids(data)).toEqual([3, 4, 5, 6, 7]);
  });

  it('replaces the optimistic message by echo_id, whichever copy comes first', () => {
    const optimistic = message({ id: -1, echo_id: 'e', pending: true, created_at: 2000 });
    let data = upsertMessage(messagesData(page(5)), optimistic);
    data = upsertMessage(data, message({ id: 8, created_at: 8 })); // someone else writes meanwhile
    expect(ids(data)).toEqual([5, 8, -1]);
    data = upsertMessage(data, message({ id: 9, echo_id: 'e' })); // socket event
    data = upsertMessage(data, message({ id: 9, echo_id: 'e' })); // POST response
    expect(ids(data)).toEqual([5, 8, 9]);
    expect(flattenMessages(data).some((m) => m.pending)).toBe(false);
  });

  it('updates messages in older pages in place, and ignores updates to unloaded ones', () => {
    let data = upsertMessage(messagesData(page(5, 6), page(3, 4)), message({ id: 3, content: 'edited' }), { onlyIfPresent: true });
    expect(flattenMessages(data)[0]!.content).toBe('edited');
    data = upsertMessage(data, message({ id: 1, content: 'old' }), { onlyIfPresent: true });
    expect(ids(data)).toEqual([3, 4, 5, 6]);
  });

  it('marks a failed send and leaves it retryable', () => {
    const data = upsertMessage(messagesData(page(1)), message({ id: -2, echo_id: 'x', pending: true }));
    const failed = flattenMessages(markFailed(data, 'x')).find((m) => m.echo_id === 'x');
    expect(failed).toMatchObject({ pending: false, failed: true });
  });

  it('records why the server refused a send for good, and clears it when sent again', () => {
    let data = upsertMessage(messagesData(page(1)), message({ id: -2, echo_id: 'x', pending: true }));
    data = markFailed(data, 'x', { error: 'payload_too_large', final: true });
    expect(flattenMessages(data).find((m) => m.echo_id === 'x')).toMatchObject({ failed: true, error: 'payload_too_large', final: true });
  });

  it('drops a failed message on request, but never a confirmed one', () => {
    let data = upsertMessage(messagesData(page(1)), message({ id: -2, echo_id: 'x', pending: true }));
    data = upsertMessage(data, message({ id: 3, echo_id: 'y' }));
    expect(ids(removeUnsent(data, 'x'))).toEqual([1, 3, -2]); // still pending: kept
    data = markFailed(data, 'x', { final: true });
    expect(ids(removeUnsent(data, 'x'))).toEqual([1, 3]);
    expect(ids(removeUnsent(data, 'y'))).toEqual([1, 3, -2]);
  });

  it('leaves an unloaded cache alone', () => {
    expect(upsertMessage(undefined, message({}))).toBeUndefined();
  });

  it('pages back from the smallest confirmed id and stops at an empty page', () => {
    expect(olderPageParam(page(7, 8, 9))).toBe(7);
    expect(olderPageParam(page())).toBeUndefined();
  });
});

function conversation(id: number, partial: Partial<Conversation> = {}): Conversation {
  return {
    id,
    account_id: 1,
    inbox_id: 1,
    status: 'open',
    owner: 'queue',
    meta: { sender: { id: 1, name: 'V', email: null, phone_number: null, thumbnail: null, identifier: null, custom_attributes: {} }, assignee: null, channel: 'Channel::WebWidget' },
    labels: [],
    messages: [],
    unread_count: 0,
    last_activity_at: 100,
    created_at: 100,
    timestamp: 100,
    last_seq: 1,
    additional_attributes: {},
    custom_attributes: {},
    ...partial,
  };
}

const live = (filter: ListFilter): ListView => ({ tab: 'live', filter, q: '' });

const listPage = (...cs: Conversation[]): ConversationListPage => ({
  data: { meta: { mine_count: 0, unassigned_count: 0, all_count: cs.length }, payload: cs },
});
const listData = (...pages: ConversationListPage[]): ConversationsData => ({ pages, pageParams: pages.map((_, i) => i + 1) });
const listIds = (data: ConversationsData | undefined) => data?.pages.flatMap((p) => p.data.payload.map((c) => c.id));

describe('conversation list cache', () => {
  const agent = { id: 42, name: 'Ana', available_name: null, avatar_url: null };

  it('decides list membership by status and assignee', () => {
    expect(belongsToList(conversation(1), live('all'), 42)).toBe(true);
    expect(belongsToList(conversation(1), live('unassigned'), 42)).toBe(true);
    expect(belongsToList(conversation(1), live('mine'), 42)).toBe(false);
    const mine = conversation(1, { meta: { ...conversation(1).meta, assignee: agent } });
    expect(belongsToList(mine, live('mine'), 42)).toBe(true);
    expect(belongsToList(mine, live('unassigned'), 42)).toBe(false);
    expect(belongsToList(conversation(1, { status: 'resolved' }), live('all'), 42)).toBe(false);
    expect(belongsToList(conversation(1, { status: 'resolved' }), { tab: 'closed', filter: 'all', q: '' }, 42)).toBe(true);
  });

  it('keeps only conversations with unread messages in the unread filter', () => {
    expect(belongsToList(conversation(1, { unread_count: 2 }), live('unread'), 42)).toBe(true);
    expect(belongsToList(conversation(1, { unread_count: 0 }), live('unread'), 42)).toBe(false);
  });

  it('adds nothing new to a search list, but keeps what the server found', () => {
    const search = { tab: 'live', filter: 'all', q: 'boots' } as const;
    expect(belongsToList(conversation(1), search, 42)).toBe(false);
    expect(belongsToList(conversation(1), search, 42, true)).toBe(true);
    expect(belongsToList(conversation(1, { status: 'resolved' }), search, 42, true)).toBe(false);
  });

  it('puts a new conversation on top, updates in place, bumps on new messages', () => {
    let data = upsertConversation(listData(listPage(conversation(1), conversation(2)), listPage(conversation(3))), conversation(4), true);
    expect(listIds(data)).toEqual([4, 1, 2, 3]);
    data = upsertConversation(data, conversation(3, { owner: 'agent' }), true);
    expect(listIds(data)).toEqual([4, 1, 2, 3]);
    data = upsertConversation(data, conversation(3), true, true);
    expect(listIds(data)).toEqual([3, 4, 1, 2]);
  });

  it('removes a conversation that no longer belongs (resolved, assigned away)', () => {
    const data = upsertConversation(listData(listPage(conversation(1), conversation(2))), conversation(1, { status: 'resolved' }), false);
    expect(listIds(data)).toEqual([2]);
  });

  it('ignores a non-member it does not hold', () => {
    const data = listData(listPage(conversation(1)));
    expect(upsertConversation(data, conversation(5), false)).toBe(data);
  });

  it('shows the newest public message as preview', () => {
    const c = conversation(1, { messages: [message({ id: 5 })] });
    expect(withLastMessage(c, message({ id: 6, created_at: 200 })).messages[0]!.id).toBe(6);
    expect(withLastMessage(c, message({ id: 6, created_at: 200 })).last_activity_at).toBe(200);
    expect(withLastMessage(c, message({ id: 7, private: true })).messages[0]!.id).toBe(5);
    expect(withLastMessage(c, message({ id: 4 })).messages[0]!.id).toBe(5);
  });

  it('counts a visitor message as unread and waiting until an agent or the bot answers', () => {
    const c = conversation(1, { messages: [message({ id: 5 })], unread_count: 0, waiting_since: null });
    const asked = withLastMessage(c, message({ id: 6, created_at: 300, message_type: 0, sender_type: 'Contact' }));
    expect(asked.unread_count).toBe(1);
    expect(asked.waiting_since).toBe(300);
    const again = withLastMessage(asked, message({ id: 7, created_at: 400, message_type: 0, sender_type: 'Contact' }));
    expect(again.unread_count).toBe(2);
    expect(again.waiting_since).toBe(300);
    const noted = withLastMessage(again, message({ id: 8, message_type: 1, sender_type: 'User', private: true }));
    expect(noted.waiting_since).toBe(300);
    expect(withLastMessage(again, message({ id: 9, message_type: 1, sender_type: 'User' })).waiting_since).toBeNull();
    expect(withLastMessage(again, message({ id: 9, message_type: 1, sender_type: 'AgentBot' })).waiting_since).toBeNull();
    expect(withLastMessage(again, message({ id: 9, message_type: 1, sender_type: 'User' })).unread_count).toBe(2);
  });
});

describe('bot tab and names', () => {
  const base = {
    status: 'pending',
    meta: { sender: { id: 5, name: 'Vera Visitor' }, assignee: null, channel: 'Channel::WebWidget' },
  } as unknown as Conversation;

  it('puts conversations the bot has (pending) in the bot tab only', () => {
    const bot = { tab: 'bot', filter: 'all', q: '' } as const;
    expect(belongsToList(base, bot, 1)).toBe(true);
    expect(belongsToList(base, live('all'), 1)).toBe(false);
    expect(belongsToList({ ...base, status: 'open' }, bot, 1)).toBe(false);
    expect(belongsToList({ ...base, status: 'open' }, live('unassigned'), 1)).toBe(true);
  });

  it('asks the server for each tab, filter and search', () => {
    expect(listParams({ tab: 'bot', filter: 'all', q: '' }, 2).toString()).toBe('status=pending&assignee_type=all&page=2');
    expect(listParams(live('mine'), 1).toString()).toBe('status=open&assignee_type=me&page=1');
    expect(listParams({ tab: 'closed', filter: 'unread', q: ' Eiger boots ' }, 1).toString()).toBe(
      'status=resolved&assignee_type=all&unread=true&q=Eiger+boots&page=1',
    );
  });

  it('keeps the list in the address, without the defaults, and never shows the bot tab to whom it is hidden', () => {
    const view = { tab: 'closed', filter: 'unread', q: 'boots' } as const;
    expect(paramsFromView(view)).toEqual({ tab: 'closed', filter: 'unread', q: 'boots' });
    expect(viewFromParams(new URLSearchParams(paramsFromView(view)), true)).toEqual(view);
    expect(paramsFromView(live('all'))).toEqual({});
    expect(viewFromParams(new URLSearchParams('tab=bot&filter=nonsense'), true)).toEqual({ tab: 'bot', filter: 'all', q: '' });
    expect(viewFromParams(new URLSearchParams('tab=bot'), false).tab).toBe('live');
  });

  it('reads a list key back into its view, and nothing else', () => {
    expect(viewOfKey(keys.list(1, { tab: 'closed', filter: 'mine', q: 'x' }))).toEqual({ tab: 'closed', filter: 'mine', q: 'x' });
    expect(viewOfKey(keys.counts(1, 'open'))).toBeUndefined();
    expect(viewOfKey(keys.conversation(1, 5))).toBeUndefined();
  });

  it('prefers the pseudonym', () => {
    expect(conversationName({ ...base, display_name: 'Vera (ACME)' })).toBe('Vera (ACME)');
    expect(conversationName({ ...base, display_name: '  ' })).toBe('Vera Visitor');
    expect(conversationName({ ...base, meta: { ...base.meta, sender: { ...base.meta.sender, name: null } } })).toBeUndefined();
  });

  it('lists custom attributes as text', () => {
    expect(attributeRows({ satisfaction: 4, first_name: 'Vera', empty: '', none: null, tags: ['a'], ok: true })).toEqual([
      ['first_name', 'Vera'],
      ['ok', 'true'],
      ['satisfaction', '4'],
      ['tags', '["a"]'],
    ]);
    expect(attributeLabel('first_name')).toBe('First name');
    expect(attributeLabel('companyName')).toBe('Company name');
  });

  it("labels the story's usual variables in the reader's language, others from their key", async () => {
    const i18next = (await import('i18next')).default.createInstance();
    await i18next.init({ resources, lng: 'de', fallbackLng: 'en' });
    const t = i18next.t.bind(i18next) as Parameters<typeof variableLabel>[1];
    expect(variableLabel('first_name', t)).toBe('Vorname');
    expect(variableLabel('company', t)).toBe('Firma');
    expect(variableLabel('order_ref', t)).toBe('Order ref');
    await i18next.changeLanguage('fr');
    expect(variableLabel('topic', t)).toBe('Sujet');
    await i18next.changeLanguage('it');
    expect(variableLabel('satisfaction', t)).toBe('Soddisfazione');
  });
});

describe('shownConversationIds', () => {
  it('names the conversations of the cached lists and the open ones, of this account only', () => {
    const client = new QueryClient();
    const page = (ids: number[]) => ({ data: { meta: {}, payload: ids.map((id) => ({ id })) } });
    client.setQueryData(keys.list(1, { tab: 'live', filter: 'all', q: '' }), { pages: [page([1, 2]), page([3])], pageParams: [1, 2] });
    client.setQueryData(keys.allCounts(1), { all_count: 3 });
    client.setQueryData(keys.conversation(1, 42), { id: 42 });
    client.setQueryData(keys.messages(1, 43), { pages: [], pageParams: [] });
    client.setQueryData(keys.list(2, { tab: 'live', filter: 'all', q: '' }), { pages: [page([99])], pageParams: [1] });
    expect([...shownConversationIds(client, 1)].sort((a, b) => a - b)).toEqual([1, 2, 3, 42, 43]);
  });
});
