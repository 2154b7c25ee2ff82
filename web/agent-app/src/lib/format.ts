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

/** Compact relative age for the conversation list: "now", "5 min", "3 h", "2 d" in the UI locale. */
export function formatAge(unixSeconds: number, locale: string, nowMs: number = Date.now()): string {
  if (!Number.isFinite(unixSeconds)) return '';
  const seconds = Math.max(0, Math.round(nowMs / 1000 - unixSeconds));
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'narrow' });
  if (seconds < 60) return rtf.format(0, 'second');
  if (seconds < 3600) return rtf.format(-Math.floor(seconds / 60), 'minute');
  if (seconds < 86_400) return rtf.format(-Math.floor(seconds / 3600), 'hour');
  return rtf.format(-Math.floor(seconds / 86_400), 'day');
}

export function initials(name: string | null | undefined): string {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  return ((parts[0]![0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]![0] ?? '') : '')).toUpperCase();
}
