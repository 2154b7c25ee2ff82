import { request } from '../api/http';

// The reports API (docs/reports.md): Baton's /reports/* for the Reports screen.

const base = (a: number) => `/api/v1/accounts/${a}/reports`;

export interface Timing {
  count: number;
  avg_seconds: number | null;
}

export type StatusSeconds = Record<'available' | 'away' | 'rona' | 'offline', number>;

export const OUTCOMES = ['handled', 'declined', 'no_agent', 'closed', 'visitor_left', 'bot_unavailable'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface Summary {
  since: number;
  until: number;
  timezone: string;
  conversations: number;
  bot: { conversations: number; resolved_without_person: number; containment_rate: number | null };
  handoffs: Record<Outcome | 'total', number>;
  queue_wait: Timing;
  time_to_accept: Timing;
  first_response: Timing;
  resolution: Timing;
  missed_offers: number;
  declined_offers: number;
  messages_received: number;
  messages_sent: number;
  satisfaction: { count: number; average: number | null; ratings: Record<string, number> };
  agent_status_seconds: StatusSeconds;
}

export interface AgentRow {
  agent_id: number;
  handoffs_handled: number;
  messages_sent: number;
  resolutions: number;
  avg_first_response_seconds: number | null;
  avg_resolution_seconds: number | null;
  avg_time_to_accept_seconds: number | null;
  missed_offers: number;
  declined_offers: number;
  satisfaction_count: number;
  avg_satisfaction: number | null;
  agent_status_seconds: StatusSeconds;
}

export interface Heatmap {
  timezone: string;
  metric: string;
  days: { day: string; hours: number[] }[];
}

export interface Series {
  metric: string;
  group_by: string;
  timezone: string;
  payload: { timestamp: number; value: number }[];
}

/** What the screen asks: dates (both included) in a zone, optional inbox, team and agent. */
export interface ReportFilters {
  from: string;
  to: string;
  timezone: string;
  inboxId: string;
  teamId: string;
  agentId: string;
}

/** The query string of a report request (empty filters left out). */
export function reportQuery(f: ReportFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  params.set('from', f.from);
  params.set('to', f.to);
  params.set('timezone', f.timezone);
  if (f.inboxId) params.set('inbox_id', f.inboxId);
  if (f.teamId) params.set('team_id', f.teamId);
  if (f.agentId) params.set('agent_id', f.agentId);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

export const fetchSummary = (a: number, q: string) => request<Summary>(`${base(a)}/summary?${q}`);
export const fetchAgentRows = async (a: number, q: string) =>
  (await request<{ payload: AgentRow[] }>(`${base(a)}/agents?${q}`)).payload;
export const fetchHeatmap = (a: number, q: string) => request<Heatmap>(`${base(a)}/heatmap?${q}`);
export const fetchSeries = (a: number, q: string) => request<Series>(`${base(a)}/timeseries?${q}`);

/** The CSV of one table, with the screen's filters. */
export function exportUrl(a: number, f: ReportFilters, table: string, extra: Record<string, string> = {}): string {
  return `${base(a)}/export?${reportQuery(f, { table, ...extra })}`;
}
