import type { Contact, Conversation, Message, QueuePlace, Refusal, UserSettings } from './types';

/** An HTTP error answer (the body is RFC 9457 problem details when the server sends one). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string | undefined,
    readonly code?: string,
  ) {
    super(detail || `HTTP ${status}`);
  }
}

type Fetch = typeof fetch;

export interface InboxInfo {
  hasBot: boolean;
  locale: string | null;
}

/** Client for the public (visitor) API of one web-widget inbox. */
export class PublicApi {
  private readonly inbox: string;

  constructor(
    baseUrl: string,
    token: string,
    private readonly fetchFn: Fetch = (...args) => fetch(...args),
  ) {
    this.inbox = new URL(`public/api/v1/inboxes/${encodeURIComponent(token)}/`, baseUrl).href;
  }

  /** The inbox: whether it runs a bot (its story greets as soon as a conversation opens) and its language. */
  async inboxInfo(): Promise<InboxInfo> {
    const info = await this.call<{ has_bot?: boolean; locale?: string | null }>('GET', '', undefined, this.inbox.slice(0, -1));
    return { hasBot: info?.has_bot === true, locale: info?.locale ?? null };
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown, url?: string): Promise<T> {
    // FormData (images) gets its multipart Content-Type, with the boundary, from the browser.
    const form = body instanceof FormData;
    const response = await this.fetchFn(url ?? this.inbox + path, {
      method,
      headers: body === undefined || form ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
      credentials: 'omit',
      mode: 'cors',
    });
    if (!response.ok) {
      let detail: string | undefined;
      let code: string | undefined;
      try {
        const problem = (await response.json()) as { detail?: string; title?: string; code?: string };
        detail = problem.detail || problem.title;
        code = problem.code;
      } catch {
        /* not JSON */
      }
      throw new HttpError(response.status, detail, code);
    }
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  createContact(user: UserSettings = {}): Promise<Contact> {
    const body: Record<string, string> = {};
    for (const key of ['name', 'email', 'identifier', 'identifier_hash'] as const) {
      const value = user[key];
      if (value) body[key] = value;
    }
    return this.call('POST', 'contacts', body);
  }

  private conversations(sourceId: string): string {
    return `contacts/${encodeURIComponent(sourceId)}/conversations`;
  }

  createConversation(sourceId: string): Promise<Conversation> {
    return this.call('POST', this.conversations(sourceId), {});
  }

  listConversations(sourceId: string): Promise<Conversation[]> {
    return this.call('GET', this.conversations(sourceId));
  }

  listMessages(sourceId: string, conversationId: number): Promise<Message[]> {
    return this.call('GET', `${this.conversations(sourceId)}/${conversationId}/messages`);
  }

  /** Sends a message: JSON, or multipart with the images as `attachments[]` (content may then be empty). */
  sendMessage(sourceId: string, conversationId: number, content: string, echoId: string, files: readonly File[] = []): Promise<Message> {
    let body: unknown = { content, echo_id: echoId };
    if (files.length) {
      const form = new FormData();
      form.append('content', content);
      form.append('echo_id', echoId);
      for (const file of files) form.append('attachments[]', file, file.name || 'image');
      body = form;
    }
    return this.call('POST', `${this.conversations(sourceId)}/${conversationId}/messages`, body);
  }

  toggleTyping(sourceId: string, conversationId: number, on: boolean): Promise<void> {
    return this.call('POST', `${this.conversations(sourceId)}/${conversationId}/toggle_typing`, { typing_status: on ? 'on' : 'off' });
  }

  getConversation(sourceId: string, conversationId: number): Promise<Conversation> {
    return this.call('GET', `${this.conversations(sourceId)}/${conversationId}`);
  }

  queue(sourceId: string, conversationId: number): Promise<QueuePlace> {
    return this.call('GET', `${this.conversations(sourceId)}/${conversationId}/queue`);
  }

  /** The visitor's "talk to a person": the conversation goes to the inbox's queue. */
  askForPerson(sourceId: string, conversationId: number): Promise<unknown> {
    return this.call('POST', `${this.conversations(sourceId)}/${conversationId}/handoff`);
  }

  backToBot(sourceId: string, conversationId: number): Promise<unknown> {
    return this.call('POST', `${this.conversations(sourceId)}/${conversationId}/back_to_bot`);
  }

  updateLastSeen(sourceId: string, conversationId: number): Promise<void> {
    return this.call('POST', `${this.conversations(sourceId)}/${conversationId}/update_last_seen`);
  }
}

/** Network failures and 5xx/429 answers are worth retrying; 4xx answers are final. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof HttpError) return error.status >= 500 || error.status === 429 || error.status === 408;
  return true; // TypeError from fetch: offline, DNS, connection reset…
}

/**
 * Sends with retries (same echo_id every time, so the server stores the message once).
 * Waits 1 s, 2 s, 4 s, … between attempts; gives up after `attempts` tries.
 */
export async function withRetry<T>(
  action: () => Promise<T>,
  attempts = 6,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await action();
    } catch (error) {
      if (i + 1 >= attempts || !isRetryable(error)) throw error;
      await sleep(Math.min(15_000, 1000 * 2 ** i));
    }
  }
}

/**
 * Why the server refused a message with images for good, by its stable code, or undefined when
 * trying again may work (network, 5xx, 429) or the refusal has nothing to do with the images.
 */
export function refusalOf(error: unknown): Refusal | undefined {
  if (!(error instanceof HttpError) || isRetryable(error)) return undefined;
  if (error.status === 413) return 'tooLarge';
  if (error.code === 'unsupported_file_type') return 'wrongType';
  if (error.code === 'validation_failed') return 'tooMany';
  return undefined; // e.g. 404: the conversation is gone, and a retry starts a new one
}
