import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay } from './backoff';
import { RealtimeClient, socketUrl, type RealtimeEvent, type SocketLike } from './client';
import { SeqTracker } from './seq';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  closed = false;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;

  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.closed = true;
    this.readyState = 3;
  }
  // helpers driven by the test
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
  emit(event: Partial<RealtimeEvent>) {
    this.onmessage?.({ data: JSON.stringify({ account_id: 1, data: {}, ...event }) });
  }
}

describe('SeqTracker', () => {
  it('accepts increasing seqs and drops repeats and older ones', () => {
    const t = new SeqTracker();
    expect(t.accept(7, 1)).toBe(true);
    expect(t.accept(7, 2)).toBe(true);
    expect(t.accept(7, 2)).toBe(false);
    expect(t.accept(7, 1)).toBe(false);
    expect(t.accept(7, 5)).toBe(true); // gaps are fine, the server decides what exists
    expect(t.get(7)).toBe(5);
  });

  it('tracks conversations independently', () => {
    const t = new SeqTracker();
    expect(t.accept(1, 10)).toBe(true);
    expect(t.accept(2, 3)).toBe(true);
    expect(t.accept(1, 4)).toBe(false);
    expect(t.snapshot()).toEqual({ '1': 10, '2': 3 });
  });

  it('always accepts events without seq (typing)', () => {
    const t = new SeqTracker();
    t.accept(1, 4);
    expect(t.accept(1, null)).toBe(true);
    expect(t.accept(1, undefined)).toBe(true);
    expect(t.get(1)).toBe(4);
  });

  it('observe only raises', () => {
    const t = new SeqTracker();
    t.observe(1, 5);
    t.observe(1, 3);
    t.observe(1, null);
    expect(t.get(1)).toBe(5);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially up to the cap', () => {
    const opts = { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0 };
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, opts))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('applies jitter downwards only', () => {
    const opts = { initialMs: 1000, maxMs: 10_000, jitter: 0.5 };
    expect(backoffDelay(0, opts, () => 0)).toBe(1000);
    expect(backoffDelay(0, opts, () => 1)).toBe(500);
  });
});

describe('socketUrl', () => {
  it('follows the page scheme', () => {
    expect(socketUrl('/ws', { protocol: 'https:', host: 'chat.example.com' })).toBe('wss://chat.example.com/ws');
    expect(socketUrl('/ws', { protocol: 'http:', host: 'localhost:8080' })).toBe('ws://localhost:8080/ws');
  });
});

describe('RealtimeClient', () => {
  let sockets: FakeSocket[];
  let events: RealtimeEvent[];
  let reconnects: number;
  let client: RealtimeClient;

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    events = [];
    reconnects = 0;
    client = new RealtimeClient({
      url: 'ws://test/ws',
      createSocket: () => {
        const s = new FakeSocket();
        sockets.push(s);
        return s;
      },
      onEvent: (e) => events.push(e),
      onReconnect: () => reconnects++,
      backoff: { initialMs: 100, maxMs: 1000, jitter: 0 },
    });
  });

  afterEach(() => {
    client.stop();
    vi.useRealTimers();
  });

  it('delivers events once and drops stale seqs', () => {
    client.start();
    sockets[0]!.open();
    sockets[0]!.emit({ type: 'message.created', conversation_id: 1, seq: 1 });
    sockets[0]!.emit({ type: 'message.created', conversation_id: 1, seq: 1 });
    sockets[0]!.emit({ type: 'conversation.typing_on', conversation_id: 1, seq: null });
    sockets[0]!.emit({ type: 'message.updated', conversation_id: 1, seq: 2 });
    expect(events.map((e) => [e.type, e.seq])).toEqual([
      ['message.created', 1],
      ['conversation.typing_on', null],
      ['message.updated', 2],
    ]);
  });

  it('stops and says so, instead of reconnecting, when the server closed it because the user was signed out', () => {
    let signedOut = 0;
    const own: FakeSocket[] = [];
    const signedOutClient = new RealtimeClient({
      url: 'ws://test/ws',
      createSocket: () => {
        const s = new FakeSocket();
        own.push(s);
        return s;
      },
      onEvent: () => undefined,
      onSignedOut: () => signedOut++,
      backoff: { initialMs: 100, maxMs: 1000, jitter: 0 },
    });
    signedOutClient.start();
    own[0]!.open();
    own[0]!.readyState = 3;
    own[0]!.onclose?.({ code: 4401 });
    vi.advanceTimersByTime(10_000);
    expect(signedOut).toBe(1);
    expect(own).toHaveLength(1);
    signedOutClient.stop();
  });

  it('reconnects within a second, without its backoff growing, when the server node stops (1012) and resumes', () => {
    client.start();
    sockets[0]!.open();
    sockets[0]!.emit({ type: 'message.created', conversation_id: 7, seq: 4 });
    // Several failed connections first: the backoff has grown.
    for (let i = 0; i < 4; i++) {
      sockets[sockets.length - 1]!.drop();
      vi.advanceTimersByTime(1000);
    }
    sockets[sockets.length - 1]!.open();
    const before = sockets.length;
    sockets[before - 1]!.readyState = 3;
    sockets[before - 1]!.onclose?.({ code: 1012 });
    vi.advanceTimersByTime(999);
    expect(sockets).toHaveLength(before + 1);
    sockets[before]!.open();
    expect(sockets[before]!.sent[0]).toEqual({ type: 'resume', conversations: { '7': 4 } });
  });

  it('ignores frames that are not events', () => {
    client.start();
    sockets[0]!.open();
    sockets[0]!.onmessage?.({ data: 'not json' });
    sockets[0]!.onmessage?.({ data: JSON.stringify({ hello: 1 }) });
    expect(events).toEqual([]);
  });

  it('sends an empty resume on the first connect so that live events start at once', () => {
    client.start();
    sockets[0]!.open();
    expect(sockets[0]!.sent).toEqual([{ type: 'resume', conversations: {} }]);
    expect(reconnects).toBe(0);
  });

  it('reconnects with backoff, resumes from the last seqs and drops replayed duplicates', () => {
    client.start();
    sockets[0]!.open();
    sockets[0]!.emit({ type: 'message.created', conversation_id: 1, seq: 3 });
    sockets[0]!.emit({ type: 'message.created', conversation_id: 2, seq: 8 });
    sockets[0]!.drop();
    expect(client.connectionState).toBe('closed');

    vi.advanceTimersByTime(99);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);

    sockets[1]!.open();
    expect(sockets[1]!.sent).toEqual([{ type: 'resume', conversations: { '1': 3, '2': 8 } }]);
    expect(reconnects).toBe(1);

    // the server replays from after the resume point; an overlap must not show twice
    sockets[1]!.emit({ type: 'message.created', conversation_id: 1, seq: 3 });
    sockets[1]!.emit({ type: 'message.created', conversation_id: 1, seq: 4 });
    sockets[1]!.emit({ type: 'message.created', conversation_id: 2, seq: 9 });
    expect(events.map((e) => `${e.conversation_id}:${e.seq}`)).toEqual(['1:3', '2:8', '1:4', '2:9']);
  });

  it('backs off exponentially while the server stays away, and starts over once a connection stayed up', () => {
    client.start();
    sockets[0]!.drop(); // never opened
    vi.advanceTimersByTime(100);
    sockets[1]!.drop();
    vi.advanceTimersByTime(199);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    sockets[2]!.open();
    vi.advanceTimersByTime(10_000); // stayed up
    sockets[2]!.drop();
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(4);
  });

  it('keeps backing off when every connection is closed right after it opens (the reconnect loop)', () => {
    client.start();
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const socket = sockets.at(-1)!;
      socket.open();
      socket.drop(); // e.g. the server closes with 1009 after the resume
      const before = sockets.length;
      let waited = 0;
      while (sockets.length === before) {
        vi.advanceTimersByTime(10);
        waited += 10;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(sockets).toHaveLength(7); // not 69 connections in 45 s
  });

  it('resumes only what the tab shows, at most 500 conversations, after seeing 2,000', () => {
    const shown = new Set<number>();
    const bounded = new RealtimeClient({
      url: 'ws://test/ws',
      createSocket: () => {
        const s = new FakeSocket();
        sockets.push(s);
        return s;
      },
      onEvent: () => undefined,
      backoff: { initialMs: 100, maxMs: 1000, jitter: 0 },
      resumeScope: () => shown,
    });
    bounded.start();
    sockets[0]!.open();
    for (let id = 1; id <= 2_000; id++) sockets[0]!.emit({ type: 'message.created', conversation_id: id, seq: 1 });
    for (let id = 1_401; id <= 2_000; id++) shown.add(id); // the loaded list pages and the open conversation
    shown.add(7);
    sockets[0]!.drop();
    vi.advanceTimersByTime(100);
    sockets[1]!.open();
    const resume = sockets[1]!.sent[0] as { type: string; conversations: Record<string, number> };
    const ids = Object.keys(resume.conversations).map(Number);
    expect(ids).toHaveLength(500);
    expect(ids.every((id) => shown.has(id))).toBe(true);
    expect(ids).toContain(2_000); // the most recently updated are kept
    expect(JSON.stringify(resume).length).toBeLessThan(64 * 1024);
    expect(bounded.seqs.size).toBe(601); // the others are forgotten
    bounded.stop();
  });

  it('reconnects at once when asked (browser back online)', () => {
    client.start();
    sockets[0]!.open();
    sockets[0]!.drop();
    client.reconnectNow();
    expect(sockets).toHaveLength(2);
    // the pending backoff timer must not open a third socket
    vi.advanceTimersByTime(5000);
    expect(sockets).toHaveLength(2);
  });

  it('stops for good', () => {
    client.start();
    sockets[0]!.open();
    client.stop();
    expect(sockets[0]!.closed).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });
});
