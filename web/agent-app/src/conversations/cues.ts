// The list's colour cues (seed 001 F) as plain data, so that the rules are tested apart from the UI.
import type { Conversation } from '../api/types';

/** A visitor message counts as left unanswered after this long without a reply (docs/adr/0013). */
export const UNANSWERED_AFTER_SECONDS = 120;

export interface Cues {
  /** The visitor's widget is open. */
  online: boolean;
  /** Visitor messages no agent has seen. */
  unread: boolean;
  /** Seconds the visitor has waited for an answer, once past the threshold; otherwise null. */
  unansweredFor: number | null;
}

/**
 * The cues of one conversation at `nowMs`. "Left unanswered" only applies to live chats (open, with
 * a person or in the queue): the bot answers by itself, and a closed conversation waits for nobody.
 */
export function conversationCues(
  c: Pick<Conversation, 'status' | 'unread_count' | 'visitor_online' | 'waiting_since'>,
  nowMs: number,
  thresholdSeconds = UNANSWERED_AFTER_SECONDS,
): Cues {
  let unansweredFor: number | null = null;
  if (c.status === 'open' && c.waiting_since != null) {
    const waited = Math.floor(nowMs / 1000 - c.waiting_since);
    if (waited >= thresholdSeconds) unansweredFor = waited;
  }
  return { online: c.visitor_online === true, unread: c.unread_count > 0, unansweredFor };
}

/** Milliseconds until the unanswered cue of a waiting live chat turns on, or undefined if it never will (or already did). */
export function msUntilUnanswered(
  c: Pick<Conversation, 'status' | 'waiting_since'>,
  nowMs: number,
  thresholdSeconds = UNANSWERED_AFTER_SECONDS,
): number | undefined {
  if (c.status !== 'open' || c.waiting_since == null) return undefined;
  const due = (c.waiting_since + thresholdSeconds) * 1000 - nowMs;
  return due > 0 ? due : undefined;
}

/** The document title with the unread count in front: "(3) Baton"; more than 99 shows as "99+". */
export function titleWithCount(base: string, unread: number | undefined): string {
  if (!unread || unread <= 0 || !Number.isFinite(unread)) return base;
  return `(${unread > 99 ? '99+' : Math.floor(unread)}) ${base}`;
}

/** Whole minutes for the "waiting for N min" text (at least 1). */
export function waitedMinutes(seconds: number): number {
  return Math.max(1, Math.floor(seconds / 60));
}
