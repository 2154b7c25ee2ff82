import { request } from '../api/http';
import type { AgentStatus, Availability, AvailabilityAnswer, Offer, WrapUpReason } from '../api/types';

const base = (accountId: number) => `/api/v1/accounts/${accountId}`;

export const routingKeys = {
  statuses: (accountId: number) => ['routing', accountId, 'statuses'] as const,
  offers: (accountId: number) => ['routing', accountId, 'offers'] as const,
  wrapUpReasons: (accountId: number) => ['routing', accountId, 'wrap-up-reasons'] as const,
};

export function fetchAgentStatuses(accountId: number, signal?: AbortSignal) {
  return request<AgentStatus[]>(`${base(accountId)}/agent_statuses`, { signal });
}

export function putAvailability(accountId: number, availability: Availability) {
  return request<AvailabilityAnswer>('/api/v1/profile/availability', {
    method: 'PUT',
    body: { availability, account_id: accountId },
  });
}

export async function fetchOffers(accountId: number, signal?: AbortSignal): Promise<Offer[]> {
  const answer = await request<{ payload: Offer[] }>(`${base(accountId)}/offers`, { signal });
  return answer?.payload ?? [];
}

export function answerOffer(accountId: number, offerId: number, answer: 'accept' | 'decline') {
  return request<{ id: number; status: string }>(`${base(accountId)}/offers/${offerId}/${answer}`, { method: 'POST' });
}

export function fetchWrapUpReasons(accountId: number, signal?: AbortSignal) {
  return request<WrapUpReason[]>(`${base(accountId)}/wrap_up_reasons`, { signal });
}
