import { SeqTracker } from './seq';
import type { ServerEvent } from './types';

export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
}

export interface SocketOptions {
  url: string;
  onEvent: (event: ServerEvent) => void;
  /** true when connected, false when the connection dropped. */
  onStatus?: (connected: boolean, reconnected: boolean) => void;
  create?: (url: string) => SocketLike;
  initialDelay?: number;
  maxDelay?: number;
  random?: () => number;
}

/** "Service restart" (RFC 6455): the server's node is stopping; reconnect at once (to another node) and resume. */
export const SERVICE_RESTART_CLOSE_CODE = 1012;
/** Reconnects after a node's drain are spread over this long. */
export const RESTART_SPREAD_MS = 1000;

/**
 * Whether a `resumed` answer tells the widget to reload its conversation over REST: the server could not replay
 * what was missed (too much, or older than the event log keeps, `baton.realtime.event-log-retention`).
 */
export function mustReload(event: ServerEvent, conversationId: number | undefined): boolean {
  const truncated = (event as unknown as { truncated?: unknown }).truncated;
  return event.type === 'resumed' && conversationId !== undefined && Array.isArray(truncated) && truncated.includes(conversationId);
}

/** Exponential backoff with downward jitter: attempt 0, 1, 2… → ~1 s, 2 s, 4 s… up to `max`. */
export function retryDelay(attempt: number, initial: number, max: number, random: () => number = Math.random): number {
  return Math.round(Math.min(max, initial * 2 ** attempt) * (1 - 0.3 * random()));
}

/**
 * The visitor's event socket: drops duplicate events by seq, reconnects with backoff (and at
 * once when the browser comes back online) and resumes with the last seq per conversation so
 * the server replays what was missed.
 */
export class EventSocket {
  readonly seqs = new SeqTracker();
  private socket: SocketLike | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private opened = false;
  private running = false;
  private readonly o: SocketOptions;

  constructor(options: SocketOptions) {
    this.o = options;
  }

  get connected(): boolean {
    return this.socket?.readyState === 1;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    const s = this.socket;
    this.socket = undefined;
    if (s) {
      s.onopen = s.onmessage = s.onclose = null;
      s.close(1000);
    }
  }

  /**
   * The browser says the network is gone (`offline` event): show it at once and drop the socket
   * instead of waiting for a close handshake that cannot complete (seen taking longer than 15 s).
   */
  lost(): void {
    const s = this.socket;
    if (!this.running || !s) return;
    this.socket = undefined;
    s.onopen = s.onmessage = s.onclose = null;
    s.close(4000);
    this.o.onStatus?.(false, false);
    this.retry();
  }

  /** Skip the remaining backoff (browser `online` event, tab visible again). */
  wake(): void {
    if (this.running && !this.socket) {
      clearTimeout(this.timer);
      this.connect();
    }
  }

  private connect(): void {
    let s: SocketLike;
    try {
      s = (this.o.create ?? ((url) => new WebSocket(url) as unknown as SocketLike))(this.o.url);
    } catch {
      this.retry();
      return;
    }
    this.socket = s;
    s.onopen = () => {
      this.attempt = 0;
      // Always resume (even with nothing known): the server holds live events back until it is answered.
      s.send(JSON.stringify({ type: 'resume', conversations: this.seqs.snapshot() }));
      this.o.onStatus?.(true, this.opened);
      this.opened = true;
    };
    s.onmessage = (ev) => {
      let event: ServerEvent;
      try {
        event = JSON.parse(String(ev.data)) as ServerEvent;
      } catch {
        return;
      }
      if (!event || typeof event.type !== 'string') return;
      if (event.conversation_id != null && !this.seqs.accept(event.conversation_id, event.seq)) return;
      this.o.onEvent(event);
    };
    s.onclose = (ev) => {
      if (this.socket !== s) return;
      this.socket = undefined;
      this.o.onStatus?.(false, false);
      this.retry((ev as { code?: number } | null)?.code === SERVICE_RESTART_CLOSE_CODE);
    };
  }

  private retry(serverRestart = false): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    const delay = serverRestart
      ? Math.floor((this.o.random ?? Math.random)() * RESTART_SPREAD_MS)
      : retryDelay(this.attempt++, this.o.initialDelay ?? 1000, this.o.maxDelay ?? 30_000, this.o.random);
    this.timer = setTimeout(() => this.connect(), delay);
  }
}
