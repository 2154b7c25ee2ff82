import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { SeqTracker } from './seq';

/** Envelope of every server event. */
export interface RealtimeEvent<T = unknown> {
  type: string;
  account_id: number | null;
  conversation_id: number | null;
  seq: number | null;
  data: T;
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

/** The subset of the browser WebSocket the client needs (lets tests inject a fake). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

const OPEN = 1;

export interface RealtimeOptions {
  url: string;
  onEvent: (event: RealtimeEvent) => void;
  onStateChange?: (state: ConnectionState) => void;
  /** Called when a connection is re-established after a drop (not on the first connect). */
  onReconnect?: () => void;
  createSocket?: (url: string) => SocketLike;
  backoff?: BackoffOptions;
  random?: () => number;
  /**
   * The conversations the tab shows (its lists, the open one): the resume asks only for these, so that it stays
   * small however many conversations the tab has seen. Without it, every conversation seen is resumed.
   */
  resumeScope?: () => ReadonlySet<number>;
  /** How long a connection must stay up before the backoff starts again from its first delay (default 10 s). */
  stableAfterMs?: number;
  /** The server closed the socket because the user was signed out everywhere: no reconnecting, sign in again. */
  onSignedOut?: () => void;
}

/** The server's close code for a workspace socket whose user was signed out everywhere. */
export const SIGNED_OUT_CLOSE_CODE = 4401;
/** "Service restart" (RFC 6455): the server's node is stopping; reconnect at once (to another node) and resume. */
export const SERVICE_RESTART_CLOSE_CODE = 1012;
/** Reconnects after a node's drain are spread over this long, so that its clients do not all come back at once. */
export const RESTART_SPREAD_MS = 1000;

/** The server reads at most this many conversations from one resume (docs/realtime.md). */
export const MAX_RESUME_CONVERSATIONS = 500;

/** The URL of a socket path on the current host, ws: or wss: to match the page. */
export function socketUrl(path: string, location: { protocol: string; host: string } = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}`;
}

function parseEvent(raw: unknown): RealtimeEvent | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const value = JSON.parse(raw) as Partial<RealtimeEvent>;
    if (!value || typeof value.type !== 'string') return undefined;
    return {
      type: value.type,
      account_id: value.account_id ?? null,
      conversation_id: value.conversation_id ?? null,
      seq: value.seq ?? null,
      // Control messages (resumed, pong…) carry their fields beside `type`: hand them over as data.
      data: value.data !== undefined ? value.data : value,
    };
  } catch {
    return undefined;
  }
}

/**
 * A self-healing WebSocket client for Baton's event stream.
 *
 * - drops events whose seq is not above the last one applied for their conversation;
 * - reconnects with exponential backoff and jitter (and at once when the browser comes back online); the
 *   backoff starts again from its first delay only once a connection has stayed up, so a server that closes
 *   every new connection is not hammered;
 * - after reconnecting, sends {"type":"resume","conversations":{id: lastSeq}} for the conversations the tab
 *   shows (at most {@link MAX_RESUME_CONVERSATIONS}) so the server replays what was missed, in order.
 */
export class RealtimeClient {
  readonly seqs = new SeqTracker();
  private socket: SocketLike | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stableTimer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private everOpened = false;
  private stopped = true;
  private state: ConnectionState = 'closed';
  private readonly options: RealtimeOptions;

  constructor(options: RealtimeOptions) {
    this.options = options;
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearRetry();
    this.clearStable();
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      this.detach(socket);
      socket.close(1000, 'client stopped');
    }
    this.setState('closed');
  }

  /** Reconnect now instead of waiting for the backoff (e.g. on the window `online` event). */
  reconnectNow(): void {
    if (this.stopped || this.state !== 'closed') return;
    this.clearRetry();
    this.connect();
  }

  /** Sends a client message if connected; returns whether it was sent. */
  send(message: unknown): boolean {
    if (!this.socket || this.socket.readyState !== OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  private connect(): void {
    this.setState('connecting');
    const create = this.options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
    let socket: SocketLike;
    try {
      socket = create(this.options.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => this.handleOpen();
    socket.onmessage = (ev) => this.handleMessage(ev.data);
    socket.onerror = () => {
      /* a close event follows; reconnecting happens there */
    };
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.clearStable();
      this.socket = undefined;
      this.setState('closed');
      if ((ev as { code?: number } | null)?.code === SIGNED_OUT_CLOSE_CODE) {
        this.stopped = true;
        this.options.onSignedOut?.();
        return;
      }
      this.scheduleRetry((ev as { code?: number } | null)?.code === SERVICE_RESTART_CLOSE_CODE);
    };
  }

  private handleOpen(): void {
    this.clearStable();
    this.stableTimer = setTimeout(() => {
      this.stableTimer = undefined;
      this.attempt = 0;
    }, this.options.stableAfterMs ?? 10_000);
    this.setState('open');
    // Always resume (even with nothing known): the server holds live events back until it is answered.
    this.send({ type: 'resume', conversations: this.seqs.snapshot(this.options.resumeScope?.(), MAX_RESUME_CONVERSATIONS) });
    if (this.everOpened) this.options.onReconnect?.();
    this.everOpened = true;
  }

  private handleMessage(raw: unknown): void {
    const event = parseEvent(raw);
    if (!event) return;
    if (event.conversation_id !== null && !this.seqs.accept(event.conversation_id, event.seq)) return;
    this.options.onEvent(event);
  }

  private scheduleRetry(serverRestart = false): void {
    if (this.stopped) return;
    this.clearRetry();
    const delay = serverRestart
      ? Math.floor((this.options.random ?? Math.random)() * RESTART_SPREAD_MS)
      : backoffDelay(this.attempt++, this.options.backoff ?? DEFAULT_BACKOFF, this.options.random);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.stopped) this.connect();
    }, delay);
  }

  private clearStable(): void {
    if (this.stableTimer !== undefined) clearTimeout(this.stableTimer);
    this.stableTimer = undefined;
  }

  private clearRetry(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private detach(socket: SocketLike): void {
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    this.options.onStateChange?.(state);
  }
}
