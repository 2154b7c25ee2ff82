// Who has the visitor's conversation (bot, queue, agent) and what the widget says about it.
import { format, type Texts } from './i18n';
import type { Agent, Conversation, Owner } from './types';

export { initialsOf } from './names';

export interface Handover {
  owner: Owner | undefined;
  agent: Agent | null;
  /** Place in the queue while waiting for a person. */
  position?: number;
  wait?: number | null;
}

export const initialHandover: Handover = { owner: undefined, agent: null };

/** Folds a (public) conversation into the state: a new owner, a new agent; the queue ends when someone takes it. */
export function withConversation(state: Handover, c: Pick<Conversation, 'owner' | 'agent'>): Handover {
  const owner = c.owner ?? state.owner;
  const agent = c.agent === undefined ? state.agent : c.agent;
  if (owner === 'queue') return { ...state, owner, agent: null };
  return { owner, agent: owner === 'agent' ? agent : null };
}

/** queue.position (or GET …/queue): a position means it waits; none means it no longer does. */
export function withQueue(state: Handover, data: { position?: number | null; estimated_wait_seconds?: number | null } | null | undefined): Handover {
  const position = data?.position;
  if (typeof position !== 'number' || position < 1) {
    const { position: _p, wait: _w, ...rest } = state;
    return rest;
  }
  // A queue place means the conversation waits, unless an agent has already taken it.
  if (state.owner === 'agent') return state;
  return { ...state, owner: 'queue', agent: null, position, wait: data?.estimated_wait_seconds ?? null };
}

/** Whole minutes, at least 1: "about 1 min" rather than "about 0 min". */
export function waitMinutes(seconds: number): number {
  return Math.max(1, Math.round(seconds / 60));
}

/** The line under the header: the queue place, or who joined; empty while the bot has it. */
export function handoverLine(t: Texts, s: Handover): string {
  if (s.owner === 'agent' && s.agent?.name) return format(t.joined, { name: s.agent.name });
  if (s.owner === 'queue' && s.position) {
    return typeof s.wait === 'number' && s.wait > 0
      ? format(t.queueWait, { n: s.position, m: waitMinutes(s.wait) })
      : format(t.queue, { n: s.position });
  }
  if (s.owner === 'queue') return t.waiting;
  return '';
}

/** "Back to the bot" makes sense while a person (or the queue) has the conversation. */
export function canGoBackToBot(s: Handover): boolean {
  return s.owner === 'agent' || s.owner === 'queue';
}

