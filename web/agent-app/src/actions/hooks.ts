import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Conversation } from '../api/types';
import { keys } from '../conversations/api';
import { routingKeys } from '../routing/api';
import { useAgentStatuses } from '../routing/hooks';
import {
  actionKeys,
  fetchAccountLabels,
  fetchAllAgents,
  fetchInboxMemberIds,
  fetchTeamRefs,
  setLabels,
} from './api';
import { candidates, type Candidate, type Purpose } from './rules';

const FIVE_MINUTES = 5 * 60_000;

export function useAccountAgents(accountId: number, enabled = true) {
  return useQuery({
    queryKey: actionKeys.agents(accountId),
    queryFn: ({ signal }) => fetchAllAgents(accountId, signal),
    staleTime: FIVE_MINUTES,
    enabled,
  });
}

export function useTeams(accountId: number, enabled = true) {
  return useQuery({
    queryKey: actionKeys.teams(accountId),
    queryFn: ({ signal }) => fetchTeamRefs(accountId, signal),
    staleTime: FIVE_MINUTES,
    enabled,
  });
}

export function useAccountLabels(accountId: number, enabled = true) {
  return useQuery({
    queryKey: actionKeys.labels(accountId),
    queryFn: ({ signal }) => fetchAccountLabels(accountId, signal),
    staleTime: FIVE_MINUTES,
    enabled,
  });
}

/** The inbox's members, or undefined when the caller may not list them (a conference guest). */
export function useInboxMembers(accountId: number, inboxId: number, enabled = true) {
  const query = useQuery({
    queryKey: actionKeys.inboxMembers(accountId, inboxId),
    queryFn: ({ signal }) => fetchInboxMemberIds(accountId, inboxId, signal),
    staleTime: FIVE_MINUTES,
    retry: false,
    enabled,
  });
  return query.data ? new Set(query.data) : undefined;
}

/**
 * A conversation action (take, assign, transfer, invite, leave). The socket's conversation.updated
 * brings the change; reading the conversation, the lists and the statuses again covers a socket
 * that is reconnecting just then.
 */
export function useConversationAction<V>(accountId: number, conversationId: number, run: (vars: V) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.conversation(accountId, conversationId) });
      void queryClient.invalidateQueries({ queryKey: keys.lists(accountId) });
      void queryClient.invalidateQueries({ queryKey: routingKeys.statuses(accountId) });
    },
  });
}

/** Replaces the labels, showing the new ones at once and going back if the server refuses. */
export function useSetLabels(accountId: number, conversationId: number) {
  const queryClient = useQueryClient();
  const key = keys.conversation(accountId, conversationId);
  return useMutation({
    mutationFn: (labels: string[]) => setLabels(accountId, conversationId, labels),
    onMutate: (labels) => {
      const before = queryClient.getQueryData<Conversation>(key)?.labels;
      queryClient.setQueryData<Conversation>(key, (c) => (c ? { ...c, labels } : c));
      return { before };
    },
    onSuccess: (labels) => {
      queryClient.setQueryData<Conversation>(key, (c) => (c ? { ...c, labels } : c));
      void queryClient.invalidateQueries({ queryKey: keys.lists(accountId) });
    },
    onError: (_error, _labels, context) => {
      if (context?.before) queryClient.setQueryData<Conversation>(key, (c) => (c ? { ...c, labels: context.before! } : c));
    },
  });
}

/** The colleagues an action can go to, with their status and load (GET /agents, /agent_statuses, /inbox_members). */
export function useCandidates(
  purpose: Purpose,
  accountId: number,
  conversation: Conversation,
  userId: number,
): { list: Candidate[]; loading: boolean; error?: Error } {
  const queryClient = useQueryClient();
  const agents = useAccountAgents(accountId);
  const statuses = useAgentStatuses(accountId);
  // Loads change without an event, and agents get no status events of their colleagues: read
  // the statuses afresh whenever a picker opens.
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: routingKeys.statuses(accountId) });
  }, [queryClient, accountId]);
  const inboxMembers = useInboxMembers(accountId, conversation.inbox_id, purpose !== 'invite');
  const list = agents.data ? candidates(purpose, agents.data, statuses.data, { userId, conversation, inboxMembers }) : [];
  return { list, loading: agents.isPending, error: agents.error ?? undefined };
}
