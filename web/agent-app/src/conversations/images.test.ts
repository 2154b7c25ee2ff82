import { MutationObserver, QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http';
import { messageForm } from './api';
import {
  fileSizeText,
  filesOf,
  imageAttachments,
  isFinalRefusal,
  partitionImages,
  retriesSend,
  SEND_RETRIES,
  sendErrorCode,
  sendScope,
  sendRetryDelay,
} from './images';

const file = (name: string, type: string, bytes = 3) => new File([new Uint8Array(bytes)], name, { type });

describe('partitionImages', () => {
  it('keeps PNG, JPEG, GIF and WebP and names the rest as refused', () => {
    const { images, rejected } = partitionImages([
      file('a.png', 'image/png'),
      file('b.jpg', 'image/jpeg'),
      file('c.gif', 'image/gif'),
      file('d.webp', 'image/webp'),
      file('e.svg', 'image/svg+xml'),
      file('f.pdf', 'application/pdf'),
    ]);
    expect(images.map((f) => f.name)).toEqual(['a.png', 'b.jpg', 'c.gif', 'd.webp']);
    expect(rejected.map((f) => f.name)).toEqual(['e.svg', 'f.pdf']);
  });
});

describe('filesOf', () => {
  it('takes the files of a drop', () => {
    const png = file('a.png', 'image/png');
    expect(filesOf({ files: [png] as unknown as FileList, items: [] as unknown as DataTransferItemList })).toEqual([png]);
  });

  it('takes the file items of a clipboard (a pasted screenshot) and skips its text', () => {
    const png = file('image.png', 'image/png');
    const items = [
      { kind: 'string', getAsFile: () => null },
      { kind: 'file', getAsFile: () => png },
    ] as unknown as DataTransferItemList;
    expect(filesOf({ files: [] as unknown as FileList, items })).toEqual([png]);
  });

  it('finds nothing without data', () => {
    expect(filesOf(null)).toEqual([]);
  });
});

describe('sendErrorCode', () => {
  const refusal = (status: number, problem: object) => new ApiError(status, { status, ...problem });

  it('tells a too large image by the 413 answer', () => {
    expect(sendErrorCode(refusal(413, { code: 'payload_too_large' }))).toBe('payload_too_large');
    expect(sendErrorCode(refusal(413, {}))).toBe('payload_too_large');
  });

  it('tells a wrong file type by its stable code', () => {
    const error = refusal(422, { code: 'unsupported_file_type', errors: [{ field: 'attachments', code: 'unsupported_file_type', message: 'x' }] });
    expect(sendErrorCode(error)).toBe('unsupported_file_type');
  });

  it('tells too many images by the attachments length error', () => {
    const error = refusal(422, { code: 'validation_failed', errors: [{ field: 'attachments', code: 'length', message: 'x' }] });
    expect(sendErrorCode(error)).toBe('too_many_attachments');
  });

  it('has no special text for unknown codes or network failures', () => {
    expect(sendErrorCode(refusal(422, { code: 'something_else' }))).toBeUndefined();
    expect(sendErrorCode(new TypeError('Failed to fetch'))).toBeUndefined();
  });
});

describe('isFinalRefusal', () => {
  it('offers no retry for a refusal the server would repeat', () => {
    expect(isFinalRefusal(new ApiError(413, {}))).toBe(true);
    expect(isFinalRefusal(new ApiError(422, {}))).toBe(true);
  });

  it('offers a retry for network failures, server errors and rate limits', () => {
    expect(isFinalRefusal(new TypeError('Failed to fetch'))).toBe(false);
    expect(isFinalRefusal(new ApiError(503, {}))).toBe(false);
    expect(isFinalRefusal(new ApiError(429, {}))).toBe(false);
  });
});

describe('retriesSend', () => {
  it('tries a send again by itself after a gateway error or a network failure, a few times', () => {
    expect(retriesSend(0, new ApiError(502, {}))).toBe(true);
    expect(retriesSend(SEND_RETRIES - 1, new TypeError('Failed to fetch'))).toBe(true);
    expect(retriesSend(SEND_RETRIES, new ApiError(502, {}))).toBe(false);
  });

  it('never tries a refused send again', () => {
    expect(retriesSend(0, new ApiError(422, {}))).toBe(false);
    expect(retriesSend(0, new ApiError(403, {}))).toBe(false);
  });

  it('waits longer after each failure, all the tries within ten seconds', () => {
    const delays = Array.from({ length: SEND_RETRIES }, (_, i) => sendRetryDelay(i));
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
    expect(delays.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10_000);
  });
});

describe('imageAttachments', () => {
  it('keeps images, also without file_type, and copes with a missing list', () => {
    const image = { id: 1, message_id: 2, file_type: 'image', data_url: '/a', thumb_url: '/a', file_size: 1 };
    const other = { id: 2, message_id: 2, file_type: 'file', data_url: '/b', thumb_url: '/b', file_size: 1, content_type: 'application/pdf' };
    const typed = { ...other, id: 3, file_type: 'file', content_type: 'image/png' };
    expect(imageAttachments([image, other, typed]).map((a) => a.id)).toEqual([1, 3]);
    expect(imageAttachments(undefined)).toEqual([]);
  });
});

describe('messageForm', () => {
  it('carries the text fields and every image as attachments[]', () => {
    const form = messageForm({ content: 'Look', private: true, echo_id: 'e-1', files: [file('a.png', 'image/png'), file('b.gif', 'image/gif')] });
    expect(form.get('content')).toBe('Look');
    expect(form.get('private')).toBe('true');
    expect(form.get('echo_id')).toBe('e-1');
    expect(form.getAll('attachments[]').map((f) => (f as File).name)).toEqual(['a.png', 'b.gif']);
  });
});

describe('fileSizeText', () => {
  it('rounds to a readable unit in the language', () => {
    expect(fileSizeText(512, 'en')).toBe('512 B');
    expect(fileSizeText(1536, 'en')).toBe('1.5 KB');
    expect(fileSizeText(1536, 'de')).toBe('1,5 KB');
    expect(fileSizeText(5 * 1024 * 1024, 'en')).toBe('5 MB');
  });
});

describe('sendScope', () => {
  it('sends a reply typed while an earlier one is being tried again only after it, and another conversation at once', async () => {
    const queryClient = new QueryClient();
    const sent: string[] = [];
    let firstFailures = 1;
    const options = (conversationId: number) => ({
      mutationFn: async (text: string) => {
        if (text === 'first' && firstFailures-- > 0) throw new TypeError('Failed to fetch'); // a restarting node
        sent.push(text);
        return text;
      },
      retry: retriesSend,
      retryDelay: () => 30,
      scope: sendScope(1, conversationId),
    });
    const first = new MutationObserver(queryClient, options(7)).mutate('first');
    await new Promise((resolve) => setTimeout(resolve, 5)); // the first attempt failed; its retry waits
    const second = new MutationObserver(queryClient, options(7)).mutate('second');
    const elsewhere = new MutationObserver(queryClient, options(8)).mutate('elsewhere');
    await Promise.all([first, second, elsewhere]);
    expect(sent.filter((t) => t !== 'elsewhere')).toEqual(['first', 'second']);
    expect(sent.indexOf('elsewhere')).toBeLessThan(sent.indexOf('first'));
  });
});
