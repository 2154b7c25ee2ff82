import { describe, expect, it } from 'vitest';
import { HttpError, PublicApi, keepFirstSuccess, refusalOf } from './api';

function recordingFetch(answer: unknown = { id: 9 }) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { calls, fetchFn };
}

describe('PublicApi.sendMessage', () => {
  it('sends text as JSON', async () => {
    const { calls, fetchFn } = recordingFetch();
    await new PublicApi('https://chat.example.com/', 'tok', fetchFn).sendMessage('src', 4, 'Hello', 'e-1');
    expect(calls[0]!.url).toBe('https://chat.example.com/public/api/v1/inboxes/tok/contacts/src/conversations/4/messages');
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ content: 'Hello', echo_id: 'e-1' });
    expect((calls[0]!.init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('sends images as multipart attachments[], leaving the Content-Type (with its boundary) to the browser', async () => {
    const { calls, fetchFn } = recordingFetch();
    const png = new File([new Uint8Array([137, 80, 78, 71])], 'shot.png', { type: 'image/png' });
    await new PublicApi('https://chat.example.com/', 'tok', fetchFn).sendMessage('src', 4, '', 'e-2', [png]);
    const body = calls[0]!.init.body as FormData;
    expect(body).toBeInstanceOf(FormData);
    expect(body.get('content')).toBe('');
    expect(body.get('echo_id')).toBe('e-2');
    expect((body.getAll('attachments[]') as File[]).map((f) => f.name)).toEqual(['shot.png']);
    expect((calls[0]!.init.headers as Record<string, string>)['Content-Type']).toBeUndefined();
  });
});

describe('PublicApi language', () => {
  it("sends the widget's language as Accept-Language, so that refusals are explained in it", async () => {
    const { calls, fetchFn } = recordingFetch();
    await new PublicApi('https://chat.example.com/', 'tok', fetchFn, 'fr').sendMessage('src', 4, 'Bonjour', 'e-3');
    expect((calls[0]!.init.headers as Record<string, string>)['Accept-Language']).toBe('fr');
  });

  it('sends none before the widget knows its language', async () => {
    const { calls, fetchFn } = recordingFetch({ has_bot: true, locale: 'de' });
    await new PublicApi('https://chat.example.com/', 'tok', fetchFn).inboxInfo();
    expect((calls[0]!.init.headers as Record<string, string>)['Accept-Language']).toBeUndefined();
  });
});

describe('PublicApi.submitForm', () => {
  it("PATCHes the form message with Chatwoot's submitted_values", async () => {
    const { calls, fetchFn } = recordingFetch();
    await new PublicApi('https://chat.example.com/', 'tok', fetchFn).submitForm('src', 4, 31, [{ name: 'email', title: 'Email', value: 'a@b.c' }]);
    expect(calls[0]!.init.method).toBe('PATCH');
    expect(calls[0]!.url).toBe('https://chat.example.com/public/api/v1/inboxes/tok/contacts/src/conversations/4/messages/31');
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ submitted_values: [{ name: 'email', title: 'Email', value: 'a@b.c' }] });
  });
});

describe('refusalOf', () => {
  it('names refusals that a retry would get again, by status and stable code', () => {
    expect(refusalOf(new HttpError(413, 'too large', 'payload_too_large'))).toBe('tooLarge');
    expect(refusalOf(new HttpError(422, 'no', 'unsupported_file_type'))).toBe('wrongType');
    expect(refusalOf(new HttpError(422, 'no', 'validation_failed'))).toBe('tooMany');
  });

  it('leaves network failures, server errors and a gone conversation retryable', () => {
    expect(refusalOf(new TypeError('Failed to fetch'))).toBeUndefined();
    expect(refusalOf(new HttpError(503, undefined))).toBeUndefined();
    expect(refusalOf(new HttpError(404, 'gone', 'not_found'))).toBeUndefined();
  });
});

describe('PublicApi pages', () => {
  it('opens a conversation on the visitor page and tells later pages', async () => {
    const { calls, fetchFn } = recordingFetch();
    const api = new PublicApi('https://chat.example.com/', 'tok', fetchFn);
    await api.createConversation('src', { page_url: 'https://shop.example/help', referrer: 'https://search.example/' });
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ page_url: 'https://shop.example/help', referrer: 'https://search.example/' });
    await api.pageView('src', 4, { page_url: 'https://shop.example/pricing' });
    expect(calls[1]!.url).toBe('https://chat.example.com/public/api/v1/inboxes/tok/contacts/src/conversations/4/page_view');
    expect(JSON.parse(calls[1]!.init.body as string)).toEqual({ page_url: 'https://shop.example/pricing' });
  });

  it("opens a conversation in the widget's language, which the story speaks", async () => {
    const { calls, fetchFn } = recordingFetch();
    const api = new PublicApi('https://chat.example.com/', 'tok', fetchFn);
    await api.createConversation('src', { page_url: 'https://shop.example/' }, 'de');
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ page_url: 'https://shop.example/', language: 'de' });
  });
});

describe('keepFirstSuccess', () => {
  it('asks again after a failure and keeps the first answer', async () => {
    const answers: (() => Promise<boolean>)[] = [
      () => Promise.reject(new HttpError(429, 'rate_limited')),
      () => Promise.resolve(true),
      () => Promise.resolve(false),
    ];
    let asked = 0;
    const hasBot = keepFirstSuccess(() => answers[asked++]!());
    await expect(hasBot()).rejects.toBeInstanceOf(HttpError);
    expect(await hasBot()).toBe(true);
    expect(await hasBot()).toBe(true);
    expect(asked).toBe(2);
  });

  it('asks once while a first question is still open', async () => {
    let asked = 0;
    const hasBot = keepFirstSuccess(async () => ++asked);
    const [a, b] = await Promise.all([hasBot(), hasBot()]);
    expect([a, b, asked]).toEqual([1, 1, 1]);
  });
});
