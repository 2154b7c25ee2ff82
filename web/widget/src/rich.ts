import type { Message } from './types';

/** Chatwoot's interactive content types: cards, form and article (content_attributes.items). */

export interface CardAction {
  type: 'link' | 'postback' | string;
  text?: string;
  uri?: string;
  payload?: string;
}
export interface Card {
  media_url?: string;
  title?: string;
  description?: string;
  actions?: CardAction[];
}
export interface FormField {
  name: string;
  label?: string;
  type?: 'text' | 'email' | 'text_area' | 'select' | string;
  placeholder?: string;
  default?: string;
  options?: { label: string; value: string }[];
}
export interface Article {
  title?: string;
  description?: string;
  link?: string;
}
export interface Submitted {
  name: string;
  value: string;
  title?: string;
}

/** An absolute http(s) URL, or undefined: never javascript:, data: or anything else a bot could slip in. */
export function safeUrl(url: unknown, base?: string): string | undefined {
  if (typeof url !== 'string' || !url.trim()) return undefined;
  try {
    const parsed = new URL(url.trim(), base);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function itemsOf<T>(m: Message, type: string): T[] {
  if (m.content_type !== type) return [];
  const items = m.content_attributes.items;
  return Array.isArray(items) ? (items.filter((i) => i && typeof i === 'object') as unknown as T[]) : [];
}

export const cardsOf = (m: Message) => itemsOf<Card>(m, 'cards');
export const articlesOf = (m: Message) => itemsOf<Article>(m, 'article');
export const formOf = (m: Message) => itemsOf<FormField>(m, 'form').filter((f) => typeof f.name === 'string' && f.name);

/** What a postback button sends: its payload (what the bot matches), else its text. */
export function postbackText(action: CardAction): string {
  return String(action.payload || action.text || '');
}

/** The visitor's answer to a form as Chatwoot's content_attributes.submitted_values: name, title (the label), value. */
export function formAnswer(fields: readonly FormField[], values: Record<string, string>): Submitted[] {
  return fields.map((f) => ({ name: f.name, title: f.label || f.name, value: (values[f.name] ?? '').trim() }));
}

/** The answers already given to a form message (content_attributes.submitted_values), or none. */
export function submittedOf(m: Message): Submitted[] {
  const raw = m.content_attributes.submitted_values;
  return Array.isArray(raw) ? raw.filter((v): v is Submitted => !!v && typeof v === 'object' && typeof v.name === 'string') : [];
}

/** Chatwoot's input type for a form field (text_area and select are drawn as their own elements). */
export function inputType(field: FormField): 'text' | 'email' {
  return field.type === 'email' ? 'email' : 'text';
}
