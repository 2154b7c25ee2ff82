import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { keys } from '../conversations/api';
import { applyEvent } from './applyEvent';
import { TypingStore } from './typing';

describe('applyEvent', () => {
  it('loads a conversation again when a message arrives while it is being loaded', async () => {
    const queryClient = new QueryClient();
    const key = keys.messages(1, 7);
    let calls = 0;
    let release: () => void = () => undefined;
    const first = new Promise<void>((resolve) => (release = resolve));
    const queryFn = async () => {
      calls += 1;
      if (calls === 1) await first; // the answer that was computed before the message existed
      return { pages: [], pageParams: [] };
    };
    // The open conversation view observes its messages (an active query), as in the app.
    const observer = new QueryObserver(queryClient, { queryKey: key, queryFn });
    const unsubscribe = observer.subscribe(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(queryClient.getQueryState(key)?.fetchStatus).toBe('fetching');

    applyEvent(
      { queryClient, accountId: 1, userId: 2, typing: new TypingStore(), refreshCounts: () => undefined },
      {
        type: 'message.created',
        account_id: 1,
        conversation_id: 7,
        seq: 3,
        data: { id: 11, conversation_id: 7, content: 'hi', message_type: 0, private: false, seq: 3 },
      } as never,
    );
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toBeGreaterThanOrEqual(2);
    unsubscribe();
  });
});
