import { activityText } from './activity';
import type { Look } from './api';
import { initialsOf } from './handover';
import { accentOf } from './look';
import { format, type Texts } from './i18n';
import { choicesOpen, imagesOf, isImage, IMAGE_TYPES } from './messages';
import { articlesOf, cardsOf, formAnswer, formOf, inputType, postbackText, safeUrl, submittedOf, type Submitted } from './rich';
import css from './styles.css?inline';
import type { Agent, Message } from './types';

export interface ViewState {
  open: boolean;
  messages: readonly Message[];
  unread: number;
  typing: string | undefined;
  /** false while the socket is down for a conversation that exists. */
  connected: boolean;
  resolved: boolean;
  /** Queue place or "Anna joined"; empty for none. */
  handover: string;
  /** The agent who has the conversation, shown with their avatar (or initials) in the bar. */
  agent: Agent | null;
  /** Show "Back to the bot". */
  backToBot: boolean;
  /** Show "Talk to a person" (the bot has the conversation). */
  talkToPerson: boolean;
}

export interface ViewHandlers {
  toggle(open: boolean): void;
  /** Text and images (either may be empty, not both). */
  send(text: string, files?: File[]): void;
  /** The visitor's answer to a bot's form: Chatwoot's content_attributes.submitted_values. */
  submit(form: Message, submitted: Submitted[]): void;
  retry(message: Message): void;
  /** Removes a message the server refused for good. */
  discard(message: Message): void;
  typing(): void;
  backToBot(): void;
  talkToPerson(): void;
}

type Child = Node | string | null | undefined | false;

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === true) el.setAttribute(name, '');
    else if (value !== undefined && value !== false) el.setAttribute(name, value);
  }
  for (const child of children) if (child) el.append(child);
  return el;
}

function svg(path: string): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const el = document.createElementNS(ns, 'svg');
  el.setAttribute('viewBox', '0 0 24 24');
  el.setAttribute('aria-hidden', 'true');
  const p = document.createElementNS(ns, 'path');
  p.setAttribute('d', path);
  el.append(p);
  return el;
}

const ICON_CHAT = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2zm3 6v2h2v-2H7zm4 0v2h2v-2h-2zm4 0v2h2v-2h-2z';
const ICON_CLOSE = 'M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z';
const ICON_SEND = 'M3 20.5 21 12 3 3.5v6.6l12 1.9-12 1.9z';
const ICON_IMAGE =
  'M5 4h14a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm0 2v9.6l3.3-3.3a1 1 0 0 1 1.4 0l2.3 2.3 4.3-4.3a1 1 0 0 1 1.4 0L19 11.6V6H5zm3.5 1.5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3z';

// Object URLs of files shown from memory (previews, unconfirmed messages). The list is redrawn on
// every change, so each file keeps one URL; a visitor sends few images, freed with the page.
const localUrls = new WeakMap<File, string>();
function localUrl(file: File): string {
  let url = localUrls.get(file);
  if (!url) localUrls.set(file, (url = URL.createObjectURL(file)));
  return url;
}

/** The widget's DOM, inside a closed shadow root so the host page's CSS cannot reach it. */
export class View {
  private readonly launcher: HTMLButtonElement;
  private readonly badge: HTMLSpanElement;
  private readonly panel: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly status: HTMLDivElement;
  private readonly bar: HTMLDivElement;
  private readonly barText: HTMLSpanElement;
  private readonly avatar: HTMLSpanElement;
  private shownAgent: string | undefined;
  private readonly backButton: HTMLButtonElement;
  private readonly personButton: HTMLButtonElement;
  private readonly typingLine: HTMLDivElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly tray: HTMLUListElement;
  private files: File[] = [];
  private rendered: readonly Message[] | undefined;
  private renderedResolved = false;
  private wasOpen = false;
  /**
   * The list follows new content while the visitor is at its end. Only the visitor's own scrolling changes
   * this: content that grows later (an image that loads, the image tray or a longer input that shrinks the
   * list) keeps the list at its end.
   */
  private pinned = true;
  private readonly title: HTMLHeadingElement;
  private readonly subtitle: HTMLParagraphElement;

  constructor(
    private readonly host: HTMLElement,
    private readonly t: Texts,
    private readonly on: ViewHandlers,
    /** The Baton server, for image URLs that are paths on it. */
    private readonly baseUrl: string = location.href,
  ) {
    const root = host.attachShadow({ mode: 'open' });
    const style = h('style');
    style.textContent = css;

    const panelId = 'baton-panel';
    this.badge = h('span', { class: 'badge', hidden: true, 'aria-hidden': 'true' });
    this.launcher = h(
      'button',
      { type: 'button', class: 'launcher', 'aria-label': t.open, 'aria-expanded': 'false', 'aria-controls': panelId },
      svg(ICON_CHAT),
      this.badge,
    );
    this.launcher.addEventListener('click', () => this.on.toggle(this.launcher.getAttribute('aria-expanded') !== 'true'));

    const close = h('button', { type: 'button', class: 'close', 'aria-label': t.close }, svg(ICON_CLOSE));
    close.addEventListener('click', () => this.on.toggle(false));

    this.status = h('div', { class: 'status', role: 'status', hidden: true }, t.reconnecting);
    this.barText = h('span', { role: 'status' });
    this.backButton = h('button', { type: 'button', class: 'back', hidden: true }, t.backToBot);
    this.backButton.addEventListener('click', () => this.on.backToBot());
    this.personButton = h('button', { type: 'button', class: 'back', hidden: true }, t.talkToPerson);
    this.personButton.addEventListener('click', () => this.on.talkToPerson());
    this.avatar = h('span', { class: 'avatar', 'aria-hidden': 'true', hidden: true });
    this.bar = h('div', { class: 'bar', hidden: true }, h('span', { class: 'who' }, this.avatar, this.barText), this.backButton, this.personButton);
    this.list = h('ol', { class: 'list', role: 'log', 'aria-label': t.messages, 'aria-live': 'polite', tabindex: '0' });
    this.list.addEventListener('scroll', () => {
      const list = this.list;
      this.pinned = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    });
    // Images load after they are drawn, and the list's own height changes with the tray, the typing line and the
    // input: each time, a pinned list goes back to its end.
    this.list.addEventListener('load', () => this.followEnd(), true);
    if (typeof ResizeObserver !== 'undefined') new ResizeObserver(() => this.followEnd()).observe(this.list);
    this.typingLine = h('div', { class: 'typing', 'aria-live': 'polite' });
    this.input = h('textarea', { class: 'input', rows: '1', 'aria-label': t.input, placeholder: t.placeholder });
    this.sendButton = h('button', { type: 'submit', class: 'send', 'aria-label': t.send, disabled: true }, svg(ICON_SEND));
    const fileInput = h('input', { type: 'file', accept: IMAGE_TYPES, multiple: true, hidden: true, tabindex: '-1' });
    const attach = h('button', { type: 'button', class: 'attach', 'aria-label': t.attach, title: t.attach }, svg(ICON_IMAGE));
    attach.addEventListener('click', () => fileInput.click());
    fileInput.addEventListener('change', () => {
      this.addFiles(Array.from(fileInput.files ?? []));
      fileInput.value = ''; // the same image can be chosen again after removing it
    });
    this.tray = h('ul', { class: 'tray', 'aria-label': t.tray, hidden: true });
    const form = h('form', { class: 'composer' }, fileInput, attach, this.input, this.sendButton);

    this.input.addEventListener('input', () => {
      this.updateSendButton();
      this.autosize();
      if (this.input.value) this.on.typing();
    });
    this.input.addEventListener('paste', (e) => {
      const files = Array.from(e.clipboardData?.files ?? []);
      if (!files.some(isImage)) return;
      if (!e.clipboardData?.getData('text/plain')) e.preventDefault();
      this.addFiles(files);
    });
    form.addEventListener('dragover', (e) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    });
    form.addEventListener('drop', (e) => {
      if (!e.dataTransfer?.files.length) return;
      e.preventDefault();
      this.addFiles(Array.from(e.dataTransfer.files));
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = this.input.value.trim();
      if (!text && !this.files.length) return;
      this.pinned = true; // the visitor's own message is always shown
      this.on.send(text, this.files);
      this.input.value = '';
      this.setFiles([]);
      this.autosize();
    });

    this.panel = h(
      'section',
      { class: 'panel', id: panelId, role: 'dialog', 'aria-label': t.dialog, hidden: true },
      h('header', { class: 'head' }, h('div', {}, (this.title = h('h2', { class: 'title' }, t.title)), (this.subtitle = h('p', { class: 'subtitle' }, t.subtitle))), close),
      this.status,
      this.bar,
      this.list,
      this.typingLine,
      this.tray,
      form,
    );
    this.panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.on.toggle(false);
      }
    });

    root.append(style, this.panel, this.launcher);
  }

  render(state: ViewState): void {
    const { t } = this;
    this.panel.hidden = !state.open;
    this.launcher.setAttribute('aria-expanded', String(state.open));
    this.launcher.setAttribute('aria-label', state.open ? t.close : t.open);
    this.badge.hidden = state.open || state.unread === 0;
    this.badge.textContent = state.unread > 9 ? '9+' : String(state.unread);
    this.launcher.title = state.unread && !state.open ? format(t.unread, { n: state.unread }) : '';
    this.status.hidden = state.connected;
    this.barText.textContent = state.handover;
    this.renderAvatar(state.agent);
    this.backButton.hidden = !state.backToBot;
    this.personButton.hidden = !state.talkToPerson;
    this.bar.hidden = !state.handover && !state.backToBot && !state.talkToPerson;
    this.typingLine.textContent = state.typing ? format(t.typing, { name: state.typing }) : '';

    if (state.messages !== this.rendered || state.resolved !== this.renderedResolved) this.renderMessages(state);

    if (state.open && !this.wasOpen) {
      this.pinned = true;
      this.followEnd();
      this.input.focus();
    } else if (!state.open && this.wasOpen && this.panel.contains(this.rootActive())) {
      this.launcher.focus();
    }
    this.wasOpen = state.open;
  }

  /** The inbox's appearance: its accent colour, heading and tagline (the language's defaults where it has none). */
  setLook(look: Look): void {
    const accent = accentOf(look.color);
    for (const [name, value] of [['--accent', accent?.accent], ['--accent-dark', accent?.dark], ['--on-accent', accent?.on]] as const) {
      if (value) this.host.style.setProperty(name, value);
      else this.host.style.removeProperty(name);
    }
    this.title.textContent = look.title || this.t.title;
    this.subtitle.textContent = look.tagline || this.t.subtitle;
  }

  /** Keeps the list at its end while it is pinned there. */
  private followEnd(): void {
    if (this.pinned) this.list.scrollTop = this.list.scrollHeight;
  }

  /** The agent's picture, or their initials when they have none; redrawn only when the agent changes. */
  private renderAvatar(agent: Agent | null): void {
    const key = agent ? `${agent.id}:${agent.avatar_url ?? ''}:${agent.name}` : undefined;
    if (key === this.shownAgent) return;
    this.shownAgent = key;
    this.avatar.hidden = !agent;
    this.avatar.replaceChildren();
    if (!agent) return;
    if (agent.avatar_url) {
      const img = h('img', { src: new URL(agent.avatar_url, this.baseUrl).href, alt: '' });
      img.addEventListener('error', () => img.replaceWith(initialsOf(agent.name)));
      this.avatar.append(img);
    } else {
      this.avatar.append(initialsOf(agent.name));
    }
  }

  private rootActive(): Element | null {
    return (this.panel.getRootNode() as ShadowRoot).activeElement;
  }

  private renderMessages(state: ViewState): void {
    const { t, list } = this;
    this.rendered = state.messages;
    this.renderedResolved = state.resolved;
    const items: Node[] = [];
    if (state.messages.length === 0) items.push(h('li', { class: 'empty' }, t.empty));

    state.messages.forEach((m, index) => {
      if (m.message_type === 2) {
        items.push(h('li', { class: 'activity' }, activityText(m, this.host.lang || 'en')));
        return;
      }
      const mine = m.message_type === 0;
      const li = h('li', { class: `msg ${mine ? 'visitor' : 'agent'}${m.pending ? ' pending' : ''}${m.failed ? ' failed' : ''}` });
      if (!mine) li.append(h('span', { class: 'sender' }, m.sender?.name || t.support));
      if (m.content) li.append(h('div', { class: 'bubble' }, m.content));
      const images = m.files?.length ? m.files.map((f) => ({ src: localUrl(f), href: '' })) : imagesOf(m, this.baseUrl);
      if (images.length) {
        const group = h('div', { class: 'images' });
        images.forEach((image, i) => {
          const n = { n: i + 1 };
          const img = h('img', { src: image.src, alt: format(t.image, n), loading: 'lazy' });
          group.append(
            image.href
              ? h('a', { href: image.href, target: '_blank', rel: 'noopener noreferrer', 'aria-label': format(t.openImage, n) }, img)
              : img,
          );
        });
        li.append(group);
      }

      const options = m.content_type === 'input_select' ? (m.content_attributes.items ?? []) : [];
      if (options.length) {
        const open = choicesOpen(state.messages, index);
        const group = h('div', { class: 'choices', role: 'group', 'aria-label': t.choices });
        for (const item of options) {
          const button = h('button', { type: 'button', class: 'choice', disabled: !open }, item.title);
          button.addEventListener('click', () => {
            this.pinned = true;
            this.on.send(item.title);
          });
          group.append(button);
        }
        li.append(group);
      }
      const rich = renderRich(m, choicesOpen(state.messages, index), t, this.baseUrl, {
        send: (text) => {
          this.pinned = true;
          this.on.send(text);
        },
        submit: (values) => {
          this.pinned = true;
          this.on.submit(m, values);
        },
      });
      if (rich) li.append(rich);
      if (m.pending) li.append(h('span', { class: 'note' }, t.sending));
      if (m.failed && m.refusal) {
        const discard = h('button', { type: 'button' }, t.discard);
        discard.addEventListener('click', () => this.on.discard(m));
        li.append(h('span', { class: 'note', role: 'alert' }, `${t.failed} ${t[m.refusal]} `, discard));
      } else if (m.failed) {
        const retry = h('button', { type: 'button' }, t.retry);
        retry.addEventListener('click', () => this.on.retry(m));
        li.append(h('span', { class: 'note', role: 'alert' }, `${t.failed} `, retry));
      }
      items.push(li);
    });
    if (state.resolved && state.messages.length) items.push(h('li', { class: 'activity' }, t.ended));

    list.replaceChildren(...items);
    this.followEnd();
  }

  private addFiles(files: File[]): void {
    const images = files.filter(isImage);
    if (images.length) this.setFiles([...this.files, ...images]);
  }

  /** The images for the next message: previews with a remove button each. */
  private setFiles(files: File[]): void {
    this.files = files;
    this.tray.hidden = !files.length;
    this.tray.replaceChildren(
      ...files.map((file, i) => {
        const n = { n: i + 1 };
        const remove = h('button', { type: 'button', class: 'remove', 'aria-label': format(this.t.remove, n), title: format(this.t.remove, n) }, '×');
        remove.addEventListener('click', () => {
          this.setFiles(this.files.filter((f) => f !== file));
          this.input.focus();
        });
        return h('li', {}, h('img', { src: localUrl(file), alt: format(this.t.image, n) }), remove);
      }),
    );
    this.updateSendButton();
    this.followEnd();
  }

  private updateSendButton(): void {
    this.sendButton.disabled = !this.input.value.trim() && !this.files.length;
  }

  private autosize(): void {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, 120)}px`;
  }
}

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/**
 * A bot's cards, form or article (Chatwoot's content types), or null for other messages. Every text goes in as a
 * text node (never HTML) and every URL must be http(s); links open in a new tab without access to this page.
 */
export function renderRich(
  m: Message,
  open: boolean,
  t: Texts,
  baseUrl: string,
  on: { send(text: string): void; submit(submitted: Submitted[]): void },
): HTMLElement | null {
  const link = (href: string, cls: string, ...children: Child[]) =>
    h('a', { href, target: '_blank', rel: 'noopener noreferrer', class: cls }, ...children);
  const cards = cardsOf(m);
  if (cards.length) {
    return h(
      'div',
      { class: 'cards' },
      ...cards.map((card) => {
        const media = safeUrl(card.media_url, baseUrl);
        const actions = h('div', { class: 'choices' });
        for (const action of Array.isArray(card.actions) ? card.actions : []) {
          if (action.type === 'link') {
            const href = safeUrl(action.uri);
            if (href) actions.append(link(href, 'choice', text(action.text) || href));
          } else if (action.type === 'postback' && postbackText(action)) {
            const button = h('button', { type: 'button', class: 'choice', disabled: !open }, text(action.text) || postbackText(action));
            button.addEventListener('click', () => on.send(postbackText(action)));
            actions.append(button);
          }
        }
        return h(
          'div',
          { class: 'card' },
          media && h('img', { src: media, alt: '', loading: 'lazy' }),
          text(card.title) && h('strong', {}, text(card.title)),
          text(card.description) && h('p', {}, text(card.description)),
          actions.childNodes.length > 0 && actions,
        );
      }),
    );
  }
  const articles = articlesOf(m);
  if (articles.length) {
    return h(
      'ul',
      { class: 'articles' },
      ...articles.map((article) => {
        const body = [h('strong', {}, text(article.title)), text(article.description) && h('span', {}, text(article.description))];
        const href = safeUrl(article.link, baseUrl);
        return h('li', {}, href ? link(href, 'article', ...body) : h('div', { class: 'article' }, ...body));
      }),
    );
  }
  const fields = formOf(m);
  if (!fields.length) return null;
  const done = submittedOf(m);
  if (done.length) open = false;
  const form = h('form', { class: 'rform' });
  const controls = fields.map((field, i) => {
    const id = `f${m.id}-${i}`;
    const attrs = { id, name: field.name, placeholder: text(field.placeholder) || undefined, disabled: !open };
    let control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
    if (field.type === 'select') {
      const options = Array.isArray(field.options) ? field.options : [];
      control = h('select', attrs, ...options.map((o) => h('option', { value: text(o.value) }, text(o.label) || text(o.value))));
    } else if (field.type === 'text_area') {
      control = h('textarea', { ...attrs, rows: '3' });
    } else {
      control = h('input', { ...attrs, type: inputType(field) });
    }
    const value = done.find((v) => v.name === field.name)?.value ?? field.default;
    if (text(value)) control.value = text(value);
    form.append(h('label', { for: id }, text(field.label) || field.name), control);
    return control;
  });
  if (open) form.append(h('button', { type: 'submit', class: 'choice' }, t.submit));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!open || (form.checkValidity && !form.checkValidity())) return;
    const values: Record<string, string> = {};
    fields.forEach((field, i) => (values[field.name] = controls[i]?.value ?? ''));
    on.submit(formAnswer(fields, values));
  });
  return form;
}
