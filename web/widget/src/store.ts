import type { UserSettings } from './types';

/** What survives page loads, in localStorage under `baton:{token}`. */
export interface Session {
  source_id: string;
  pubsub_token: string;
  conversation_id?: number;
  /** batonSettings.user.identifier the contact was created for; a different user starts over. */
  identifier?: string;
  /** Highest message id the visitor has seen (for the unread badge). */
  last_seen_id?: number;
}

export const storageKey = (token: string) => `baton:${token}`;

export function loadSession(storage: Storage | undefined, token: string): Session | undefined {
  try {
    const raw = storage?.getItem(storageKey(token));
    if (!raw) return undefined;
    const value = JSON.parse(raw) as Partial<Session>;
    if (typeof value.source_id !== 'string' || typeof value.pubsub_token !== 'string') return undefined;
    return value as Session;
  } catch {
    return undefined; // blocked storage or corrupt JSON
  }
}

export function saveSession(storage: Storage | undefined, token: string, session: Session | undefined): void {
  try {
    if (session) storage?.setItem(storageKey(token), JSON.stringify(session));
    else storage?.removeItem(storageKey(token));
  } catch {
    /* storage full or blocked: the session lasts for this page only */
  }
}

/** The stored session if it belongs to the current user of the host site (by identifier). */
export function sessionFor(session: Session | undefined, identifier: string | undefined): Session | undefined {
  // Another user, a user who signed out, or an anonymous visitor who signed in: never show
  // one person's conversation to another on a shared browser.
  if (!session || (session.identifier ?? '') !== (identifier ?? '')) return undefined;
  return session;
}

/**
 * The stored anonymous session of a visitor who has now signed in on the site: its history should join theirs
 * (docs/adr/0022). Only with a proof (identifier_hash); a session of another signed-in user never qualifies.
 */
export function anonymousToIdentify(session: Session | undefined, user: UserSettings | undefined): Session | undefined {
  if (!session || session.identifier || !user?.identifier || !user.identifier_hash) return undefined;
  return session;
}
