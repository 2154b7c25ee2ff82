import type { ReportFilters } from './api';

/** A duration for people: "45 s", "2 min 5 s", "3 h 20 min", "2 d 4 h"; a dash when nothing was counted. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || Number.isNaN(seconds)) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const rest = s % 60;
    return rest ? `${Math.floor(s / 60)} min ${rest} s` : `${s / 60} min`;
  }
  if (s < 86400) {
    const minutes = Math.floor((s % 3600) / 60);
    return minutes ? `${Math.floor(s / 3600)} h ${minutes} min` : `${Math.floor(s / 3600)} h`;
  }
  const hours = Math.floor((s % 86400) / 3600);
  return hours ? `${Math.floor(s / 86400)} d ${hours} h` : `${Math.floor(s / 86400)} d`;
}

/** A share as a percentage with one decimal, or a dash. */
export function formatRate(rate: number | null | undefined): string {
  return rate == null ? '–' : `${Math.round(rate * 1000) / 10} %`;
}

/** yyyy-mm-dd of a date in a time zone. */
export function isoDate(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The browser's zone, or UTC. */
export function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The filters in the address, with the last 7 days in the browser's zone as default. */
export function filtersFromParams(params: URLSearchParams, now: Date = new Date()): ReportFilters {
  const timezone = params.get('timezone') || browserZone();
  const to = params.get('to') || isoDate(now, timezone);
  const from = params.get('from') || isoDate(new Date(now.getTime() - 6 * 86400_000), timezone);
  return {
    from,
    to,
    timezone,
    inboxId: params.get('inbox_id') ?? '',
    teamId: params.get('team_id') ?? '',
    agentId: params.get('agent_id') ?? '',
  };
}

export function paramsFromFilters(f: ReportFilters): URLSearchParams {
  const p = new URLSearchParams({ from: f.from, to: f.to, timezone: f.timezone });
  if (f.inboxId) p.set('inbox_id', f.inboxId);
  if (f.teamId) p.set('team_id', f.teamId);
  if (f.agentId) p.set('agent_id', f.agentId);
  return p;
}

/** A heat map cell's shade: 0 is blank, the busiest cell is the full colour. */
export function heatShade(value: number, max: number): string {
  if (value <= 0 || max <= 0) return 'transparent';
  const alpha = 0.12 + 0.88 * (value / max);
  return `rgba(37, 99, 235, ${Math.round(alpha * 100) / 100})`;
}
