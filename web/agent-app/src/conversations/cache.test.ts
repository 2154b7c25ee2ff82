import { describe, expect, it } from 'vitest';
import type { ClientMessage, Conversation, ConversationListPage, MessagesPage } from '../api/types';
import { listParams } from './api';
import {
  attributeLabel,
  attributeRows,
  belongsToList,
  conversationName,
  flattenMessages,
  markFailed,
  olderPageParam,
  removeUnsent,
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

const listPage = (...cs: Conversation[]): ConversationListPage => ({
  data: { meta: { mine_count: 0, unassigned_count: 0, all_count: cs.length }, payload: cs },
});
const listData = (...pages: ConversationListPage[]): ConversationsData => ({ pages, pageParams: pages.map((_, i) => i + 1) });
const listIds = (data: ConversationsData | undefined) => data?.pages.flatMap((p) => p.data.payload.map((c) => c.id));

describe('conversation list cache', () => {
  const agent = { id: 42, name: 'Ana', available_name: null, avatar_url: null };

  it('decides list membership by status and assignee', () => {
    expect(belongsToList(conversation(1), 'all', 42)).toBe(true);
    expect(belongsToList(conversation(1), 'unassigned', 42)).toBe(true);
    expect(belongsToList(conversation(1), 'me', 42)).toBe(false);
    const mine = conversation(1, { meta: { ...conversation(1).meta, assignee: agent } });
    expect(belongsToList(mine, 'me', 42)).toBe(true);
    expect(belongsToList(mine, 'unassigned', 42)).toBe(false);
    expect(belongsToList(conversation(1, { status: 'resolved' }), 'all', 42)).toBe(false);
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
});

describe('bot tab and names', () => {
  const base = {
    status: 'pending',
    meta: { sender: { id: 5, name: 'Vera Visitor' }, assignee: null, channel: 'Channel::WebWidget' },
  } as unknown as Conversation;

  it('puts conversations the bot has (pending) in the bot tab only', () => {
    expect(belongsToList(base, 'bot', 1)).toBe(true);
    expect(belongsToList(base, 'all', 1)).toBe(false);
    expect(belongsToList({ ...base, status: 'open' }, 'bot', 1)).toBe(false);
    expect(belongsToList({ ...base, status: 'open' }, 'unassigned', 1)).toBe(true);
  });

  it('asks the server for pending conversations on the bot tab', () => {
    expect(listParams('bot', 2).toString()).toBe('status=pending&assignee_type=all&page=2');
    expect(listParams('me', 1).toString()).toBe('status=open&assignee_type=me&page=1');
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
});
