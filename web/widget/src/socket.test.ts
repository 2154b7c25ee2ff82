import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isRetryable, HttpError, withRetry } from './api';
import { EventSocket, retryDelay, type SocketLike } from './socket';
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

  it('wakes up at once when the browser is back online', () => {
    socket.start();
    sockets[0]!.drop();
    socket.wake();
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(2);
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
