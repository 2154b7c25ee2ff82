import { initialsOf } from '../../../widget/src/names';

/** Short time for message stamps: "14:05" today, "3 Mar, 14:05" otherwise (localised). */
export function formatMessageTime(unixSeconds: number, locale: string, now: Date = new Date()): string {
  if (!Number.isFinite(unixSeconds)) return '';
  const date = new Date(unixSeconds * 1000);
  const sameDay = date.toDateString() === now.toDateString();
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { hour: '2-digit', minute: '2-digit' }
    : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(locale, options).format(date);
}

/** Relative age for the conversation list in the UI locale: "now", "5 min. ago", "il y a 3 h", "vor 2 Min.". */
export function formatAge(unixSeconds: number, locale: string, nowMs: number = Date.now()): string {
  if (!Number.isFinite(unixSeconds)) return '';
  const seconds = Math.max(0, Math.round(nowMs / 1000 - unixSeconds));
  // "short": the narrow style reads "-3 min" in French and "vor 2 m" in German.
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  if (seconds < 60) return rtf.format(0, 'second');
  if (seconds < 3600) return rtf.format(-Math.floor(seconds / 60), 'minute');
  if (seconds < 86_400) return rtf.format(-Math.floor(seconds / 3600), 'hour');
  return rtf.format(-Math.floor(seconds / 86_400), 'day');
}

/** An avatar's initials (the widget's rule: letters only, never a bracket or "#"). */
export function initials(name: string | null | undefined): string {
  return initialsOf(name);
}
