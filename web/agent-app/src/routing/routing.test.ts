import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/http';
import type { AgentStatus, Offer } from '../api/types';
import { keys } from '../conversations/api';
import { applyEvent, type EventContext } from '../realtime/applyEvent';
import { TypingStore } from '../realtime/typing';
import { routingKeys } from './api';
import { NoticeStore } from './notices';
import {
  reasonText,
  addOffer,
  dropStale,
  formatCountdown,
  hold,
  localDeadline,
  offerGoneCode,
  previewMessages,
  removeOffer,
  secondsLeft,
  type HeldOffer,
} from './offers';
import { ownStatus, withStatus } from './status';

function offer(id: number, extra: Partial<Offer> = {}): Offer {
  return {
    id,
    conversation_id: 40 + id,
    kind: 'handoff',
    visitor_name: 'Vera',
    inbox: { id: 1, name: 'Shop' },
    team: { id: 3, name: 'Support' },
    reason: null,
    summary: null,
    messages: [],
    expires_at: 1_000_020,
    seconds_left: 20,
    created_at: 1_000_000 + id,
    ...extra,
  };
}

const msg = (id: number, content: string | null, message_type: 0 | 1 | 2 = 0) =>
  ({ id, content, message_type }) as unknown as Offer['messages'][number];

describe('offer countdown', () => {
  it('counts down from when the card arrived, by seconds_left (no clock skew)', () => {
    const held = hold(offer(1, { seconds_left: 20, expires_at: 5 }), 100_000);
    expect(held.deadline_ms).toBe(120_000);
    expect(secondsLeft(held, 100_000)).toBe(20);
    expect(secondsLeft(held, 110_500)).toBe(10);
    expect(secondsLeft(held, 130_000)).toBe(0);
  });

  it('falls back to expires_at without seconds_left', () => {
    const o = { ...offer(1, { expires_at: 2000 }), seconds_left: undefined } as unknown as Offer;
    expect(localDeadline(o, 0)).toBe(2_000_000);
  });

  it('formats minutes and seconds', () => {
    expect(formatCountdown(7)).toBe('0:07');
    expect(formatCountdown(65)).toBe('1:05');
    expect(formatCountdown(-3)).toBe('0:00');
  });
});

describe('offer list', () => {
  it('adds without doubles, oldest first, and removes by id', () => {
    let list: HeldOffer[] = [];
    list = addOffer(list, hold(offer(2), 0));
    list = addOffer(list, hold(offer(1), 0));
    list = addOffer(list, hold(offer(2, { reason: 'again' }), 0));
    expect(list.map((o) => o.id)).toEqual([1, 2]);
    expect(list[1]!.reason).toBe('again');
    expect(removeOffer(list, 1).map((o) => o.id)).toEqual([2]);
    expect(removeOffer(undefined, 1)).toEqual([]);
  });

  it('drops offers whose time ran out a while ago', () => {
    const list = [hold(offer(1, { seconds_left: 1 }), 0), hold(offer(2, { seconds_left: 60 }), 0)];
    expect(dropStale(list, 3000).map((o) => o.id)).toEqual([1, 2]);
    expect(dropStale(list, 7000).map((o) => o.id)).toEqual([2]);
  });

  it('previews the last messages, without activity lines', () => {
    const o = offer(1, { messages: [msg(1, 'a'), msg(2, 'b', 1), msg(3, 'Anna joined', 2), msg(4, 'c'), msg(5, null), msg(6, 'd')] });
    expect(previewMessages(o).map((m) => m.content)).toEqual(['b', 'c', 'd']);
  });
});

describe('offerGoneCode', () => {
  const problem = (status: number, code?: string) => new ApiError(status, { status, code });
  it('names the 409 refusals', () => {
    expect(offerGoneCode(problem(409, 'offer_expired'))).toBe('offer_expired');
    expect(offerGoneCode(problem(409, 'offer_answered'))).toBe('offer_answered');
    expect(offerGoneCode(problem(409, 'offer_not_yours'))).toBe('offer_not_yours');
    expect(offerGoneCode(problem(409, 'something_new'))).toBe('offer_withdrawn');
    expect(offerGoneCode(problem(404, 'not_found'))).toBe('not_found');
  });
  it('keeps the card for other errors', () => {
    expect(offerGoneCode(problem(500))).toBeUndefined();
    expect(offerGoneCode(new TypeError('offline'))).toBeUndefined();
  });
});

describe('agent status', () => {
  const statuses: AgentStatus[] = [
    { user_id: 7, status: 'available', busy: false, load: 1, capacity: 3, changed_at: 1 },
    { user_id: 8, status: 'away', busy: false, load: 0, capacity: 3, changed_at: 1 },
  ];
  it('picks the own status; none means offline', () => {
    expect(ownStatus(statuses, 8)).toBe('away');
    expect(ownStatus(statuses, 9)).toBe('offline');
    expect(ownStatus(undefined, 7)).toBe('offline');
  });
  it('applies a change, keeping the numbers', () => {
    const next = withStatus(statuses, { user_id: 7, status: 'rona' }, 99);
    expect(next[0]).toEqual({ user_id: 7, status: 'rona', busy: false, load: 1, capacity: 3, changed_at: 1 });
    expect(withStatus(statuses, { user_id: 9, status: 'available' }, 99)).toHaveLength(3);
  });
});

describe('NoticeStore', () => {
  it('shows, de-duplicates and expires notices', () => {
    const timers: (() => void)[] = [];
    const store = new NoticeStore(1000, (fn) => timers.push(fn));
    const listener = vi.fn();
    store.subscribe(listener);
    store.show('a');
    store.show('b', 'error');
    store.show('a');
    expect(store.get().map((n) => n.text)).toEqual(['b', 'a']);
    timers.forEach((t) => t());
    expect(store.get()).toEqual([]);
    expect(listener).toHaveBeenCalled();
  });
});

describe('routing events', () => {
  function setup() {
    const queryClient = new QueryClient();
    const created = vi.fn();
    const gone = vi.fn();
    const ctx: EventContext = {
      queryClient,
      accountId: 1,
      userId: 7,
      typing: new TypingStore(),
      refreshCounts: () => undefined,
      onOfferCreated: created,
      onOfferGone: gone,
      now: () => 50_000,
    };
    const send = (type: string, data: unknown, account_id: number | null = 1) =>
      applyEvent(ctx, { type, account_id, conversation_id: 42, seq: null, data });
    return { queryClient, created, gone, send };
  }

  it('adds an offer card and removes it when withdrawn or expired', () => {
    const { queryClient, created, gone, send } = setup();
    send('offer.created', offer(1));
    send('offer.created', offer(2));
    const list = () => queryClient.getQueryData<HeldOffer[]>(routingKeys.offers(1))!;
    expect(list().map((o) => o.id)).toEqual([1, 2]);
    expect(list()[0]!.deadline_ms).toBe(70_000);
    expect(created).toHaveBeenCalledTimes(2);

    send('offer.withdrawn', { offer_id: 1, conversation_id: 41, reason: 'accepted_by_another_agent' });
    expect(list().map((o) => o.id)).toEqual([2]);
    expect(gone).toHaveBeenLastCalledWith('offer.withdrawn', expect.objectContaining({ offer_id: 1 }), expect.objectContaining({ id: 1 }));
    send('offer.expired', { offer_id: 2, conversation_id: 42 });
    expect(list()).toEqual([]);
  });

  it('ignores offers of another account', () => {
    const { queryClient, send } = setup();
    send('offer.created', offer(1), 2);
    expect(queryClient.getQueryData(routingKeys.offers(1))).toBeUndefined();
  });

  it('updates a status on agent.status_changed', () => {
    const { queryClient, send } = setup();
    queryClient.setQueryData<AgentStatus[]>(routingKeys.statuses(1), [
      { user_id: 7, status: 'available', busy: false, load: 0, capacity: 3, changed_at: 1 },
    ]);
    send('agent.status_changed', { user_id: 7, status: 'rona' });
    expect(ownStatus(queryClient.getQueryData(routingKeys.statuses(1)), 7)).toBe('rona');
  });

  it('refetches offers and truncated conversations after resumed', () => {
    const { queryClient, send } = setup();
    const spy = vi.spyOn(queryClient, 'invalidateQueries');
    send('resumed', { type: 'resumed', truncated: [57] }, null);
    const invalidated = spy.mock.calls.map((c) => JSON.stringify(c[0]?.queryKey));
    expect(invalidated).toContain(JSON.stringify(routingKeys.offers(1)));
    expect(invalidated).toContain(JSON.stringify(keys.messages(1, 57)));
  });
});

describe('reasonText', () => {
  const t = (key: string) => `<${key}>`;
  it("names Baton's own reasons in words and shows an API client's reason as it is", () => {
    expect(reasonText('bot', t)).toBe('<offers.reasons.bot>');
    expect(reasonText('visitor', t)).toBe('<offers.reasons.visitor>');
    expect(reasonText('new_chat', t)).toBe('<offers.reasons.new_chat>');
    expect(reasonText('VIP customer, order #4711', t)).toBe('VIP customer, order #4711');
  });
});
