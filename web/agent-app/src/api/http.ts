import i18next from 'i18next';
import { csrfHeaders, readCookie, CSRF_COOKIE } from './csrf';
import type { Problem, ProblemFieldError } from './types';

/** An HTTP error carrying the server's RFC 9457 problem details. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  get fieldErrors(): ProblemFieldError[] {
    return this.problem.errors ?? [];
  }

  /** The first error message for a form field, if any. */
  fieldError(field: string): string | undefined {
    return this.fieldErrors.find((e) => e.field === field)?.message;
  }
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/** The UI's language (i18next's), so that the server's problem details (ApiError.message) read in it. */
function languageHeaders(): Record<string, string> {
  const language = i18next.resolvedLanguage ?? i18next.language;
  return language && language !== 'cimode' ? { 'Accept-Language': language } : {};
}

function currentCookies(): string {
  return typeof document === 'undefined' ? '' : document.cookie;
}

async function readProblem(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return (await response.json()) as Problem;
    } catch {
      /* fall through */
    }
  }
  return { status: response.status, title: response.statusText };
}

/**
 * fetch() wrapper for the Baton API: same-origin cookies, JSON bodies, CSRF header on
 * unsafe methods, the UI's language as Accept-Language, problem+json errors turned into {@link ApiError}.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const send = () => {
    const headers: Record<string, string> = {
      Accept: 'application/json, application/problem+json',
      ...languageHeaders(),
      ...csrfHeaders(method, currentCookies()),
    };
    // A FormData body (multipart, e.g. images) gets its Content-Type with the boundary from the browser.
    const form = typeof FormData !== 'undefined' && options.body instanceof FormData;
    if (options.body !== undefined && !form) headers['Content-Type'] = 'application/json';
    return fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : form ? (options.body as FormData) : JSON.stringify(options.body),
      signal: options.signal,
    });
  };

  const tokenBefore = readCookie(currentCookies(), CSRF_COOKIE);
  let response = await send();
  // A 403 on an unsafe request can mean the CSRF token was missing or rotated; if the
  // server has just handed us a new cookie, retry exactly once with it.
  if (response.status === 403 && method !== 'GET') {
    const tokenAfter = readCookie(currentCookies(), CSRF_COOKIE);
    if (tokenAfter && tokenAfter !== tokenBefore) response = await send();
  }

  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
