import type { Submitted } from './rich';
import type { PageView } from './page';
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
  /** The inbox's appearance (settings of its admin page); null where the admin left the default. */
  look: Look;
}

/** What the inbox's admin set for the widget: accent colour (#rrggbb), heading and the line under it. */
export interface Look {
  color: string | null;
  title: string | null;
  tagline: string | null;
}

/** The answer to "Talk to a person": done at once with reason closed outside business hours. */
export interface HandoffAnswer {
  state?: string;
  outcome?: string;
  reason?: string;
  open?: boolean;
  opens_at?: string | null;
}

/** Client for the public (visitor) API of one web-widget inbox. */
export class PublicApi {
  private readonly inbox: string;

  /** {@code language}: the widget's, sent as Accept-Language so that the server's problem details speak it. */
  constructor(
    baseUrl: string,
    token: string,
    private readonly fetchFn: Fetch = (...args) => fetch(...args),
    private readonly language?: string,
  ) {
    this.inbox = new URL(`public/api/v1/inboxes/${encodeURIComponent(token)}/`, baseUrl).href;
  }

  /** The inbox: whether it runs a bot (its story greets as soon as a conversation opens) and its language. */
  async inboxInfo(): Promise<InboxInfo> {
    const info = await this.call<{
      has_bot?: boolean;
      locale?: string | null;
      widget_color?: string | null;
      welcome_title?: string | null;
      welcome_tagline?: string | null;
    }>('GET', '', undefined, this.inbox.slice(0, -1));
    return {
      hasBot: info?.has_bot === true,
      locale: info?.locale ?? null,
      look: { color: info?.widget_color || null, title: info?.welcome_title?.trim() || null, tagline: info?.welcome_tagline?.trim() || null },
    };
  }

  private async call<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown, url?: string): Promise<T> {
    // FormData (images) gets its multipart Content-Type, with the boundary, from the browser.
    const form = body instanceof FormData;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
    if (this.language) headers['Accept-Language'] = this.language; // CORS-safelisted: no preflight
    const response = await this.fetchFn(url ?? this.inbox + path, {
      method,
      headers,
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

  createContact(user: UserSettings = {}, customAttributes?: Record<string, unknown>): Promise<Contact> {
    const body: Record<string, unknown> = {};
    for (const key of ['name', 'email', 'identifier', 'identifier_hash'] as const) {
      const value = user[key];
      if (value) body[key] = value;
    }
    if (customAttributes) body.custom_attributes = customAttributes;
    return this.call('POST', 'contacts', body);
  }

  setCustomAttributes(sourceId: string, customAttributes: Record<string, unknown>): Promise<Contact> {
    return this.call('PATCH', `contacts/${encodeURIComponent(sourceId)}`, { custom_attributes: customAttributes });
  }

  /** A follow-up mail's link (docs/workspace.md#follow-up): the visitor and conversation it reopens. */
  resume(token: string): Promise<{ source_id: string; pubsub_token: string; conversation_id: number }> {
    return this.call('POST', 'follow_up/resume', { token });
  }

  /** Tells the server who the visitor of an existing session is (Chatwoot's setUser); its history joins theirs. */
  identify(sourceId: string, user: UserSettings): Promise<Contact> {
    const body: Record<string, string> = {};
    for (const key of ['name', 'email', 'identifier', 'identifier_hash'] as const) {
      const value = user[key];
      if (value) body[key] = value;
    }
    return this.call('PATCH', `contacts/${encodeURIComponent(sourceId)}`, body);
  }

  private conversations(sourceId: string): string {
    return `contacts/${encodeURIComponent(sourceId)}/conversations`;
  }

  /**
   * Opens a conversation on the page the visitor is on (page rules route by it), in the widget's language (the
   * inbox's story speaks it).
   */
  createConversation(sourceId: string, page?: PageView, language?: string): Promise<Conversation> {
    return this.call('POST', this.conversations(sourceId), { ...page, ...(language ? { language } : {}) });
  }

  /** The visitor is on another page now. */
  pageView(sourceId: string, conversationId: number, page: PageView): Promise<void> {
    return this.call('POST', `${this.conversations(sourceId)}/${conversationId}/page_view`, page);
  }

  listConversations(sourceId: string): Promise<Conversation[]> {
    return this.call('GET', this.conversations(sourceId));
  }

  listMessages(sourceId: string, conversationId: number): Promise<Message[]> {
    return this.call('GET', `${this.conversations(sourceId)}/${conversationId}/messages`);
  }

  /** Sends a message: JSON, or multipart with the images as `attachments[]` (content may then be empty). */
  sendMessage(
    sourceId: string,
    conversationId: number,
    content: string,
    echoId: string,
    files: readonly File[] = [],
    attributes: Record<string, unknown> = {},
  ): Promise<Message> {
    let body: unknown = Object.keys(attributes).length ? { content, echo_id: echoId, content_attributes: attributes } : { content, echo_id: echoId };
    if (files.length) {
      const form = new FormData();
      form.append('content', content);
      form.append('echo_id', echoId);
      for (const file of files) form.append('attachments[]', file, file.name || 'image');
      body = form;
    }
    return this.call('POST', `${this.conversations(sourceId)}/${conversationId}/messages`, body);
  }

  /** Chatwoot's "Update a message": the visitor's answer to a bot's form, as its content_attributes.submitted_values. */
  submitForm(sourceId: string, conversationId: number, messageId: number, submitted: readonly Submitted[]): Promise<Message> {
    return this.call('PATCH', `${this.conversations(sourceId)}/${conversationId}/messages/${messageId}`, { submitted_values: submitted });
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

  /** The visitor's "talk to a person": the conversation goes to the inbox's queue (outside business hours: reason closed). */
  askForPerson(sourceId: string, conversationId: number): Promise<HandoffAnswer> {
    return this.call('POST', `${this.conversations(sourceId)}/${conversationId}/handoff`);
  }

  /** Whether the queue "Talk to a person" reaches is open now, and if not when it opens. */
  businessHours(): Promise<{ open?: boolean; opens_at?: string | null }> {
    return this.call('GET', 'business_hours');
  }

  backToBot(sourceId: string, conversationId: number): Promise<unknown> {
    return this.call('POST', `${this.conversations(sourceId)}/${conversationId}/back_to_bot`);
  }

  /** Chatwoot's widget event `webwidget.triggered`: the visitor opened the chat (webhooks send webwidget_triggered). */
  opened(sourceId: string, eventInfo: Record<string, unknown>): Promise<void> {
    return this.call('POST', `contacts/${encodeURIComponent(sourceId)}/events`, { name: 'webwidget.triggered', event_info: eventInfo });
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
 * The answer of `load`, asked for on first use and kept once it succeeded; a failure is not kept, so the next
 * use asks again (a 429 or a lost connection must not decide for the rest of the page view).
 */
export function keepFirstSuccess<T>(load: () => Promise<T>): () => Promise<T> {
  let kept: Promise<T> | undefined;
  return () => {
    kept ??= load().catch((error: unknown) => {
      kept = undefined;
      throw error;
    });
    return kept;
  };
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
