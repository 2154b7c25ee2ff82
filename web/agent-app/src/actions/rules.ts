// What the agent may do with a conversation (as the server says), and which colleagues an action can
// go to. Pure.
import { ApiError } from '../api/http';
import type { AgentStatus, AgentStatusValue, AllowedAction, Conversation, Role } from '../api/types';

export const supervises = (role: Role | undefined): boolean => role === 'administrator' || role === 'supervisor';

/**
 * What the signed-in agent may do now. The server's state machine decides (`allowed_actions` on the
 * conversation); the workspace keeps no copy of its rules. Overriding capacity is a role's right, not a
 * conversation's state.
 */
export interface Allowed {
  take: boolean;
  assign: boolean;
  overrideCapacity: boolean;
  transfer: boolean;
  invite: boolean;
  leave: boolean;
  removeParticipants: boolean;
  handBack: boolean;
  resolve: boolean;
  reopen: boolean;
}

export function assigneeOf(c: Conversation): number | null {
  return c.meta.assignee?.id ?? c.assignee_id ?? null;
}

export function allowedActions(c: Conversation, role: Role | undefined): Allowed {
  const may = new Set<AllowedAction>(c.allowed_actions ?? []);
  return {
    take: may.has('take'),
    assign: may.has('assign'),
    overrideCapacity: supervises(role),
    transfer: may.has('transfer'),
    invite: may.has('invite'),
    leave: may.has('leave'),
    removeParticipants: may.has('remove_participants'),
    handBack: may.has('hand_back'),
    resolve: may.has('resolve'),
    reopen: may.has('reopen'),
  };
}

/** An agent of the account as GET /agents lists them (the fields the actions need). */
export interface AccountAgent {
  id: number;
  name: string;
  available_name?: string | null;
  role: Role;
  licensed?: boolean;
  capacity?: number | null;
}

export type Purpose = 'transfer' | 'invite' | 'assign';

/** Why an agent cannot be chosen now. */
export type Blocked = 'not_licensed' | 'away' | 'offline' | 'rona' | 'at_capacity';

export interface Candidate {
  id: number;
  name: string;
  status: AgentStatusValue;
  load: number;
  capacity: number;
  /** Set when the agent cannot be chosen for this purpose. */
  blocked?: Blocked;
  /** Assigning needs override_capacity (the agent is full). */
  full: boolean;
}

export interface CandidateContext {
  userId: number;
  conversation: Conversation;
  /** Members of the conversation's inbox; undefined when unknown (then nobody is left out for it). */
  inboxMembers?: ReadonlySet<number>;
}

const STATUS_ORDER: Record<AgentStatusValue, number> = { available: 0, away: 1, rona: 2, offline: 3 };

/**
 * The colleagues an action can go to, best first: available before away, offline and RONA, then
 * the least loaded, then by name. Those the server would refuse outright (oneself, the current
 * agent, who is already in, who cannot see the inbox) are left out; those who are merely not
 * free now stay in the list, marked `blocked`, so the agent sees why.
 */
export function candidates(
  purpose: Purpose,
  agents: readonly AccountAgent[],
  statuses: readonly AgentStatus[] | undefined,
  ctx: CandidateContext,
): Candidate[] {
  const assignee = assigneeOf(ctx.conversation);
  const participants = new Set((ctx.conversation.participants ?? []).map((p) => p.id));
  const byUser = new Map((statuses ?? []).map((s) => [s.user_id, s]));
  return agents
    .filter((a) => {
      if (a.id === assignee) return false;
      if (purpose !== 'assign' && a.id === ctx.userId) return false;
      if (purpose === 'invite' && participants.has(a.id)) return false;
      // A transfer or an assignment must leave the conversation with someone who sees its inbox.
      if (purpose !== 'invite' && ctx.inboxMembers && !ctx.inboxMembers.has(a.id) && !supervises(a.role)) return false;
      return true;
    })
    .map((a) => {
      const s = byUser.get(a.id);
      const status: AgentStatusValue = s?.status ?? 'offline';
      const capacity = a.capacity ?? s?.capacity ?? 0;
      const load = s?.load ?? 0;
      const full = load >= capacity;
      let blocked: Blocked | undefined;
      if (purpose !== 'assign') {
        if (a.licensed === false) blocked = 'not_licensed';
        else if (status !== 'available') blocked = status;
        else if (full) blocked = 'at_capacity';
      }
      return { id: a.id, name: a.available_name || a.name, status, load, capacity, blocked, full };
    })
    .sort(
      (x, y) =>
        Number(Boolean(x.blocked)) - Number(Boolean(y.blocked)) ||
        STATUS_ORDER[x.status] - STATUS_ORDER[y.status] ||
        x.load / Math.max(1, x.capacity) - y.load / Math.max(1, y.capacity) ||
        x.name.localeCompare(y.name),
    );
}

/** The server's refusal codes the actions translate; anything else shows the server's own text. */
export const KNOWN_ERRORS = [
  'agent_at_capacity',
  'agent_not_available',
  'not_with_an_agent',
  'handoff_in_progress',
  'conversation_has_agent',
  'conversation_changed',
  'conversation_resolved',
  'conversation_open',
  'offer_not_yours',
  'forbidden',
  'not_found',
  'not_licensed',
  'same_agent',
  'already_in',
  'not_inbox_member',
  'unknown',
  'format',
  'length',
] as const;
export type KnownError = (typeof KNOWN_ERRORS)[number];

/**
 * The code to translate for a failed action: the problem's code, or for a validation failure the
 * first field error's code (`not_licensed`, `already_in`, ...). undefined when nothing is known.
 */
export function actionErrorCode(error: unknown): KnownError | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const codes = [error.problem.code, ...error.fieldErrors.map((e) => e.code)];
  for (const code of codes) {
    const known = KNOWN_ERRORS.find((k) => k === code);
    if (known && code !== 'validation_failed') return known;
  }
  if (error.status === 403) return 'forbidden';
  if (error.status === 404) return 'not_found';
  return undefined;
}

/** Adds a label (stored in lower case, like the server does) unless the conversation has it. */
export function withLabel(labels: readonly string[], label: string): string[] {
  const clean = label.trim().toLowerCase();
  if (!clean || labels.includes(clean)) return [...labels];
  return [...labels, clean].sort();
}

export function withoutLabel(labels: readonly string[], label: string): string[] {
  return labels.filter((l) => l !== label);
}

/** The account's labels the conversation does not have yet, by title. */
export function addableLabels<T extends { title: string }>(account: readonly T[], current: readonly string[]): T[] {
  const have = new Set(current.map((l) => l.toLowerCase()));
  return account.filter((l) => !have.has(l.title.toLowerCase())).sort((a, b) => a.title.localeCompare(b.title));
}
