import type { Message } from './types';

const unconfirmed = (m: Message) => (m.pending || m.failed ? 1 : 0);

function order(a: Message, b: Message): number {
  return unconfirmed(a) - unconfirmed(b) || (unconfirmed(a) ? a.created_at - b.created_at : a.id - b.id);
}

/**
 * Merges messages from any source (REST page, socket event, POST response, optimistic insert)
 * into the list, so every message shows exactly once:
 * - the same id replaces the older copy, unless the incoming copy is older by seq;
 * - a server copy with the echo_id of an optimistic message replaces that message;
 * - private notes never show (the server should not send them; this is a second line).
 * Returns a new array sorted by id, unconfirmed messages last.
 */
export function mergeMessages(list: readonly Message[], incoming: readonly Message[]): Message[] {
  const out = list.slice();
  for (const message of incoming) {
    if (message.private) continue;
    const at = out.findIndex(
      (m) => m.id === message.id || (!!message.echo_id && m.echo_id === message.echo_id && (m.pending || m.failed)),
    );
    if (at < 0) {
      out.push(message);
      continue;
    }
    const existing = out[at]!;
    const confirmedAlready = !existing.pending && !existing.failed;
    if (confirmedAlready && message.pending) continue; // never downgrade to optimistic
    if (confirmedAlready && existing.seq != null && message.seq != null && message.seq < existing.seq) continue;
    out[at] = message;
  }
  return out.sort(order);
}

/** Marks the optimistic message with this echo_id as failed (or pending again for a retry). */
export function setSendState(list: readonly Message[], echoId: string, state: 'pending' | 'failed'): Message[] {
  return list.map((m) =>
    m.echo_id === echoId && (m.pending || m.failed) ? { ...m, pending: state === 'pending', failed: state === 'failed' } : m,
  );
}

/** Agent and bot messages (not the visitor's, not activities) newer than `lastSeenId`. */
export function countUnread(list: readonly Message[], lastSeenId: number): number {
  return list.filter((m) => (m.message_type === 1 || m.message_type === 3) && !m.pending && m.id > lastSeenId).length;
}

/** The highest confirmed message id, or 0. */
export function lastId(list: readonly Message[]): number {
  let max = 0;
  for (const m of list) if (!m.pending && !m.failed && m.id > max) max = m.id;
  return max;
}

/** Whether the bot's choice buttons of this message are still answerable (no visitor message after it). */
export function choicesOpen(list: readonly Message[], index: number): boolean {
  for (let i = index + 1; i < list.length; i++) if (list[i]!.message_type === 0) return false;
  return true;
}
