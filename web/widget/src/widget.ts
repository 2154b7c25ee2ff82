import { HttpError, PublicApi, keepFirstSuccess, refusalOf, withRetry, type Look } from './api';
import type { Submitted } from './rich';
import { socketUrl, type WidgetConfig } from './config';
import { canGoBackToBot, handoverLine, initialHandover, withConversation, withQueue, type Handover } from './handover';
import { closedLine, hoursFrom, type Hours } from './hours';
import type { Texts } from './i18n';
import { countUnread, dropUnsent, lastId, mergeMessages, setSendState } from './messages';
import { currentPage, resumeToken, watchNavigation, type PageView } from './page';
import { EventSocket, mustReload } from './socket';
import { anonymousToIdentify, loadSession, saveSession, sessionFor, type Session } from './store';
import type { Conversation, Message, QueuePlace, Sender, ServerEvent, UserSettings } from './types';
import { View } from './ui';
import { uuid } from './uuid';

const TYPING_IDLE_MS = 2500;
const TYPING_TTL_MS = 30_000;

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** Ties API, socket, storage and view together for one embed. */
export class Widget {
  private readonly api: PublicApi;
  private readonly view: View;
  private session: Session | undefined;
  private socket: EventSocket | undefined;
  private messages: Message[] = [];
  private open = false;
  private connected = true;
  private resolved = false;
  private typingSender: Sender | undefined;
  private typingExpiry: ReturnType<typeof setTimeout> | undefined;
  private ownTyping = false;
  private ownTypingTimer: ReturnType<typeof setTimeout> | undefined;
  private starting: Promise<Session & { conversation_id: number }> | undefined;
  private handover: Handover = initialHandover;
  /** false once the server said this inbox has no bot to go back to. */
  private botAvailable = true;
  private goingBack = false;
  private askingForPerson = false;
  private loadingHandover = false;
  /** The business hours of the queue "Talk to a person" reaches (undefined until asked). */
  private hours: Hours | undefined;
  /** The page last told to the server for the current conversation. */
  private reportedPage: string | undefined;

  constructor(
    private readonly config: WidgetConfig,
    private readonly texts: Texts,
    host: HTMLElement,
    private readonly locale: string = 'en',
  ) {
    this.api = new PublicApi(config.baseUrl, config.token, undefined, locale);
    this.view = new View(host, texts, {
      toggle: (open) => this.setOpen(open),
      send: (text, files) => void this.send(text, files),
      submit: (message, submitted) => void this.submitForm(message, submitted),
      retry: (m) => void this.deliver(m),
      discard: (m) => this.setMessages(dropUnsent(this.messages, m.echo_id!)),
      typing: () => this.typed(),
      backToBot: () => void this.backToBot(),
      talkToPerson: () => void this.talkToPerson(),
    }, config.baseUrl);
    const stored = loadSession(storage(), config.token);
    this.session = sessionFor(stored, config.settings.user?.identifier);
    if (!this.session) {
      // A visitor who chatted anonymously and has now signed in: their anonymous history joins their contact,
      // while the widget starts a fresh session for the signed-in user.
      const anonymous = anonymousToIdentify(stored, config.settings.user);
      if (anonymous) this.api.identify(anonymous.source_id, config.settings.user!).catch(() => undefined);
      saveSession(storage(), config.token, undefined);
    }
  }

  /** The inbox's colour, heading and tagline. */
  setLook(look: Look): void {
    this.view.setLook(look);
  }

  start(): void {
    this.render();
    const resume = resumeToken(location.hash);
    if (resume) void this.resume(resume);
    else this.goOn();
    watchNavigation((href, previous) => this.tellPage({ page_url: href, referrer: previous }));
    window.addEventListener('offline', () => this.socket?.lost());
    window.addEventListener('online', () => this.socket?.wake());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.socket?.wake();
    });
  }

  /** The stored conversation, if any, goes on: its socket, its messages, the page the visitor is on. */
  private goOn(): void {
    if (!this.session?.conversation_id) return;
    this.connect();
    void this.refresh();
    this.tellPage(currentPage());
  }

  /**
   * Opened from a follow-up mail's link: that conversation goes on here, open. The token leaves the address at once
   * (it is not the site's); a link that has expired or is not valid starts the widget as usual.
   */
  private async resume(token: string): Promise<void> {
    history.replaceState(history.state, '', location.href.replace(/#.*$/, ''));
    try {
      const resumed = await this.api.resume(token);
      this.session = { source_id: resumed.source_id, pubsub_token: resumed.pubsub_token, conversation_id: resumed.conversation_id };
      saveSession(storage(), this.config.token, this.session);
    } catch {
      // the stored session, if any, stays
    }
    this.goOn();
    if (this.session?.conversation_id) this.setOpen(true);
  }

  // ---------- state ----------

  private render(): void {
    this.view.render({
      open: this.open,
      messages: this.messages,
      unread: this.open ? 0 : countUnread(this.messages, this.session?.last_seen_id ?? 0),
      typing: this.typingSender?.name,
      connected: this.connected || !this.session?.conversation_id,
      resolved: this.resolved,
      handover: this.resolved ? '' : this.closedNotice() || handoverLine(this.texts, this.handover, this.locale),
      agent: !this.resolved && this.handover.owner === 'agent' ? this.handover.agent : null,
      backToBot: !this.resolved && this.botAvailable && !this.goingBack && canGoBackToBot(this.handover),
      talkToPerson: !this.resolved && !!this.session?.conversation_id && !this.askingForPerson && this.handover.owner === 'bot',
    });
  }

  /**
   * "We are closed. Back on …" while people would have the conversation: the visitor may ask for one ("Talk to a
   * person" shows) or the queue has it. Never while an agent has it.
   */
  private closedNotice(): string {
    const peopleNext = this.handover.owner === 'queue' || (this.handover.owner === 'bot' && !!this.session?.conversation_id);
    return peopleNext ? closedLine(this.texts, this.locale, this.hours, new Date()) : '';
  }

  private setHandover(next: Handover): void {
    this.handover = next;
    this.render();
  }

  private setMessages(messages: Message[]): void {
    this.messages = messages;
    if (this.open) this.markSeen();
    this.render();
  }

  private persist(): void {
    saveSession(storage(), this.config.token, this.session);
  }

  // ---------- the page's API (window.$baton; Chatwoot's $chatwoot through /packs/js/sdk.js) ----------

  /** Opens or closes the chat window; without a state, the other way round. */
  toggle(state?: 'open' | 'close'): void {
    this.setOpen(state === undefined ? !this.open : state === 'open');
  }

  /**
   * The site tells who the visitor is (Chatwoot's setUser). Before there is a contact, it is made with these
   * fields; an anonymous visitor's contact is identified (the server merges it into a known one when the
   * identifier is proven); another signed-in person starts afresh, never seeing the previous one's chat.
   */
  setUser(identifier: string, user: Omit<UserSettings, 'identifier'> = {}): Promise<void> {
    const next: UserSettings = { ...user, identifier: String(identifier) };
    this.config.settings.user = next;
    const session = this.session;
    if (!session) return Promise.resolve();
    if (session.identifier && session.identifier !== next.identifier) {
      this.session = undefined;
      this.persist();
      this.setMessages([]);
      return Promise.resolve();
    }
    return this.api.identify(session.source_id, next).then(() => {
      this.session = { ...session, identifier: next.identifier };
      this.persist();
    });
  }

  /** Custom attributes of the contact (Chatwoot's setCustomAttributes). */
  setCustomAttributes(attributes: Record<string, unknown>): Promise<void> {
    this.config.settings.customAttributes = { ...this.config.settings.customAttributes, ...attributes };
    const session = this.session;
    if (!session) return Promise.resolve();
    return this.api.setCustomAttributes(session.source_id, attributes).then(() => undefined);
  }

  private setOpen(open: boolean): void {
    if (open === this.open) return;
    this.open = open;
    if (open) this.markSeen();
    else this.stopTyping();
    this.render();
    // With a bot, opening the chat starts the conversation so that the bot greets first; otherwise nothing is
    // created before the visitor writes.
    if (open && !this.session?.conversation_id) {
      void this.botInbox()
        .catch(() => false)
        .then((bot) => (bot && this.open ? this.ensureConversation() : undefined))
        .then(() => this.signalOpened())
        .catch(() => undefined);
    } else if (open) {
      this.signalOpened();
    }
  }

  /**
   * Tells the server the chat was opened, once a visitor exists (a returning one, or after a bot inbox started
   * the conversation): webhooks send it as webwidget_triggered. Nothing is created just for this signal.
   */
  private signalOpened(): void {
    const session = this.session;
    if (!session) return;
    this.api
      .opened(session.source_id, {
        referer_url: window.location.href,
        initiated_at: { timestamp: new Date().toString() },
        widget_language: this.locale,
      })
      .catch(() => undefined);
  }

  /** Whether the inbox runs a bot: retried a few times, kept once known, asked again on the next opening if not. */
  private readonly botInbox = keepFirstSuccess(() => withRetry(() => this.api.inboxInfo(), 3).then((i) => i.hasBot));

  /** Records what the visitor has seen: locally for the badge, on the server for the agent. */
  private markSeen(): void {
    const session = this.session;
    const newest = lastId(this.messages);
    if (!session?.conversation_id || newest <= (session.last_seen_id ?? 0)) return;
    session.last_seen_id = newest;
    this.persist();
    this.api.updateLastSeen(session.source_id, session.conversation_id).catch(() => undefined);
  }

  // ---------- conversation lifecycle ----------

  /** The contact and conversation, created on first use (not on every page view). */
  private ensureConversation(): Promise<Session & { conversation_id: number }> {
    const session = this.session;
    if (session?.conversation_id) return Promise.resolve(session as Session & { conversation_id: number });
    this.starting ??= (async () => {
      try {
        let current = this.session;
        if (!current) {
          const user = this.config.settings.user;
          const contact = await withRetry(() => this.api.createContact(user, this.config.settings.customAttributes));
          current = { source_id: contact.source_id, pubsub_token: contact.pubsub_token, identifier: user?.identifier };
        }
        const page = currentPage();
        const conversation = await withRetry(() => this.api.createConversation(current!.source_id, page, this.locale));
        this.reportedPage = page.page_url;
        this.session = { ...current, conversation_id: conversation.id };
        this.persist();
        this.resolved = conversation.status === 'resolved';
        this.handover = withConversation(initialHandover, conversation);
        this.setMessages(mergeMessages(this.messages, conversation.messages ?? []));
        this.connect();
        return this.session as Session & { conversation_id: number };
      } finally {
        this.starting = undefined;
      }
    })();
    return this.starting;
  }

  /** Tells the server where the visitor is now, once per page, when there is a conversation (page rules route by it). */
  private tellPage(page: PageView): void {
    const session = this.session;
    if (!session?.conversation_id || page.page_url === this.reportedPage) return;
    this.reportedPage = page.page_url;
    this.api.pageView(session.source_id, session.conversation_id, page).catch(() => undefined);
  }

  /** Forgets a session the server no longer knows (e.g. deleted contact); the next message starts over. */
  private forget(): void {
    this.socket?.stop();
    this.socket = undefined;
    this.session = undefined;
    this.handover = initialHandover;
    this.persist();
    this.messages = this.messages.filter((m) => m.pending || m.failed);
    this.render();
  }

  /** Loads the conversation's messages and merges them in (nothing shows twice). */
  private async refresh(): Promise<void> {
    const session = this.session;
    if (!session?.conversation_id) return;
    try {
      const messages = await this.api.listMessages(session.source_id, session.conversation_id);
      for (const m of messages) this.socket?.seqs.observe(m.conversation_id, m.seq);
      this.setMessages(mergeMessages(this.messages, messages));
    } catch (error) {
      if (error instanceof HttpError && (error.status === 404 || error.status === 401 || error.status === 403)) this.forget();
      return;
    }
    void this.refreshHandover();
  }

  /** Who has the conversation and, while it waits, its queue place (queue events are not replayed). */
  private async refreshHandover(): Promise<void> {
    const session = this.session;
    if (!session?.conversation_id || this.loadingHandover) return;
    this.loadingHandover = true;
    try {
      const conversation = await this.api.getConversation(session.source_id, session.conversation_id);
      this.resolved = conversation.status === 'resolved';
      let next = withConversation(this.handover, conversation);
      if (next.owner === 'bot' || next.owner === 'queue') {
        this.hours = hoursFrom(await this.api.businessHours().catch(() => undefined)) ?? this.hours;
      }
      if (next.owner === 'queue') {
        const place: QueuePlace = await this.api.queue(session.source_id, session.conversation_id);
        next = withQueue(next, place);
      }
      this.setHandover(next);
    } catch {
      /* the line is a hint; the next event corrects it */
    } finally {
      this.loadingHandover = false;
    }
  }

  private async talkToPerson(): Promise<void> {
    const session = this.session;
    if (!session?.conversation_id || this.askingForPerson) return;
    this.askingForPerson = true;
    this.render();
    try {
      const answer = await this.api.askForPerson(session.source_id, session.conversation_id);
      if (answer?.reason === 'closed') {
        // Outside business hours it ended at once: the bot still has the conversation; the bar says when people are back.
        this.hours = hoursFrom(answer);
      } else if (this.handover.owner === 'bot') {
        // Unless an event already told of what came next (an agent may accept before this answer arrives).
        this.setHandover({ owner: 'queue', agent: null });
      }
    } catch {
      /* already waiting or with a person: the events say so */
    } finally {
      this.askingForPerson = false;
      this.render();
    }
  }

  private async backToBot(): Promise<void> {
    const session = this.session;
    if (!session?.conversation_id || this.goingBack) return;
    this.goingBack = true;
    this.render();
    try {
      await this.api.backToBot(session.source_id, session.conversation_id);
      this.handover = { owner: 'bot', agent: null };
    } catch (error) {
      if (error instanceof HttpError && error.code === 'no_bot') this.botAvailable = false;
    } finally {
      this.goingBack = false;
      this.render();
    }
  }

  private connect(): void {
    const session = this.session;
    if (this.socket || !session?.conversation_id) return;
    this.socket = new EventSocket({
      url: socketUrl(this.config.baseUrl, session.pubsub_token),
      onEvent: (event) => this.onEvent(event),
      onStatus: (connected, reconnected) => {
        this.connected = connected;
        // The resume message replays what the server kept; the refetch also covers a
        // replay window that has expired. Merging by id/echo_id keeps it free of doubles.
        if (reconnected) void this.refresh();
        this.render();
      },
    });
    for (const m of this.messages) this.socket.seqs.observe(m.conversation_id, m.seq);
    // Always resume the visitor's conversation, from its start if nothing is known yet: what the bot wrote
    // between opening the conversation and the socket's connection is then replayed, not lost.
    if (session.conversation_id) this.socket.seqs.observe(session.conversation_id, 0);
    this.socket.start();
  }

  private onEvent(event: ServerEvent): void {
    const id = this.session?.conversation_id;
    if (event.conversation_id != null && event.conversation_id !== id) return;
    switch (event.type) {
      case 'message.created':
      case 'message.updated': {
        const message = event.data as Message;
        if (message.message_type !== 0 && this.typingSender && message.sender?.id === this.typingSender.id) this.setTyping(undefined);
        this.setMessages(mergeMessages(this.messages, [message]));
        break;
      }
      case 'conversation.created':
      case 'conversation.updated': {
        const conversation = event.data as Conversation;
        this.resolved = conversation.status === 'resolved';
        this.setHandover(withConversation(this.handover, conversation));
        break;
      }
      case 'resumed':
        // Missed more than the server could replay: read the messages again (which reads the place too).
        if (mustReload(event, id ?? undefined)) void this.refresh();
        // Queue events are not replayed: read the current place again.
        else void this.refreshHandover();
        break;
      case 'queue.position': {
        this.setHandover(withQueue(this.handover, event.data as QueuePlace));
        break;
      }
      case 'conversation.typing_on':
      case 'conversation.typing_off': {
        const sender = (event.data as { sender?: Sender } | null)?.sender;
        if (sender && sender.type !== 'contact') this.setTyping(event.type === 'conversation.typing_on' ? sender : undefined);
        break;
      }
    }
  }

  private setTyping(sender: Sender | undefined): void {
    clearTimeout(this.typingExpiry);
    this.typingSender = sender;
    if (sender) this.typingExpiry = setTimeout(() => this.setTyping(undefined), TYPING_TTL_MS);
    this.render();
  }

  // ---------- sending ----------

  private async send(text: string, files: File[] = []): Promise<void> {
    const message: Message = {
      id: -Date.now(),
      content: text || null,
      files: files.length ? files : undefined,
      message_type: 0,
      content_type: 'text',
      content_attributes: {},
      created_at: Date.now() / 1000,
      conversation_id: this.session?.conversation_id ?? 0,
      sender: null,
      seq: null,
      echo_id: uuid(),
      pending: true,
    };
    this.resolved = false;
    this.setMessages(mergeMessages(this.messages, [message]));
    this.stopTyping();
    await this.deliver(message);
  }

  /** Answers a bot's form (the bot hears message_updated); the form then shows the answers, read-only. */
  private async submitForm(message: Message, submitted: Submitted[]): Promise<void> {
    const session = this.session;
    const conversationId = session?.conversation_id;
    if (!session || !conversationId) return;
    try {
      const saved = await withRetry(() => this.api.submitForm(session.source_id, conversationId, message.id, submitted));
      this.setMessages(mergeMessages(this.messages, [saved]));
    } catch {
      // The form stays open; the visitor can send it again.
    }
  }

  /** POSTs a message, retrying network failures with the same echo_id so it is stored once. */
  private async deliver(message: Message): Promise<void> {
    const echoId = message.echo_id!;
    this.setMessages(setSendState(this.messages, echoId, 'pending'));
    try {
      const session = await this.ensureConversation();
      const saved = await withRetry(() =>
        this.api.sendMessage(session.source_id, session.conversation_id, message.content ?? '', echoId, message.files),
      );
      this.setMessages(mergeMessages(this.messages, [saved]));
    } catch (error) {
      if (error instanceof HttpError && (error.status === 404 || error.code === 'identity_verification_failed')) this.forget();
      this.setMessages(setSendState(this.messages, echoId, 'failed', message.files?.length ? refusalOf(error) : undefined));
    }
  }

  private typed(): void {
    const session = this.session;
    if (!session?.conversation_id) return;
    if (!this.ownTyping) {
      this.ownTyping = true;
      this.api.toggleTyping(session.source_id, session.conversation_id, true).catch(() => undefined);
    }
    clearTimeout(this.ownTypingTimer);
    this.ownTypingTimer = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  private stopTyping(): void {
    clearTimeout(this.ownTypingTimer);
    const session = this.session;
    if (!this.ownTyping || !session?.conversation_id) return;
    this.ownTyping = false;
    this.api.toggleTyping(session.source_id, session.conversation_id, false).catch(() => undefined);
  }
}

