import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClientMessage, Conversation, ConversationStatus, Profile } from '../api/types';
import { MessageType } from '../api/types';
import { uuid } from '../lib/uuid';
import {
  DEFAULT_MAX_MESSAGE_LENGTH,
  fetchAccount,
  fetchConversation,
  fetchConversationCounts,
  fetchContactConversations,
  fetchConversations,
  fetchFollowUp,
  fetchFollowUps,
  fetchMessages,
  keys,
  markSeen,
  PAGE_SIZE,
  postMessage,
  reopen,
  type ReopenAnswer,
  toggleStatus,
  type ToggleStatusAnswer,
  toggleTyping,
  type ListView,
  type StatusChange,
} from './api';
import { markFailed, olderPageParam, upsertMessage, type MessagesData } from './cache';
import { isFinalRefusal, retriesSend, sendErrorCode, sendRetryDelay, sendScope } from './images';

export function useAccountSettings(accountId: number) {
  const query = useQuery({
    queryKey: keys.account(accountId),
    queryFn: () => fetchAccount(accountId),
    staleTime: 5 * 60_000,
  });
  return { ...query, maxMessageLength: query.data?.max_message_length || DEFAULT_MAX_MESSAGE_LENGTH };
}

export function useConversationList(accountId: number, view: ListView, enabled = true) {
  return useInfiniteQuery({
    queryKey: keys.list(accountId, view),
    queryFn: ({ pageParam, signal }) => fetchConversations(accountId, view, pageParam, signal),
    initialPageParam: 1,
    getNextPageParam: (last, _all, lastParam) => (last.data.payload.length < PAGE_SIZE ? undefined : lastParam + 1),
    enabled,
  });
}

/** The Follow up list (its first page's meta.count is the tab's counter); `follow_up.changed` on the socket refreshes it. */
export function useFollowUps(accountId: number) {
  return useInfiniteQuery({
    queryKey: keys.followUps(accountId),
    queryFn: ({ pageParam, signal }) => fetchFollowUps(accountId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.data.meta.next_cursor ?? undefined,
  });
}

/** A conversation's follow-up by e-mail; fetched again when its newest message changes or the socket says it changed. */
export function useFollowUp(accountId: number, conversationId: number, newestMessageId: number | undefined) {
  return useQuery({
    queryKey: [...keys.followUp(accountId, conversationId), newestMessageId ?? 0],
    queryFn: ({ signal }) => fetchFollowUp(accountId, conversationId, signal),
  }).data;
}

/** The counters of one status (all, mine, unassigned, unread), for the tabs and the document title. */
export function useCounts(accountId: number, status: ConversationStatus, enabled = true) {
  const query = useQuery({
    queryKey: keys.counts(accountId, status),
    queryFn: ({ signal }) => fetchConversationCounts(accountId, status, signal),
    enabled,
  });
  return query.data?.meta;
}

function pageHasFocus(): boolean {
  return typeof document !== 'undefined' && document.visibilityState === 'visible' && document.hasFocus();
}

/**
 * Marks the open conversation seen while the workspace has the focus: when it opens, when the tab
 * gets the focus back, and when a visitor message arrives meanwhile. The server then sends the
 * conversation with unread_count 0 to every agent (conversation.updated).
 */
export function useMarkSeen(accountId: number, conversationId: number | undefined) {
  const queryClient = useQueryClient();
  const detail = useQuery({
    queryKey: keys.conversation(accountId, conversationId ?? 0),
    queryFn: ({ signal }) => fetchConversation(accountId, conversationId!, signal),
    enabled: conversationId !== undefined,
  });
  const unread = detail.data?.unread_count ?? 0;
  const [focused, setFocused] = useState(pageHasFocus);
  const [retry, setRetry] = useState(0);
  const inFlight = useRef(false);

  useEffect(() => {
    const update = () => setFocused(pageHasFocus());
    window.addEventListener('focus', update);
    window.addEventListener('blur', update);
    document.addEventListener('visibilitychange', update);
    return () => {
      window.removeEventListener('focus', update);
      window.removeEventListener('blur', update);
      document.removeEventListener('visibilitychange', update);
    };
  }, []);

  useEffect(() => {
    if (conversationId === undefined || !focused || unread <= 0 || inFlight.current) return;
    inFlight.current = true;
    const sent = unread;
    let again = false;
    markSeen(accountId, conversationId)
      .then(() => {
        queryClient.setQueryData<Conversation>(keys.conversation(accountId, conversationId), (c) => {
          if (!c) return c;
          if (c.unread_count === sent) return { ...c, unread_count: 0 };
          again = true; // a message arrived while we were asking: see it too
          return c;
        });
        void queryClient.invalidateQueries({ queryKey: keys.allCounts(accountId) });
      })
      .catch(() => undefined) // a hint: the next message or the next focus tries again
      .finally(() => {
        inFlight.current = false;
        if (again) setRetry((n) => n + 1);
      });
  }, [accountId, conversationId, focused, unread, retry, queryClient]);
}

/** The contact's conversations (newest first, paged), for the side panel. */
export function useContactConversations(accountId: number, contactId: number | undefined) {
  return useInfiniteQuery({
    queryKey: keys.contactConversations(accountId, contactId ?? 0),
    queryFn: ({ pageParam, signal }) => fetchContactConversations(accountId, contactId!, pageParam, signal),
    initialPageParam: 1,
    getNextPageParam: (last, _all, lastParam) => (last.payload.length < PAGE_SIZE ? undefined : lastParam + 1),
    enabled: contactId !== undefined,
  });
}

export function useConversation(accountId: number, id: number) {
  return useQuery({
    queryKey: keys.conversation(accountId, id),
    queryFn: ({ signal }) => fetchConversation(accountId, id, signal),
  });
}

export function useMessages(accountId: number, id: number) {
  return useInfiniteQuery({
    queryKey: keys.messages(accountId, id),
    queryFn: ({ pageParam, signal }) => fetchMessages(accountId, id, pageParam, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: olderPageParam,
    // Live events keep this cache current; a refetch would re-download every loaded page.
    staleTime: Infinity,
  });
}

/**
 * Sends a reply or note with optimistic insert. The optimistic copy carries a fresh echo_id;
 * the server's message (from the POST response or the socket, whichever comes first)
 * replaces it. A send that failed for a passing reason is tried again by itself, and a failed one can be retried
 * by the agent, with the same echo_id each time, so it never doubles; sends of one conversation go one after another.
 */
export function useSendMessage(profile: Profile, accountId: number, conversationId: number) {
  const queryClient = useQueryClient();
  const key = keys.messages(accountId, conversationId);

  const mutation = useMutation({
    mutationFn: (message: ClientMessage) =>
      postMessage(accountId, conversationId, {
        content: message.content ?? '',
        private: message.private,
        echo_id: message.echo_id!,
        files: message.files,
      }),
    // A send that met a restarting node goes again by itself; the echo_id keeps it from doubling.
    retry: retriesSend,
    retryDelay: sendRetryDelay,
    scope: sendScope(accountId, conversationId),
    onMutate: (message) => {
      queryClient.setQueryData<MessagesData>(key, (data) =>
        upsertMessage(data, { ...message, pending: true, failed: false, error: undefined, final: undefined }),
      );
    },
    onSuccess: (saved, sent) => {
      // Normally the created message; if the server answers without one, the socket event
      // with the same echo_id will replace the optimistic copy instead.
      if (saved && typeof saved.id === 'number') {
        queryClient.setQueryData<MessagesData>(key, (data) => upsertMessage(data, { ...saved, echo_id: saved.echo_id ?? sent.echo_id }));
      }
    },
    onError: (error, message) => {
      queryClient.setQueryData<MessagesData>(key, (data) =>
        markFailed(data, message.echo_id!, { error: sendErrorCode(error), final: isFinalRefusal(error) }),
      );
    },
  });

  const send = useCallback(
    (content: string, isPrivate: boolean, files: readonly File[] = []) => {
      const now = Date.now();
      mutation.mutate({
        id: -now, // temporary, negative so it can never clash with a server id
        content: content || null,
        files: files.length > 0 ? [...files] : undefined,
        attachments: [],
        account_id: accountId,
        inbox_id: 0,
        conversation_id: conversationId,
        message_type: MessageType.Outgoing,
        content_type: 'text',
        content_attributes: {},
        private: isPrivate,
        created_at: now / 1000,
        sender_type: 'User',
        sender: { id: profile.id, name: profile.name, type: 'user', avatar_url: null },
        seq: null,
        echo_id: uuid(),
      });
    },
    [mutation, accountId, conversationId, profile.id, profile.name],
  );

  const retry = useCallback((message: ClientMessage) => mutation.mutate(message), [mutation]);

  return { send, retry };
}

export function useToggleStatus(accountId: number, conversation: Conversation | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    // Reopening takes the conversation (Baton's reopen); the rest is Chatwoot's toggle_status. Both carry the
    // state the agent saw.
    mutationFn: (change: StatusChange): Promise<ToggleStatusAnswer | ReopenAnswer> =>
      change.status === 'open' && conversation!.status === 'resolved'
        ? reopen(accountId, conversation!.id, conversation!.state_version)
        : toggleStatus(accountId, conversation!.id, { ...change, state_version: conversation!.state_version }),
    onSuccess: (answer, change) => {
      if (!conversation) return;
      const payload = answer && 'payload' in answer ? answer.payload : undefined;
      const status = payload?.current_status ?? change.status;
      const owner = payload?.owner ?? (answer && 'owner' in answer ? answer.owner : undefined);
      queryClient.setQueryData<Conversation>(keys.conversation(accountId, conversation.id), (c) =>
        c ? { ...c, status, owner: owner ?? c.owner } : c,
      );
      void queryClient.invalidateQueries({ queryKey: keys.conversation(accountId, conversation.id) });
      void queryClient.invalidateQueries({ queryKey: keys.lists(accountId) });
    },
  });
}

const TYPING_IDLE_MS = 3000;

/**
 * Tells the server when the agent is typing: "on" at the first keystroke, "off" after a
 * pause, on send and when leaving the conversation. Failures are ignored (it's a hint).
 */
export function useTypingNotifier(accountId: number, conversationId: number) {
  const on = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const stop = useCallback(() => {
    clearTimeout(timer.current);
    if (on.current) {
      on.current = false;
      toggleTyping(accountId, conversationId, false).catch(() => undefined);
    }
  }, [accountId, conversationId]);

  const typed = useCallback(() => {
    if (!on.current) {
      on.current = true;
      toggleTyping(accountId, conversationId, true).catch(() => undefined);
    }
    clearTimeout(timer.current);
    timer.current = setTimeout(stop, TYPING_IDLE_MS);
  }, [accountId, conversationId, stop]);

  useEffect(() => stop, [stop]);

  return { typed, stop };
}
