import type { Message, Refusal } from './types';

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

/** Marks the optimistic message with this echo_id as failed (or pending again for a retry), with the refusal if final. */
export function setSendState(list: readonly Message[], echoId: string, state: 'pending' | 'failed', refusal?: Refusal): Message[] {
  return list.map((m) =>
    m.echo_id === echoId && (m.pending || m.failed) ? { ...m, pending: state === 'pending', failed: state === 'failed', refusal } : m,
  );
}

/** Drops an unsent message that failed (the server refused it for good); confirmed ones stay. */
export function dropUnsent(list: readonly Message[], echoId: string): Message[] {
  return list.filter((m) => !(m.echo_id === echoId && m.failed));
}

/** The image types Baton accepts; the server checks the bytes, this only keeps other files out of the picker. */
export const IMAGE_TYPES = 'image/png,image/jpeg,image/gif,image/webp';

export function isImage(file: Pick<File, 'type'>): boolean {
  return IMAGE_TYPES.split(',').includes(file.type);
}

/**
 * The images of a message as {src, href} on the Baton server: data_url may be a path on the server
 * (no public URL configured), and the widget runs on the host page's origin, so it is resolved
 * against the server's base URL.
 */
export function imagesOf(message: Message, baseUrl: string): { src: string; href: string }[] {
  const out: { src: string; href: string }[] = [];
  for (const a of message.attachments ?? []) {
    if (a.file_type !== 'image' && !a.content_type?.startsWith('image/')) continue;
    try {
      out.push({ src: new URL(a.thumb_url || a.data_url, baseUrl).href, href: new URL(a.data_url, baseUrl).href });
    } catch {
      /* a malformed URL shows nothing rather than break the list */
    }
  }
  return out;
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
