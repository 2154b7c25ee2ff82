import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/http';
import type { AgentStatus, Conversation, Offer } from '../api/types';
import { applyEvent, type EventContext } from '../realtime/applyEvent';
import { TypingStore } from '../realtime/typing';
import { offerOrigin } from '../routing/offers';
import {
  actionErrorCode,
  addableLabels,
  allowedActions,
  candidates,
  withLabel,
  withoutLabel,
  type AccountAgent,
} from './rules';

const ME = 7;

function conversation(extra: Partial<Conversation> = {}, assignee: number | null = null): Conversation {
  return {
    id: 42,
    account_id: 1,
    inbox_id: 1,
    status: 'open',
    owner: assignee === null ? 'queue' : 'agent',
    assignee_id: assignee,
    meta: {
      sender: { id: 3, name: 'Vera', email: null, phone_number: null, thumbnail: null, identifier: null, custom_attributes: {} },
      assignee: assignee === null ? null : { id: assignee, name: `Agent ${assignee}`, available_name: null, avatar_url: null },
      channel: 'Channel::WebWidget',
    },
    participants: [],
    labels: [],
    messages: [],
    unread_count: 0,
    last_activity_at: 0,
    created_at: 0,
    timestamp: 0,
    last_seq: 0,
    additional_attributes: {},
    custom_attributes: {},
    ...extra,
  };
}

describe('who may do what', () => {
  it('reads what the server allows, and nothing of its own', () => {
    const allowed = allowedActions(conversation({ allowed_actions: ['take', 'resolve'] }), 'agent');
    expect(allowed).toMatchObject({ take: true, resolve: true, transfer: false, invite: false, handBack: false, reopen: false });
    expect(allowedActions(conversation({ allowed_actions: ['reopen'] }, ME), 'agent')).toMatchObject({
      reopen: true,
      resolve: false,
      take: false,
    });
  });

  it('allows nothing while the server has not said (a socket payload without allowed_actions)', () => {
    const allowed = allowedActions(conversation({}, ME), 'administrator');
    expect(Object.entries(allowed).filter(([key, value]) => key !== 'overrideCapacity' && value)).toEqual([]);
  });

  it('lets administrators and supervisors override capacity, a right of their role', () => {
    expect(allowedActions(conversation(), 'supervisor').overrideCapacity).toBe(true);
    expect(allowedActions(conversation(), 'agent').overrideCapacity).toBe(false);
  });

  it('maps every action the server names', () => {
    const all = allowedActions(
      conversation({
        allowed_actions: ['take', 'assign', 'transfer', 'invite', 'leave', 'remove_participants', 'hand_back', 'resolve', 'reopen'],
      }),
      'agent',
    );
    expect(Object.entries(all).filter(([key, value]) => key !== 'overrideCapacity' && !value)).toEqual([]);
  });
});

describe('colleagues an action can go to', () => {
  const agents: AccountAgent[] = [
    { id: ME, name: 'Me', role: 'administrator', licensed: true, capacity: 3 },
    { id: 8, name: 'Anna', role: 'agent', licensed: true, capacity: 3 },
    { id: 9, name: 'Ben', role: 'agent', licensed: true, capacity: 2 },
    { id: 10, name: 'Cleo', role: 'agent', licensed: false, capacity: 3 },
    { id: 11, name: 'Dan', role: 'agent', licensed: true, capacity: 3 },
    { id: 12, name: 'Eve', role: 'supervisor', licensed: true, capacity: 3 },
    { id: 13, name: 'Finn', role: 'agent', licensed: true, capacity: 3 },
  ];
  const statuses: AgentStatus[] = [
    { user_id: 8, status: 'available', busy: false, load: 2, capacity: 3, changed_at: 1 },
    { user_id: 9, status: 'available', busy: true, load: 2, capacity: 2, changed_at: 1 },
    { user_id: 10, status: 'available', busy: false, load: 0, capacity: 3, changed_at: 1 },
    { user_id: 11, status: 'away', busy: false, load: 0, capacity: 3, changed_at: 1 },
    { user_id: 12, status: 'available', busy: false, load: 0, capacity: 3, changed_at: 1 },
    { user_id: 13, status: 'available', busy: false, load: 0, capacity: 3, changed_at: 1 },
  ];
  const inboxMembers = new Set([ME, 8, 9, 10, 11]);

  it('for a transfer: free colleagues first, least loaded first; the busy, away and unlicensed marked why', () => {
    const list = candidates('transfer', agents, statuses, { userId: ME, conversation: conversation({}, ME), inboxMembers });
    expect(list.map((c) => [c.name, c.blocked ?? null])).toEqual([
      ['Eve', null], // a supervisor sees every inbox
      ['Anna', null],
      ['Cleo', 'not_licensed'],
      ['Ben', 'at_capacity'],
      ['Dan', 'away'],
    ]);
    // Finn is not in the inbox and would not see the conversation afterwards.
    expect(list.find((c) => c.id === 13)).toBeUndefined();
  });

  it('for an invitation: nobody who is in already; inbox membership does not matter', () => {
    const c = conversation({ participants: [{ id: 8, name: 'Anna', available_name: null, avatar_url: null }] }, 9);
    const list = candidates('invite', agents, statuses, { userId: ME, conversation: c, inboxMembers });
    expect(list.map((x) => x.id).sort()).toEqual([10, 11, 12, 13]);
  });

  it('for an assignment: everyone who sees the inbox except the current agent, full ones flagged for the override', () => {
    const list = candidates('assign', agents, statuses, { userId: ME, conversation: conversation({}, 8), inboxMembers });
    expect(list.every((c) => c.blocked === undefined)).toBe(true);
    expect(list.map((c) => c.id)).toContain(ME);
    expect(list.map((c) => c.id)).not.toContain(8);
    expect(list.find((c) => c.id === 9)?.full).toBe(true);
  });

  it('counts an agent without a status as offline with nothing on their plate', () => {
    const list = candidates('transfer', agents, [], { userId: ME, conversation: conversation({}, ME) });
    expect(list.find((c) => c.id === 8)).toMatchObject({ status: 'offline', load: 0, capacity: 3, blocked: 'offline' });
  });
});

describe('refusals', () => {
  const problem = (status: number, code: string, fields: { field: string; code: string }[] = []) =>
    new ApiError(status, { status, code, errors: fields.map((f) => ({ ...f, message: 'x' })) });

  it('names the routing codes and the field codes of a validation failure', () => {
    expect(actionErrorCode(problem(409, 'agent_at_capacity'))).toBe('agent_at_capacity');
    expect(actionErrorCode(problem(409, 'handoff_in_progress'))).toBe('handoff_in_progress');
    expect(actionErrorCode(problem(422, 'validation_failed', [{ field: 'agent_id', code: 'already_in' }]))).toBe('already_in');
    expect(actionErrorCode(problem(403, 'forbidden'))).toBe('forbidden');
    expect(actionErrorCode(problem(404, 'whatever'))).toBe('not_found');
  });

  it('leaves unknown refusals to the server’s own words', () => {
    expect(actionErrorCode(problem(500, 'internal_error'))).toBeUndefined();
    expect(actionErrorCode(new TypeError('offline'))).toBeUndefined();
  });
});

describe('labels', () => {
  it('adds in lower case without doubles, and removes', () => {
    expect(withLabel(['vip'], 'Billing')).toEqual(['billing', 'vip']);
    expect(withLabel(['vip'], 'VIP')).toEqual(['vip']);
    expect(withLabel(['vip'], '  ')).toEqual(['vip']);
    expect(withoutLabel(['billing', 'vip'], 'vip')).toEqual(['billing']);
  });

  it('offers the account’s labels the conversation does not have, by title', () => {
    const account = [{ title: 'vip' }, { title: 'Billing' }, { title: 'bug' }];
    expect(addableLabels(account, ['billing']).map((l) => l.title)).toEqual(['bug', 'vip']);
  });
});

describe('offer cards', () => {
  const base: Offer = {
    id: 1,
    conversation_id: 42,
    kind: 'handoff',
    visitor_name: 'Vera',
    inbox: { id: 1, name: 'Shop' },
    team: { id: 3, name: 'Support' },
    reason: 'visitor',
    summary: null,
    requested_by: null,
    messages: [],
    expires_at: 0,
    seconds_left: 20,
    created_at: 0,
  };

  it('say who transfers and with which note', () => {
    expect(offerOrigin({ ...base, kind: 'transfer', reason: 'transfer', requested_by: 7, requested_by_name: 'Ben', summary: ' refund agreed ' }))
      .toEqual({ type: 'transfer', from: 'Ben', note: 'refund agreed' });
  });

  it('tell an invitation from a transfer to the team and from an ordinary handoff', () => {
    expect(offerOrigin({ ...base, kind: 'conference', requested_by: 7, requested_by_name: 'Ben' }).type).toBe('conference');
    expect(offerOrigin({ ...base, reason: 'transfer', requested_by: 7, requested_by_name: 'Ben', summary: 'over to you' }))
      .toEqual({ type: 'teamTransfer', from: 'Ben', note: 'over to you' });
    expect(offerOrigin(base)).toEqual({ type: 'handoff', reason: 'visitor', summary: null });
  });
});

describe('a transfer or invitation that failed', () => {
  it('is told to the agent who asked, with the conversation if it is loaded', () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(['conversations', 1, 'detail', 42], conversation({}, ME));
    const failed = vi.fn();
    const ctx: EventContext = {
      queryClient,
      accountId: 1,
      userId: ME,
      typing: new TypingStore(),
      refreshCounts: () => undefined,
      onHandoverFailed: failed,
    };
    const data = { conversation_id: 42, agent_id: 8, agent_name: 'Anna', reason: 'expired' };
    applyEvent(ctx, { type: 'transfer.failed', account_id: 1, conversation_id: 42, seq: null, data });
    expect(failed).toHaveBeenCalledWith('transfer.failed', data, expect.objectContaining({ id: 42 }));
    applyEvent(ctx, { type: 'conference.failed', account_id: 1, conversation_id: 43, seq: null, data: { ...data, conversation_id: 43 } });
    expect(failed).toHaveBeenLastCalledWith('conference.failed', expect.objectContaining({ conversation_id: 43 }), undefined);
    applyEvent(ctx, { type: 'transfer.failed', account_id: 2, conversation_id: 42, seq: null, data });
    expect(failed).toHaveBeenCalledTimes(2);
  });
});
