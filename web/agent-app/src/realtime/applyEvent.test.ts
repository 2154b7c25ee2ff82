import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../api/types';
import { keys } from '../conversations/api';
import { routingKeys } from '../routing/api';
import { EndedOffers, type HeldOffer } from '../routing/offers';
import type { ConversationsData } from '../conversations/cache';
import { applyEvent } from './applyEvent';
import { TypingStore } from './typing';

describe('applyEvent', () => {
  it('loads a conversation again when a message arrives while it is being loaded', async () => {
    const queryClient = new QueryClient();
    const key = keys.messages(1, 7);
    let calls = 0;
    let release: () => void = () => undefined;
    const first = new Promise<void>((resolve) => (release = resolve));
    const queryFn = async () => {
      calls += 1;
      if (calls === 1) await first; // the answer that was computed before the message existed
      return { pages: [], pageParams: [] };
    };
    // The open conversation view observes its messages (an active query), as in the app.
    const observer = new QueryObserver(queryClient, { queryKey: key, queryFn });
    const unsubscribe = observer.subscribe(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(queryClient.getQueryState(key)?.fetchStatus).toBe('fetching');

    applyEvent(
      { queryClient, accountId: 1, userId: 2, typing: new TypingStore(), refreshCounts: () => undefined },
      {
        type: 'message.created',
        account_id: 1,
        conversation_id: 7,
        seq: 3,
        data: { id: 11, conversation_id: 7, content: 'hi', message_type: 0, private: false, seq: 3 },
      } as never,
    );
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toBeGreaterThanOrEqual(2);
    unsubscribe();
  });

  it('updates the visitor-online cue and the unread state of every cached list, search lists included', () => {
    const queryClient = new QueryClient();
    const ctx = { queryClient, accountId: 1, userId: 2, typing: new TypingStore(), refreshCounts: () => undefined };
    const conversation = {
      id: 7,
      status: 'open',
      owner: 'queue',
      unread_count: 0,
      visitor_online: false,
      waiting_since: null,
      last_activity_at: 100,
      messages: [],
      meta: { sender: { id: 3 }, assignee: null },
    } as unknown as Conversation;
    const page = { data: { meta: { all_count: 1, mine_count: 0, unassigned_count: 1 }, payload: [conversation] } };
    const all = keys.list(1, { tab: 'live', filter: 'all', q: '' });
    const search = keys.list(1, { tab: 'live', filter: 'all', q: 'boots' });
    const unread = keys.list(1, { tab: 'live', filter: 'unread', q: '' });
    queryClient.setQueryData(all, { pages: [page], pageParams: [1] });
    queryClient.setQueryData(search, { pages: [page], pageParams: [1] });
    queryClient.setQueryData(unread, { pages: [{ ...page, data: { ...page.data, payload: [] } }], pageParams: [1] });
    const listed = (key: readonly unknown[]) =>
      (queryClient.getQueryData(key) as ConversationsData).pages.flatMap((p) => p.data.payload);

    applyEvent(ctx, {
      type: 'visitor.presence_changed',
      account_id: 1,
      conversation_id: 7,
      seq: null,
      data: { online: true, conversation_ids: [7], contact_id: 3, contact_inbox_id: 4 },
    } as never);
    expect(listed(all)[0]!.visitor_online).toBe(true);
    expect(listed(search)[0]!.visitor_online).toBe(true);

    applyEvent(ctx, {
      type: 'message.created',
      account_id: 1,
      conversation_id: 7,
      seq: 3,
      data: { id: 11, conversation_id: 7, content: 'hi', message_type: 0, private: false, seq: 3, created_at: 200, sender_type: 'Contact' },
    } as never);
    expect(listed(all)[0]!.unread_count).toBe(1);
    expect(listed(all)[0]!.waiting_since).toBe(200);
    expect(listed(unread).map((c) => c.id)).toEqual([7]);
  });

  it('keeps what the agent may do until the conversation is read again when its state moved', async () => {
    const queryClient = new QueryClient();
    const ctx = { queryClient, accountId: 1, userId: 2, typing: new TypingStore(), refreshCounts: () => undefined };
    const key = keys.conversation(1, 7);
    const before = {
      id: 7,
      status: 'open',
      owner: 'queue',
      assignee_id: null,
      messages: [],
      meta: { sender: { id: 3 }, assignee: null },
      allowed_actions: ['take', 'resolve'],
    } as unknown as Conversation;
    let reads = 0;
    const observer = new QueryObserver(queryClient, {
      queryKey: key,
      queryFn: async () => {
        reads += 1;
        return { ...before, owner: 'agent', assignee_id: 9, allowed_actions: ['resolve'] } as Conversation;
      },
      initialData: before,
      staleTime: Infinity,
    });
    const unsubscribe = observer.subscribe(() => undefined);

    // A socket event without allowed_actions, where only the labels changed: nothing is read again.
    applyEvent(ctx, { type: 'conversation.updated', account_id: 1, conversation_id: 7, seq: 5,
      data: { ...before, allowed_actions: undefined, labels: ['vip'] } } as never);
    expect(queryClient.getQueryData<Conversation>(key)!.allowed_actions).toEqual(['take', 'resolve']);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(reads).toBe(0);

    // Someone took it: the cached actions stay until the conversation, read again, brings the new ones.
    applyEvent(ctx, { type: 'conversation.updated', account_id: 1, conversation_id: 7, seq: 6,
      data: { ...before, owner: 'agent', assignee_id: 9, allowed_actions: undefined } } as never);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(reads).toBe(1);
    expect(queryClient.getQueryData<Conversation>(key)!.allowed_actions).toEqual(['resolve']);
    unsubscribe();
  });

  it('reads the Follow up list and that conversation\'s follow-up again when the socket says it changed, and nothing else', () => {
    const queryClient = new QueryClient();
    const ctx = { queryClient, accountId: 1, userId: 2, typing: new TypingStore(), refreshCounts: () => undefined };
    queryClient.setQueryData(keys.followUps(1), { pages: [], pageParams: [] });
    queryClient.setQueryData([...keys.followUp(1, 7), 0], { state: 'waiting' });
    queryClient.setQueryData([...keys.followUp(1, 8), 0], { state: 'waiting' });
    queryClient.setQueryData(keys.messages(1, 7), { pages: [], pageParams: [] });

    applyEvent(ctx, {
      type: 'follow_up.changed',
      account_id: 1,
      conversation_id: 7,
      seq: null,
      data: { conversation_id: 7, waiting: false },
    });

    const stale = (key: readonly unknown[]) => queryClient.getQueryState(key)?.isInvalidated;
    expect(stale(keys.followUps(1))).toBe(true);
    expect(stale([...keys.followUp(1, 7), 0])).toBe(true);
    expect(stale([...keys.followUp(1, 8), 0])).toBe(false);
    expect(stale(keys.messages(1, 7))).toBe(false);
  });

  it('does not show the card of an offer that ended before its card arrived', () => {
    const queryClient = new QueryClient();
    const rang: number[] = [];
    const ctx = {
      queryClient,
      accountId: 1,
      userId: 2,
      typing: new TypingStore(),
      refreshCounts: () => undefined,
      endedOffers: new EndedOffers(),
      onOfferCreated: (offer: { id: number }) => rang.push(offer.id),
      now: () => 1_000_000,
    };
    const card = (id: number) =>
      ({ type: 'offer.created', account_id: 1, conversation_id: 7, data: { id, conversation_id: 7, seconds_left: 30, created_at: id } }) as never;
    queryClient.setQueryData<HeldOffer[]>(routingKeys.offers(1), []);

    // The offer's end notice overtakes its card (the card is built after the routing pass commits).
    applyEvent(ctx, { type: 'offer.withdrawn', account_id: 1, conversation_id: 7, data: { offer_id: 41, conversation_id: 7 } } as never);
    applyEvent(ctx, card(41));
    // A later offer of the same conversation is shown as usual.
    applyEvent(ctx, card(42));

    expect(queryClient.getQueryData<HeldOffer[]>(routingKeys.offers(1))?.map((o) => o.id)).toEqual([42]);
    expect(rang).toEqual([42]);
  });
});
