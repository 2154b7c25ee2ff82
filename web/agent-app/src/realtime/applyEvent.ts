import type { QueryClient } from '@tanstack/react-query';
import type { AgentStatus, AgentStatusValue, Conversation, HandoverFailed, Message, Offer, OfferGone } from '../api/types';
import { keys, viewOfKey } from '../conversations/api';
import {
  belongsToList,
  findConversation,
  upsertConversation,
  upsertMessage,
  withLastMessage,
  type ConversationsData,
  type MessagesData,
} from '../conversations/cache';
import { routingKeys } from '../routing/api';
import { addOffer, hold, removeOffer, type EndedOffers, type HeldOffer } from '../routing/offers';
import { withStatus } from '../routing/status';
import type { RealtimeEvent } from './client';
import type { TypingSender, TypingStore } from './typing';

export interface EventContext {
  queryClient: QueryClient;
  accountId: number;
  userId: number;
  typing: TypingStore;
  /** Refresh the list counters soon (debounced by the caller). */
  refreshCounts: () => void;
  /** A visitor's new message arrived (the message sound decides whether it plays). */
  onVisitorMessage?: (message: Message, conversation: Conversation | undefined) => void;
  /** A new offer arrived (sound, notification). */
  onOfferCreated?: (offer: Offer) => void;
  /** An offer was withdrawn or expired; `offer` is the card we had, if any. */
  onOfferGone?: (type: 'offer.withdrawn' | 'offer.expired', data: OfferGone, offer: HeldOffer | undefined) => void;
  /** Offers seen ending, so that a card arriving after its offer ended is not shown. */
  endedOffers?: EndedOffers;
  /** A transfer or conference invitation this agent asked for was declined or missed. */
  onHandoverFailed?: (
    type: 'transfer.failed' | 'conference.failed',
    data: HandoverFailed,
    conversation: Conversation | undefined,
  ) => void;
  now?: () => number;
}

/** Every cached list (tab, filter, search) with its view. */
function cachedLists(ctx: EventContext) {
  return ctx.queryClient
    .getQueriesData<ConversationsData>({ queryKey: keys.lists(ctx.accountId) })
    .flatMap(([key, data]) => {
      const view = viewOfKey(key);
      return view ? [{ key, view, data }] : [];
    });
}

function putConversation(ctx: EventContext, conversation: Conversation, bump: boolean) {
  const { queryClient, accountId, userId } = ctx;
  for (const { key, view, data } of cachedLists(ctx)) {
    const present = findConversation(data, conversation.id) !== undefined;
    queryClient.setQueryData<ConversationsData>(key, (d) =>
      upsertConversation(d, conversation, belongsToList(conversation, view, userId, present), bump),
    );
  }
  const detailKey = keys.conversation(accountId, conversation.id);
  const old = queryClient.getQueryData<Conversation>(detailKey);
  if (old) {
    // A socket payload carries no allowed_actions (they are per agent): keep the last ones, and read the
    // conversation again when its state moved, so that the actions follow the server's decision.
    queryClient.setQueryData<Conversation>(detailKey, {
      ...conversation,
      allowed_actions: conversation.allowed_actions ?? old.allowed_actions,
    });
    if (!conversation.allowed_actions && stateMoved(old, conversation)) {
      void queryClient.invalidateQueries({ queryKey: detailKey });
    }
  }
}

function stateMoved(a: Conversation, b: Conversation): boolean {
  return (
    a.status !== b.status ||
    a.owner !== b.owner ||
    (a.assignee_id ?? null) !== (b.assignee_id ?? null) ||
    (a.participants ?? []).map((p) => p.id).join() !== (b.participants ?? []).map((p) => p.id).join()
  );
}

function knownConversation(ctx: EventContext, id: number): Conversation | undefined {
  const { queryClient, accountId } = ctx;
  const detail = queryClient.getQueryData<Conversation>(keys.conversation(accountId, id));
  if (detail) return detail;
  for (const { data } of cachedLists(ctx)) {
    const hit = findConversation(data, id);
    if (hit) return hit;
  }
  return undefined;
}

/** Applies one (already de-duplicated) server event to the query caches. */
export function applyEvent(ctx: EventContext, event: RealtimeEvent): void {
  if (event.account_id !== null && event.account_id !== ctx.accountId) return;
  const { queryClient, accountId } = ctx;

  switch (event.type) {
    case 'conversation.created':
    case 'conversation.updated': {
      putConversation(ctx, event.data as Conversation, event.type === 'conversation.created');
      ctx.refreshCounts();
      break;
    }
    case 'message.created':
    case 'message.updated': {
      const message = event.data as Message;
      const created = event.type === 'message.created';
      const messagesKey = keys.messages(accountId, message.conversation_id);
      queryClient.setQueryData<MessagesData>(messagesKey, (data) =>
        upsertMessage(data, message, { onlyIfPresent: !created }),
      );
      // A conversation being loaded right now may get an answer from before this message: load it again.
      // (A first load in flight would otherwise be shared, not repeated: cancel it, then load afresh.)
      if (created && queryClient.getQueryState(messagesKey)?.fetchStatus === 'fetching') {
        void queryClient
          .cancelQueries({ queryKey: messagesKey })
          .then(() => queryClient.invalidateQueries({ queryKey: messagesKey }));
      }
      if (created) {
        const conversation = knownConversation(ctx, message.conversation_id);
        if (conversation) putConversation(ctx, withLastMessage(conversation, message), !message.private);
        else ctx.refreshCounts(); // a conversation we haven't loaded: let the lists catch up
        // A visitor message changes the unread counters (tabs, document title).
        if (message.message_type === 0) void queryClient.invalidateQueries({ queryKey: keys.allCounts(accountId) });
        if (message.message_type === 0 && !message.private) ctx.onVisitorMessage?.(message, conversation);
      }
      break;
    }
    case 'visitor.presence_changed': {
      const data = event.data as { online?: unknown; conversation_ids?: unknown } | null;
      if (typeof data?.online !== 'boolean' || !Array.isArray(data.conversation_ids)) break;
      for (const id of data.conversation_ids) {
        if (typeof id !== 'number') continue;
        const conversation = knownConversation(ctx, id);
        if (conversation && conversation.visitor_online !== data.online) {
          putConversation(ctx, { ...conversation, visitor_online: data.online }, false);
        }
      }
      break;
    }
    case 'conversation.typing_on':
    case 'conversation.typing_off': {
      const sender = (event.data as { sender?: TypingSender } | null)?.sender;
      if (sender && event.conversation_id !== null) {
        ctx.typing.set(event.conversation_id, sender, event.type === 'conversation.typing_on');
      }
      break;
    }
    case 'offer.created': {
      const offer = event.data as Offer;
      if (!offer || typeof offer.id !== 'number' || ctx.endedOffers?.has(offer.id)) break;
      const now = ctx.now?.() ?? Date.now();
      queryClient.setQueryData<HeldOffer[]>(routingKeys.offers(accountId), (list) => addOffer(list, hold(offer, now)));
      ctx.onOfferCreated?.(offer);
      break;
    }
    case 'offer.withdrawn':
    case 'offer.expired': {
      const data = event.data as OfferGone;
      if (!data || typeof data.offer_id !== 'number') break;
      ctx.endedOffers?.add(data.offer_id);
      const key = routingKeys.offers(accountId);
      const known = queryClient.getQueryData<HeldOffer[]>(key)?.find((o) => o.id === data.offer_id);
      queryClient.setQueryData<HeldOffer[]>(key, (list) => (list ? removeOffer(list, data.offer_id) : list));
      ctx.onOfferGone?.(event.type, data, known);
      break;
    }
    case 'transfer.failed':
    case 'conference.failed': {
      const data = event.data as HandoverFailed;
      if (!data || typeof data.conversation_id !== 'number') break;
      ctx.onHandoverFailed?.(event.type, data, knownConversation(ctx, data.conversation_id));
      break;
    }
    case 'agent.status_changed': {
      const data = event.data as { user_id?: number; status?: AgentStatusValue };
      if (typeof data?.user_id !== 'number' || !data.status) break;
      queryClient.setQueryData<AgentStatus[]>(routingKeys.statuses(accountId), (list) =>
        list ? withStatus(list, { user_id: data.user_id!, status: data.status! }) : list,
      );
      break;
    }
    case 'follow_up.changed': {
      // A conversation entered or left the Follow up list: the list, its count and the conversation's follow-up.
      void queryClient.invalidateQueries({ queryKey: keys.followUps(accountId) });
      const id = (event.data as { conversation_id?: unknown } | undefined)?.conversation_id;
      if (typeof id === 'number') void queryClient.invalidateQueries({ queryKey: keys.followUp(accountId, id) });
      break;
    }
    case 'resumed': {
      // Routing events are not replayed: read the current offers and statuses again, and
      // reload conversations of which the replay was cut short.
      void queryClient.invalidateQueries({ queryKey: routingKeys.offers(accountId) });
      void queryClient.invalidateQueries({ queryKey: routingKeys.statuses(accountId) });
      const truncated = (event.data as { truncated?: unknown } | undefined)?.truncated;
      if (Array.isArray(truncated)) {
        for (const id of truncated) {
          if (typeof id === 'number') void queryClient.invalidateQueries({ queryKey: keys.messages(accountId, id) });
        }
      }
      break;
    }
    default:
      // Unknown types come from newer servers; ignoring them keeps old clients working.
      break;
  }
}
