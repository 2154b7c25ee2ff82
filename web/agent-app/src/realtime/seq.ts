/**
 * Per-conversation sequence bookkeeping for the event stream.
 *
 * Every conversation-scoped event carries a sequence number that grows by conversation.
 * We keep the highest one applied; anything at or below it is a duplicate (for example
 * replayed after a resume) and is dropped. Events without a seq (typing) always pass.
 */
export class SeqTracker {
  private readonly last = new Map<number, number>();

  /** Returns true when the event is new and records its seq; false for duplicates. */
  accept(conversationId: number, seq: number | null | undefined): boolean {
    if (seq === null || seq === undefined) return true;
    const previous = this.last.get(conversationId);
    if (previous !== undefined && seq <= previous) return false;
    this.last.delete(conversationId); // most recent last: a bounded resume keeps the newest
    this.last.set(conversationId, seq);
    return true;
  }

  /** Raises the known seq of a conversation (never lowers it). */
  observe(conversationId: number, seq: number | null | undefined): void {
    if (seq === null || seq === undefined) return;
    const previous = this.last.get(conversationId);
    if (previous === undefined || seq > previous) {
      this.last.delete(conversationId);
      this.last.set(conversationId, seq);
    }
  }

  get(conversationId: number): number | undefined {
    return this.last.get(conversationId);
  }

  get size(): number {
    return this.last.size;
  }

  /**
   * The `conversations` map of a resume message: {"<conversation_id>": lastSeq}. With a scope, only those
   * conversations (the others are forgotten, so the map stays as small as what the tab shows); at most `limit`,
   * the most recently updated.
   */
  snapshot(scope?: ReadonlySet<number>, limit = Number.POSITIVE_INFINITY): Record<string, number> {
    if (scope) {
      for (const id of [...this.last.keys()]) if (!scope.has(id)) this.last.delete(id);
    }
    const entries = [...this.last].slice(-limit);
    const out: Record<string, number> = {};
    for (const [id, seq] of entries) out[String(id)] = seq;
    return out;
  }

  clear(): void {
    this.last.clear();
  }
}
