import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isRetryable, HttpError, withRetry } from './api';
import { EventSocket, mustReload, retryDelay, type SocketLike } from './socket';
import type { ServerEvent } from './types';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
  emit(e: Partial<ServerEvent>) {
    this.onmessage?.({ data: JSON.stringify({ data: {}, seq: null, ...e }) });
  }
}

describe('EventSocket', () => {
  let sockets: FakeSocket[];
  let events: ServerEvent[];
  let statuses: [boolean, boolean][];
  let socket: EventSocket;

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    events = [];
    statuses = [];
    socket = new EventSocket({
      url: 'ws://h/public/ws?pubsub_token=t',
      create: () => {
        const s = new FakeSocket();
        sockets.push(s);
        return s;
      },
      onEvent: (e) => events.push(e),
      onStatus: (c, r) => statuses.push([c, r]),
      initialDelay: 100,
      random: () => 0,
    });
  });
  afterEach(() => {
    socket.stop();
    vi.useRealTimers();
  });

  it('resumes from messages loaded over REST on the first connect', () => {
    socket.seqs.observe(5, 12);
    socket.start();
    sockets[0]!.open();
    expect(sockets[0]!.sent).toEqual([{ type: 'resume', conversations: { '5': 12 } }]);
  });

  it('after a drop, reconnects, resumes and shows every missed message once', () => {
    socket.start();
    sockets[0]!.open();
    sockets[0]!.emit({ type: 'message.created', conversation_id: 5, seq: 1 });
    sockets[0]!.drop();
    vi.advanceTimersByTime(100);
    sockets[1]!.open();
    expect(sockets[1]!.sent).toEqual([{ type: 'resume', conversations: { '5': 1 } }]);
    sockets[1]!.emit({ type: 'message.created', conversation_id: 5, seq: 1 });
    sockets[1]!.emit({ type: 'message.created', conversation_id: 5, seq: 2 });
    sockets[1]!.emit({ type: 'conversation.typing_on', conversation_id: 5 });
    sockets[1]!.emit({ type: 'message.created', conversation_id: 5, seq: 3 });
    expect(events.map((e) => e.seq)).toEqual([1, 2, null, 3]);
    expect(statuses).toEqual([
      [true, false],
      [false, false],
      [true, true],
    ]);
  });

  it('reconnects within a second and resumes when the server node stops (1012), whatever the backoff', () => {
    socket.start();
    for (let i = 0; i < 4; i++) {
      sockets[sockets.length - 1]!.drop();
      vi.advanceTimersByTime(30_000);
    }
    sockets[sockets.length - 1]!.open();
    sockets[sockets.length - 1]!.emit({ type: 'message.created', conversation_id: 5, seq: 9 });
    const before = sockets.length;
    sockets[before - 1]!.readyState = 3;
    sockets[before - 1]!.onclose?.({ code: 1012 });
    vi.advanceTimersByTime(999);
    expect(sockets).toHaveLength(before + 1);
    sockets[before]!.open();
    expect(sockets[before]!.sent).toEqual([{ type: 'resume', conversations: { '5': 9 } }]);
  });

  it('wakes up at once when the browser is back online', () => {
    socket.start();
    sockets[0]!.drop();
    socket.wake();
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(2);
  });

  it('shows the connection as lost at once when the browser goes offline, and reconnects later', () => {
    socket.start();
    sockets[0]!.open();
    socket.lost();
    expect(sockets[0]!.readyState).toBe(3);
    expect(statuses).toEqual([
      [true, false],
      [false, false],
    ]);
    sockets[0]!.drop(); // a late close event of the dropped socket changes nothing
    expect(statuses).toHaveLength(2);
    vi.advanceTimersByTime(100);
    sockets[1]!.open();
    expect(statuses.at(-1)).toEqual([true, true]);
  });

  it('backs off exponentially up to the maximum', () => {
    expect([0, 1, 2, 3, 10].map((a) => retryDelay(a, 1000, 8000, () => 0))).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(retryDelay(0, 1000, 8000, () => 1)).toBe(700);
  });
});

describe('withRetry', () => {
  const noSleep = () => Promise.resolve();

  it('retries network errors and 5xx, then succeeds', async () => {
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls === 1) throw new TypeError('Failed to fetch');
        if (calls === 2) throw new HttpError(503, undefined);
        return 'ok';
      },
      5,
      noSleep,
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('does not retry client errors', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new HttpError(422, 'too long');
        },
        5,
        noSleep,
      ),
    ).rejects.toThrow('too long');
    expect(calls).toBe(1);
  });

  it('gives up after the attempts', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new TypeError('offline');
        },
        3,
        noSleep,
      ),
    ).rejects.toThrow('offline');
    expect(calls).toBe(3);
    expect(isRetryable(new HttpError(429, undefined))).toBe(true);
  });
});

describe('mustReload', () => {
  const resumed = (truncated: number[]) => ({ type: 'resumed', truncated, conversation_id: null, seq: null, data: undefined }) as unknown as ServerEvent;
  it('asks for a reload when the resume could not replay the conversation (trimmed log, too much missed)', () => {
    expect(mustReload(resumed([5]), 5)).toBe(true);
  });
  it('does not when the replay was complete, or concerned other conversations', () => {
    expect(mustReload(resumed([]), 5)).toBe(false);
    expect(mustReload(resumed([6]), 5)).toBe(false);
    expect(mustReload(resumed([5]), undefined)).toBe(false);
    expect(mustReload({ type: 'pong', conversation_id: null, seq: null, data: undefined }, 5)).toBe(false);
  });
});
