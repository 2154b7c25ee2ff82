// Pure helpers of the canned-reply picker: finding the `/code` token, filtering, inserting, moving.
import { request } from '../api/http';

export interface CannedResponse {
  id: number;
  short_code: string;
  content: string;
}

/** The `/…` word the caret is in: where it starts (the slash) and ends, and what follows the slash. */
export interface SlashToken {
  start: number;
  end: number;
  query: string;
}

/**
 * The slash token at the caret, if any: a `/` at the start of the text or after whitespace,
 * followed by no whitespace up to the caret. A slash inside a word (a URL, "and/or") is no token.
 */
export function slashToken(text: string, caret: number): SlashToken | null {
  if (caret < 1 || caret > text.length) return null;
  let start = caret - 1;
  while (start >= 0 && !/\s/.test(text[start]!)) {
    if (text[start] === '/' && (start === 0 || /\s/.test(text[start - 1]!))) break;
    start--;
  }
  if (start < 0 || text[start] !== '/') return null;
  let end = caret;
  while (end < text.length && !/\s/.test(text[end]!)) end++;
  return { start, end, query: text.slice(start + 1, caret) };
}

/**
 * The canned responses that match what was typed after the slash, best first: short code starting
 * with it, then short code containing it, then content containing it (each group by short code).
 * Case is ignored; an empty query lists them all.
 */
export function filterCanned(list: readonly CannedResponse[], query: string, limit = 8): CannedResponse[] {
  const q = query.trim().toLowerCase();
  const rank = (c: CannedResponse): number => {
    if (!q) return 0;
    const code = c.short_code.toLowerCase();
    if (code.startsWith(q)) return 0;
    if (code.includes(q)) return 1;
    if (c.content.toLowerCase().includes(q)) return 2;
    return -1;
  };
  return list
    .map((c) => ({ c, r: rank(c) }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r || a.c.short_code.localeCompare(b.c.short_code))
    .slice(0, limit)
    .map((x) => x.c);
}

/** The text with the token replaced by the content (and a space after it), and where the caret goes. */
export function insertCanned(text: string, token: SlashToken, content: string): { text: string; caret: number } {
  const after = text.slice(token.end);
  const spacer = after.length === 0 || !/^\s/.test(after) ? ' ' : '';
  const next = text.slice(0, token.start) + content + spacer + after;
  return { text: next, caret: token.start + content.length + spacer.length };
}

export type PickerAction = 'next' | 'previous' | 'pick' | 'close';

/**
 * What a key does while the picker is open: arrows move, Enter (without Shift) and Tab insert,
 * Escape closes. Any other key goes to the text as usual (Shift+Enter a new line, Shift+Tab
 * out of the field).
 */
export function pickerAction(key: string, shift: boolean): PickerAction | null {
  switch (key) {
    case 'ArrowDown':
      return 'next';
    case 'ArrowUp':
      return 'previous';
    case 'Enter':
    case 'Tab':
      return shift ? null : 'pick';
    case 'Escape':
      return 'close';
    default:
      return null;
  }
}

/** The next highlighted option for ArrowDown (+1) / ArrowUp (-1), wrapping around. */
export function moveActive(active: number, delta: 1 | -1, count: number): number {
  if (count <= 0) return -1;
  if (active < 0) return delta > 0 ? 0 : count - 1;
  return (active + delta + count) % count;
}

export const cannedKey = (accountId: number) => ['canned', accountId] as const;

/**
 * All canned responses of the account (the server answers up to 500, Chatwoot's bare array);
 * the picker filters them locally, so typing needs no request per keystroke.
 */
export async function fetchCannedResponses(accountId: number, signal?: AbortSignal): Promise<CannedResponse[]> {
  const answer = await request<CannedResponse[] | { payload?: CannedResponse[] }>(
    `/api/v1/accounts/${accountId}/canned_responses`,
    { signal },
  );
  return Array.isArray(answer) ? answer : (answer?.payload ?? []);
}
