export interface TypingSender {
  id: number;
  name: string;
  type: string;
}

/** How long a "typing_on" counts without a matching "typing_off". */
export const TYPING_TTL_MS = 30_000;

type Listener = () => void;

/**
 * Who is typing in which conversation. Entries expire on their own in case the
 * "typing_off" event never comes (closed tab, lost connection).
 */
export class TypingStore {
  private readonly byConversation = new Map<number, Map<string, { sender: TypingSender; timer: ReturnType<typeof setTimeout> }>>();
  private readonly listeners = new Set<Listener>();
  private readonly snapshots = new Map<number, TypingSender[]>();

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** A stable array per conversation (safe for useSyncExternalStore). */
  get(conversationId: number): TypingSender[] {
    return this.snapshots.get(conversationId) ?? EMPTY;
  }

  set(conversationId: number, sender: TypingSender, typing: boolean): void {
    const key = `${sender.type}:${sender.id}`;
    let senders = this.byConversation.get(conversationId);
    const existing = senders?.get(key);
    if (existing) clearTimeout(existing.timer);
    if (typing) {
      if (!senders) this.byConversation.set(conversationId, (senders = new Map()));
      senders.set(key, { sender, timer: setTimeout(() => this.set(conversationId, sender, false), TYPING_TTL_MS) });
    } else if (existing) {
      senders!.delete(key);
    } else {
      return;
    }
    this.snapshots.set(conversationId, senders ? [...senders.values()].map((e) => e.sender) : EMPTY);
    this.listeners.forEach((l) => l());
  }

  clear(): void {
    for (const senders of this.byConversation.values()) for (const e of senders.values()) clearTimeout(e.timer);
    this.byConversation.clear();
    this.snapshots.clear();
    this.listeners.forEach((l) => l());
  }
}

const EMPTY: TypingSender[] = [];

/**
 * Who is typing, by name, for "Nora is typing…": the agent's own typing is left out; a visitor without a name of
 * their own goes by the name the list shows (pseudonym, "Visitor #12"); an agent without one is `someone`.
 */
export function typingNames(typing: readonly TypingSender[], selfId: number, visitorName: string, someone: string): string[] {
  return typing
    .filter((s) => !(s.type === 'user' && s.id === selfId))
    .map((s) => s.name?.trim() || (s.type === 'contact' ? visitorName : someone));
}
