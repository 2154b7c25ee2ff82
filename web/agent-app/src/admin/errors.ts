import { ApiError } from '../api/http';
import type { ProblemFieldError } from '../api/types';

/** Field name → first server message for it (snake_case, nested with dots: `channel.website_url`). */
export type FieldErrors = Record<string, string>;

/**
 * `translate` may put a known code in the user's language (the server's messages are English);
 * otherwise the server's message is shown.
 */
export function fieldErrorsOf(error: unknown, translate?: (code: string) => string | undefined): FieldErrors {
  const out: FieldErrors = {};
  if (!(error instanceof ApiError)) return out;
  for (const e of error.fieldErrors) {
    const field = normaliseField(e.field);
    if (field && !(field in out)) out[field] = translate?.(e.code) || e.message || e.code;
  }
  return out;
}

/** `channel[website_url]` and `allowed_origins[2]` as the server may spell them → dotted paths. */
export function normaliseField(field: string | null | undefined): string {
  return (field ?? '').replace(/\[(\w+)\]/g, '.$1').replace(/^\./, '');
}

/**
 * The error for one form field: an exact match, else the first error below it
 * (`allowed_origins.1` shows at `allowed_origins`).
 */
export function errorFor(errors: FieldErrors, field: string): string | undefined {
  if (errors[field]) return errors[field];
  const key = Object.keys(errors).find((k) => k.startsWith(`${field}.`));
  return key ? errors[key] : undefined;
}

/**
 * The message to show above a form: the problem's detail, plus field errors no field of the
 * form displays (so nothing the server said is lost). `shown` lists the form's field names.
 */
export function formErrorText(error: unknown, shown: readonly string[], fallback: string, known?: Record<string, string>): string | undefined {
  if (!error) return undefined;
  if (!(error instanceof ApiError)) return (error as Error).message || fallback;
  const code = error.problem.code;
  const parts: string[] = [];
  if (code && known?.[code]) parts.push(known[code]);
  const orphans = error.fieldErrors.filter((e) => {
    const f = normaliseField(e.field);
    return !shown.some((s) => f === s || f.startsWith(`${s}.`));
  });
  const hasFieldErrors = error.fieldErrors.length > 0;
  if (!parts.length && (!hasFieldErrors || orphans.length)) parts.push(error.problem.detail || error.problem.title || fallback);
  for (const o of orphans) {
    if (o.message && parts.includes(o.message)) continue; // the detail already says it
    parts.push(o.field ? `${o.field}: ${o.message}` : o.message);
  }
  return parts.length ? [...new Set(parts)].join(' ') : undefined;
}

export interface StoryErrorGroup {
  /** Step id, or null for errors about the story as a whole. */
  step: string | null;
  items: { field: string; path: string; code: string; message: string }[];
}

/**
 * Groups a story's validation errors by step: `steps.ask_name.next` → step `ask_name`, path
 * `next`; `steps[ask_name].buttons[0].goto` works too. Story-wide errors come first, the steps
 * in the order the server named them.
 */
export function groupStoryErrors(errors: readonly ProblemFieldError[]): StoryErrorGroup[] {
  const groups = new Map<string | null, StoryErrorGroup>();
  groups.set(null, { step: null, items: [] });
  for (const e of errors) {
    const field = normaliseField(e.field).replace(/^definition\./, '');
    const m = /^steps\.([^.]+)(?:\.(.*))?$/.exec(field);
    const step = m ? m[1]! : null;
    const path = m ? (m[2] ?? '') : field;
    let group = groups.get(step);
    if (!group) {
      group = { step, items: [] };
      groups.set(step, group);
    }
    group.items.push({ field: e.field, path, code: e.code, message: e.message || e.code });
  }
  return [...groups.values()].filter((g) => g.items.length > 0);
}

/** The line (1-based) where a step's key appears in the JSON text, to jump there. */
export function stepLine(json: string, step: string): number | undefined {
  const needle = JSON.stringify(step) + ':';
  const lines = json.split('\n');
  const i = lines.findIndex((l) => l.replace(/\s+:/, ':').includes(needle));
  return i < 0 ? undefined : i + 1;
}

/** Comma- or newline-separated text → trimmed non-empty items. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Whether to print an error's path before its message: not when the message starts with it ("next names no step"). */
export function showPath(path: string, message: string): boolean {
  if (!path) return false;
  const last = path.split('.').pop() ?? path;
  return !message.trimStart().toLowerCase().startsWith(last.toLowerCase());
}
