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
  /** Agents of the queue free to take a chat now (unknown from an older server). */
  agents?: number | null;
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
export function withQueue(
  state: Handover,
  data: { position?: number | null; estimated_wait_seconds?: number | null; agents_available?: number | null } | null | undefined,
): Handover {
  const position = data?.position;
  if (typeof position !== 'number' || position < 1) {
    const { position: _p, wait: _w, agents: _a, ...rest } = state;
    return rest;
  }
  // A queue place means the conversation waits, unless an agent has already taken it.
  if (state.owner === 'agent') return state;
  return {
    ...state,
    owner: 'queue',
    agent: null,
    position,
    wait: data?.estimated_wait_seconds ?? null,
    agents: data?.agents_available ?? null,
  };
}

/** Whole minutes, at least 1: "about 1 min" rather than "about 0 min". */
export function waitMinutes(seconds: number): number {
  return Math.max(1, Math.round(seconds / 60));
}

/** "n agents available" in the reader's language: Intl for the number and the plural, a text of its own for none. */
export function agentsLine(t: Texts, locale: string, agents: number): string {
  if (agents <= 0) return t.agentsNone;
  const n = new Intl.NumberFormat(locale).format(agents);
  return format(new Intl.PluralRules(locale).select(agents) === 'one' ? t.agentsOne : t.agentsMany, { n });
}

/** The line under the header: the queue place (with the wait and the agents free), or who joined; empty while the bot has it. */
export function handoverLine(t: Texts, s: Handover, locale = 'en'): string {
  if (s.owner === 'agent' && s.agent?.name) return format(t.joined, { name: s.agent.name });
  if (s.owner === 'queue' && s.position) {
    const n = new Intl.NumberFormat(locale).format(s.position);
    const place =
      typeof s.wait === 'number' && s.wait > 0
        ? format(t.queueWait, {
            n,
            m: new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'short' }).format(waitMinutes(s.wait)),
          })
        : format(t.queue, { n });
    return typeof s.agents === 'number' ? `${place} · ${agentsLine(t, locale, s.agents)}` : place;
  }
  if (s.owner === 'queue') return t.waiting;
  return '';
}

/** "Back to the bot" makes sense while a person (or the queue) has the conversation. */
export function canGoBackToBot(s: Handover): boolean {
  return s.owner === 'agent' || s.owner === 'queue';
}

