import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { AgentStatus, Availability } from '../api/types';
import { keys } from '../conversations/api';
import { useNotices } from '../realtime/RealtimeProvider';
import { answerOffer, fetchAgentStatuses, fetchOffers, fetchWrapUpReasons, putAvailability, routingKeys } from './api';
import { dropStale, hold, offerGoneCode, removeOffer, type HeldOffer } from './offers';
import { ownStatus, withStatus } from './status';

export function useAgentStatuses(accountId: number) {
  return useQuery({
    queryKey: routingKeys.statuses(accountId),
    queryFn: ({ signal }) => fetchAgentStatuses(accountId, signal),
    // agent.status_changed keeps it current; `resumed` refetches it.
    staleTime: Infinity,
  });
}

export function useOwnStatus(accountId: number, userId: number) {
  const query = useAgentStatuses(accountId);
  return { ...query, status: query.isPending ? undefined : ownStatus(query.data, userId) };
}

export function useSetAvailability(accountId: number, userId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (availability: Availability) => putAvailability(accountId, availability),
    onSuccess: (answer, availability) => {
      const mine = answer?.payload?.find((s) => s.user_id === userId) ?? answer?.payload?.[0];
      queryClient.setQueryData<AgentStatus[]>(routingKeys.statuses(accountId), (list) =>
        withStatus(list, mine ? { ...mine, user_id: userId } : { user_id: userId, status: availability }),
      );
      // Going away or offline withdraws pending offers.
      if (availability !== 'available') void queryClient.invalidateQueries({ queryKey: routingKeys.offers(accountId) });
    },
  });
}

export function useOffers(accountId: number) {
  return useQuery({
    queryKey: routingKeys.offers(accountId),
    queryFn: async ({ signal }) => {
      const offers = await fetchOffers(accountId, signal);
      const now = Date.now();
      return offers.map((o) => hold(o, now));
    },
    // The socket keeps the list current; `resumed` (after every connect) refetches it.
    staleTime: Infinity,
  });
}

/** The current time, re-rendering every `intervalMs` while `active`. */
export function useNow(intervalMs = 1000, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, active]);
  return now;
}

/** Removes cards whose time ran out a while ago, in case the offer.expired event was lost. */
export function useDropStaleOffers(accountId: number, now: number) {
  const queryClient = useQueryClient();
  useEffect(() => {
    const key = routingKeys.offers(accountId);
    const list = queryClient.getQueryData<HeldOffer[]>(key);
    if (list && dropStale(list, now).length !== list.length) queryClient.setQueryData(key, dropStale(list, now));
  }, [queryClient, accountId, now]);
}

/** Accept or decline an offer; a refusal because the offer is gone removes the card with a notice. */
export function useAnswerOffer(accountId: number) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const notices = useNotices();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: ({ offer, answer }: { offer: HeldOffer; answer: 'accept' | 'decline' }) => answerOffer(accountId, offer.id, answer),
    onSuccess: (_result, { offer, answer }) => {
      queryClient.setQueryData<HeldOffer[]>(routingKeys.offers(accountId), (list) => removeOffer(list, offer.id));
      if (answer === 'accept') {
        void queryClient.invalidateQueries({ queryKey: keys.conversation(accountId, offer.conversation_id) });
        void queryClient.invalidateQueries({ queryKey: keys.lists(accountId) });
        void navigate(`/accounts/${accountId}/conversations/${offer.conversation_id}`);
      }
    },
    onError: (error, { offer }) => {
      const gone = offerGoneCode(error);
      if (gone) {
        queryClient.setQueryData<HeldOffer[]>(routingKeys.offers(accountId), (list) => removeOffer(list, offer.id));
        notices.show(t(`offers.gone.${gone}`, { name: offer.visitor_name || t('offers.someone') }));
      } else {
        notices.show(error.message || t('app.genericError'), 'error');
      }
    },
  });
}

export function useWrapUpReasons(accountId: number, enabled = true) {
  return useQuery({
    queryKey: routingKeys.wrapUpReasons(accountId),
    queryFn: ({ signal }) => fetchWrapUpReasons(accountId, signal),
    staleTime: 5 * 60_000,
    enabled,
  });
}
