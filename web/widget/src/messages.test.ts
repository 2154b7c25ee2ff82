import { describe, expect, it } from 'vitest';
import { choicesOpen, countUnread, dropUnsent, imagesOf, isImage, lastId, mergeMessages, setSendState } from './messages';
import type { Message } from './types';

let clock = 1_700_000_000;
function msg(partial: Partial<Message>): Message {
  return {
    id: 1,
    content: 'hi',
    message_type: 1,
    content_type: 'text',
    content_attributes: {},
    created_at: clock++,
    conversation_id: 5,
    sender: null,
    seq: null,
    echo_id: null,
    ...partial,
  };
}
const ids = (list: Message[]) => list.map((m) => m.id);

describe('mergeMessages', () => {
  it('adds new messages in id order', () => {
    const list = mergeMessages([msg({ id: 3 })], [msg({ id: 1 }), msg({ id: 2 })]);
    expect(ids(list)).toEqual([1, 2, 3]);
  });

  it('never shows the same id twice (socket event + REST refetch + replay)', () => {
    let list = mergeMessages([], [msg({ id: 1, seq: 1 }), msg({ id: 2, seq: 2 })]);
    list = mergeMessages(list, [msg({ id: 2, seq: 2 })]); // replayed event
    list = mergeMessages(list, [msg({ id: 1, seq: 1 }), msg({ id: 2, seq: 2 }), msg({ id: 3, seq: 3 })]); // refetch
    expect(ids(list)).toEqual([1, 2, 3]);
  });

  it('replaces the optimistic message with the server copy carrying its echo_id', () => {
    const optimistic = msg({ id: -99, message_type: 0, echo_id: 'e-1', pending: true });
    let list = mergeMessages([msg({ id: 10 })], [optimistic]);
    expect(ids(list)).toEqual([10, -99]);
    list = mergeMessages(list, [msg({ id: 11, message_type: 0, echo_id: 'e-1', seq: 4 })]);
    expect(ids(list)).toEqual([10, 11]);
    expect(list[1]!.pending).toBeFalsy();
    // the POST response arrives after the socket event: still one message
    list = mergeMessages(list, [msg({ id: 11, message_type: 0, echo_id: 'e-1', seq: 4 })]);
    expect(ids(list)).toEqual([10, 11]);
  });

  it('replaces a failed message when a retry succeeds', () => {
    let list = mergeMessages([], [msg({ id: -5, echo_id: 'x', failed: true })]);
    list = mergeMessages(list, [msg({ id: 7, echo_id: 'x' })]);
    expect(ids(list)).toEqual([7]);
    expect(list[0]!.failed).toBeFalsy();
  });

  it('keeps unconfirmed messages at the bottom', () => {
    const list = mergeMessages([msg({ id: -1, echo_id: 'a', pending: true })], [msg({ id: 40 })]);
    expect(ids(list)).toEqual([40, -1]);
  });

  it('applies updates but ignores stale copies (lower seq)', () => {
    let list = mergeMessages([], [msg({ id: 1, content: 'v1', seq: 1 })]);
    list = mergeMessages(list, [msg({ id: 1, content: 'v2', seq: 3 })]);
    list = mergeMessages(list, [msg({ id: 1, content: 'v1', seq: 1 })]);
    expect(list.map((m) => m.content)).toEqual(['v2']);
  });

  it('drops private notes', () => {
    expect(mergeMessages([], [msg({ id: 1, private: true })])).toEqual([]);
  });

  it('does not mutate its input', () => {
    const list = [msg({ id: 2 })];
    mergeMessages(list, [msg({ id: 1 })]);
    expect(ids(list)).toEqual([2]);
  });
});

describe('send state', () => {
  it('marks failed and pending again for a retry', () => {
    const list = [msg({ id: -1, echo_id: 'a', pending: true }), msg({ id: 3, echo_id: 'b' })];
    const failed = setSendState(list, 'a', 'failed');
    expect(failed[0]).toMatchObject({ pending: false, failed: true });
    expect(failed[1]).toBe(list[1]);
    expect(setSendState(failed, 'a', 'pending')[0]).toMatchObject({ pending: true, failed: false });
    // a confirmed message is never touched
    expect(setSendState(list, 'b', 'failed')[1]).toBe(list[1]);
  });
});

describe('unread and choices', () => {
  const list = [
    msg({ id: 1, message_type: 0 }),
    msg({ id: 2, message_type: 1 }),
    msg({ id: 3, message_type: 2 }),
    msg({ id: 4, message_type: 3, content_type: 'input_select' }),
    msg({ id: -1, message_type: 0, pending: true }),
  ];

  it('counts agent and bot messages after the last seen one', () => {
    expect(countUnread(list, 0)).toBe(2);
    expect(countUnread(list, 2)).toBe(1);
    expect(countUnread(list, 4)).toBe(0);
  });

  it('finds the newest confirmed id', () => {
    expect(lastId(list)).toBe(4);
    expect(lastId([])).toBe(0);
  });

  it('closes bot choices once the visitor has written after them', () => {
    expect(choicesOpen(list, 3)).toBe(false); // the pending visitor message answers it
    expect(choicesOpen(list.slice(0, 4), 3)).toBe(true);
  });
});

describe('images', () => {
  const image = (id: number, data_url: string) => ({ id, file_type: 'image', data_url, thumb_url: data_url, content_type: 'image/png' });

  it('resolves attachment paths against the Baton server, not the host page', () => {
    const m = msg({ attachments: [image(1, '/public/attachments/abc')] });
    expect(imagesOf(m, 'https://chat.example.com/')).toEqual([
      { src: 'https://chat.example.com/public/attachments/abc', href: 'https://chat.example.com/public/attachments/abc' },
    ]);
  });

  it('keeps absolute URLs (a configured public URL) as they are', () => {
    const m = msg({ attachments: [image(1, 'https://cdn.example.org/public/attachments/x')] });
    expect(imagesOf(m, 'https://chat.example.com/')[0]!.href).toBe('https://cdn.example.org/public/attachments/x');
  });

  it('shows only images, and nothing for a message without attachments', () => {
    const pdf = { id: 2, file_type: 'file', data_url: '/f', content_type: 'application/pdf' };
    expect(imagesOf(msg({ attachments: [pdf, image(3, '/i')] }), 'https://b/')).toHaveLength(1);
    expect(imagesOf(msg({}), 'https://b/')).toEqual([]);
  });

  it('accepts PNG, JPEG, GIF and WebP files only', () => {
    expect(['image/png', 'image/jpeg', 'image/gif', 'image/webp'].every((type) => isImage({ type }))).toBe(true);
    expect(isImage({ type: 'image/svg+xml' })).toBe(false);
    expect(isImage({ type: 'application/pdf' })).toBe(false);
  });

  it('drops a refused message on request, never a sent one', () => {
    const list = [msg({ id: 4, echo_id: 'sent' }), msg({ id: -1, echo_id: 'e', failed: true, refusal: 'wrongType' })];
    expect(ids(dropUnsent(list, 'e'))).toEqual([4]);
    expect(ids(dropUnsent(list, 'sent'))).toEqual([4, -1]);
  });

  it('records why an image was refused, and clears it on a retry', () => {
    let list = [msg({ id: -1, echo_id: 'e', pending: true })];
    list = setSendState(list, 'e', 'failed', 'tooLarge');
    expect(list[0]).toMatchObject({ failed: true, refusal: 'tooLarge' });
    list = setSendState(list, 'e', 'pending');
    expect(list[0]).toMatchObject({ pending: true, refusal: undefined });
  });
});
