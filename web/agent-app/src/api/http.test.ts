import i18next from 'i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, request } from './http';

function answering(response: () => Response) {
  const fetchMock = vi.fn(async (_path: string, _init?: RequestInit) => response());
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function headersOf(fetchMock: ReturnType<typeof answering>, call = 0): Record<string, string> {
  return fetchMock.mock.calls[call]![1]?.headers as Record<string, string>;
}

describe('request', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("sends the UI's language as Accept-Language, so problem details come back in it", async () => {
    await i18next.init({ lng: 'de', fallbackLng: 'en', supportedLngs: ['en', 'de', 'fr', 'it'], resources: {} });
    const fetchMock = answering(() => new Response('{"id":1}', { status: 200, headers: { 'Content-Type': 'application/json' } }));

    await request('/api/v1/profile');
    expect(headersOf(fetchMock)['Accept-Language']).toBe('de');

    await i18next.changeLanguage('it');
    await request('/api/v1/profile');
    expect(headersOf(fetchMock, 1)['Accept-Language']).toBe('it');
  });

  it("turns a problem into an ApiError whose message is the server's detail", async () => {
    await i18next.changeLanguage('fr');
    answering(
      () =>
        new Response(JSON.stringify({ status: 409, title: 'Conflict', code: 'already_member', detail: 'Cette personne est déjà membre du compte' }), {
        status: 409,
        headers: { 'Content-Type': 'application/problem+json' },
      }),
    );

    const error = await request('/api/v1/accounts/1/agents', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe('Cette personne est déjà membre du compte');
    expect((error as ApiError).problem.code).toBe('already_member');
  });
});
