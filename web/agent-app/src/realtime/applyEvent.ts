import type { QueryClient } from '@tanstack/react-query';
import type { AssigneeType, Conversation, Message } from '../api/types';
import { keys } from '../conversations/api';
import {
  belongsToList,
  findConversation,
  upsertConversation,
  upsertMessage,
  withLastMessage,
  type ConversationsData,
  type MessagesData,
} from '../conversations/cache';
import type { RealtimeEvent } from './client';
import type { TypingSender, TypingStore } from './typing';

const FILTERS: AssigneeType[] = ['all', 'me', 'unassigned'];

export interface EventContext {
  queryClient: QueryClient;
  accountId: number;
  userId: number;
  typing: TypingStore;
  /** Refresh the list counters soon (debounced by the caller). */
  refreshCounts: () => void;
}

function putConversation(ctx: EventContext, conversation: Conversation, bump: boolean) {
  const { queryClient, accountId, userId } = ctx;
  for (const filter of FILTERS) {
    queryClient.setQueryData<ConversationsData>(keys.list(accountId, filter), (data) =>
      upsertConversation(data, conversation, belongsToList(conversation, filter, userId), bump),
    );
  }
  queryClient.setQueryData<Conversation>(keys.conversation(accountId, conversation.id), (old) => (old ? conversation : old));
}

function knownConversation(ctx: EventContext, id: number): Conversation | undefined {
  const { queryClient, accountId } = ctx;
  const detail = queryClient.getQueryData<Conversation>(keys.conversation(accountId, id));
  if (detail) return detail;
  for (const filter of FILTERS) {
    const hit = findConversation(queryClient.getQueryData<ConversationsData>(keys.list(accountId, filter)), id);
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
      queryClient.setQueryData<MessagesData>(keys.messages(accountId, message.conversation_id), (data) =>
        upsertMessage(data, message, { onlyIfPresent: !created }),
      );
      if (created) {
        const conversation = knownConversation(ctx, message.conversation_id);
        if (conversation) putConversation(ctx, withLastMessage(conversation, message), !message.private);
        else ctx.refreshCounts(); // a conversation we haven't loaded: let the lists catch up
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
    default:
      // Unknown types come from newer servers; ignoring them keeps old clients working.
      break;
  }
}
