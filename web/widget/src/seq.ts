/**
 * Highest event seq applied per conversation. Events at or below it are duplicates
 * (e.g. replayed after a resume) and are dropped; events without seq always pass.
 */
export class SeqTracker {
  private readonly last = new Map<number, number>();

  accept(conversationId: number, seq: number | null | undefined): boolean {
    if (seq == null) return true;
    const previous = this.last.get(conversationId);
    if (previous !== undefined && seq <= previous) return false;
    this.last.set(conversationId, seq);
    return true;
  }

  /** Raises the known seq (e.g. from messages loaded over REST); never lowers it. */
  observe(conversationId: number, seq: number | null | undefined): void {
    if (seq == null) return;
    const previous = this.last.get(conversationId);
    if (previous === undefined || seq > previous) this.last.set(conversationId, seq);
  }

  get size(): number {
    return this.last.size;
  }

  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    this.last.forEach((seq, id) => (out[String(id)] = seq));
    return out;
  }
}
