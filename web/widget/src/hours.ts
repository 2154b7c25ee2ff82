// Business hours as the visitor sees them: "We are closed. Back on Monday at 09:00", in their language and time zone.
import { format, type Texts } from './i18n';

/** GET …/business_hours, or the closed answer of "Talk to a person": opens_at is ISO-8601 (null: never). */
export interface Hours {
  open: boolean;
  opensAt: string | null;
}

/** From the server's answer; undefined when it says nothing about hours. */
export function hoursFrom(answer: { open?: unknown; opens_at?: unknown; reason?: unknown } | null | undefined): Hours | undefined {
  if (!answer) return undefined;
  const closed = answer.open === false || answer.reason === 'closed';
  if (!closed) return answer.open === true ? { open: true, opensAt: null } : undefined;
  return { open: false, opensAt: typeof answer.opens_at === 'string' ? answer.opens_at : null };
}

/**
 * The notice while closed, '' while open (or once the opening time has passed): back today at a time, on a weekday
 * within the next six days, else on a date.
 */
export function closedLine(t: Texts, locale: string, hours: Hours | undefined, now: Date, timeZone?: string): string {
  if (!hours || hours.open) return '';
  if (!hours.opensAt) return t.closed;
  const at = new Date(hours.opensAt);
  if (Number.isNaN(at.getTime())) return t.closed;
  if (at.getTime() <= now.getTime()) return '';
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(at);
  const dayOf = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(d); // yyyy-mm-dd in the zone
  if (dayOf(at) === dayOf(now)) return format(t.closedToday, { time });
  const soon = at.getTime() - now.getTime() < 6 * 24 * 3600 * 1000;
  const day = new Intl.DateTimeFormat(locale, soon ? { weekday: 'long', timeZone } : { weekday: 'long', day: 'numeric', month: 'long', timeZone })
    .format(at);
  return format(t.closedUntil, { day, time });
}
