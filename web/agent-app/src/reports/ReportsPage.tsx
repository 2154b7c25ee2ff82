import { useQuery } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { adminKeys, fetchAgents, fetchInboxes, fetchTeams } from '../admin/api';
import {
  exportUrl,
  fetchAgentRows,
  fetchHeatmap,
  fetchSeries,
  fetchSummary,
  OUTCOMES,
  reportQuery,
  type ReportFilters,
} from './api';
import { Chart } from './Chart';
import { filtersFromParams, formatDuration, formatRate, heatShade, paramsFromFilters } from './format';
import './reports.css';

const STATUSES = ['available', 'away', 'rona', 'offline'] as const;
const ZONES = ['UTC', 'Europe/Zurich', 'Europe/Berlin', 'Europe/Paris', 'Europe/Rome', 'Europe/London', 'America/New_York'];

/** The Reports screen (administrators and supervisors): filters in the address, each chart with its table and CSV. */
export function ReportsPage() {
  const { t, i18n } = useTranslation();
  const { accountId } = useParams();
  const a = Number(accountId);
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const q = reportQuery(filters);
  const update = (change: Partial<ReportFilters>) => setParams(paramsFromFilters({ ...filters, ...change }), { replace: true });

  const summary = useQuery({ queryKey: ['reports', a, 'summary', q], queryFn: () => fetchSummary(a, q) });
  const series = useQuery({
    queryKey: ['reports', a, 'series', q],
    queryFn: () => fetchSeries(a, reportQuery(filters, { metric: 'conversations', group_by: 'day' })),
  });
  const heat = useQuery({ queryKey: ['reports', a, 'heatmap', q], queryFn: () => fetchHeatmap(a, q) });
  const agentRows = useQuery({ queryKey: ['reports', a, 'agents', q], queryFn: () => fetchAgentRows(a, q) });
  const agents = useQuery({ queryKey: adminKeys.agents(a), queryFn: () => fetchAgents(a), staleTime: 60_000 });
  const teams = useQuery({ queryKey: adminKeys.teams(a), queryFn: () => fetchTeams(a), staleTime: 60_000 });
  const inboxes = useQuery({ queryKey: adminKeys.inboxes(a), queryFn: () => fetchInboxes(a), staleTime: 60_000 });
  const agentName = (id: number) => agents.data?.find((x) => x.id === id)?.name ?? `#${id}`;

  const dayFormat = useMemo(
    () => new Intl.DateTimeFormat(i18n.language, { timeZone: filters.timezone, day: 'numeric', month: 'short' }),
    [i18n.language, filters.timezone],
  );
  const days = series.data?.payload ?? [];
  const dayLabels = useMemo(() => days.map((p) => dayFormat.format(new Date(p.timestamp * 1000))), [days, dayFormat]);
  const dayData = useMemo(() => [{ label: t('reports.figures.conversations'), data: days.map((p) => p.value), color: '#2563eb' }], [days, t]);
  const s = summary.data;
  const outcomeLabels = useMemo(() => OUTCOMES.map((o) => t(`reports.outcomes.${o}`)), [t]);
  const outcomeData = useMemo(
    () => [{ label: t('reports.handoffs'), data: OUTCOMES.map((o) => s?.handoffs[o] ?? 0), color: '#0d9488' }],
    [s, t],
  );
  const rows = agentRows.data ?? [];
  const rowLabels = useMemo(() => rows.map((r) => agentName(r.agent_id)), [rows, agents.data]); // eslint-disable-line react-hooks/exhaustive-deps
  const statusColors: Record<(typeof STATUSES)[number], string> = { available: '#16a34a', away: '#f59e0b', rona: '#dc2626', offline: '#94a3b8' };
  const statusData = useMemo(
    () => STATUSES.map((st) => ({
      label: t(`reports.statuses.${st}`),
      data: rows.map((r) => Math.round((r.agent_status_seconds[st] / 3600) * 100) / 100),
      color: statusColors[st],
    })),
    [rows, t], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const maxHeat = Math.max(0, ...(heat.data?.days.flatMap((d) => d.hours) ?? [0]));

  return (
    <main className="reports">
      <header className="reports__head">
        <h1>{t('reports.title')}</h1>
        <a className="button" href={exportUrl(a, filters, 'summary')} download>
          {t('reports.export')}
        </a>
      </header>
      <form className="reports__filters" aria-label={t('reports.filters')} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('reports.from')}
          <input type="date" value={filters.from} max={filters.to} onChange={(e) => e.target.value && update({ from: e.target.value })} />
        </label>
        <label>
          {t('reports.to')}
          <input type="date" value={filters.to} min={filters.from} onChange={(e) => e.target.value && update({ to: e.target.value })} />
        </label>
        <label>
          {t('reports.timezone')}
          <select value={filters.timezone} onChange={(e) => update({ timezone: e.target.value })}>
            {[...new Set([filters.timezone, ...ZONES])].map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reports.inbox')}
          <select value={filters.inboxId} onChange={(e) => update({ inboxId: e.target.value })}>
            <option value="">{t('reports.all')}</option>
            {inboxes.data?.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reports.team')}
          <select value={filters.teamId} onChange={(e) => update({ teamId: e.target.value })}>
            <option value="">{t('reports.all')}</option>
            {teams.data?.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reports.agent')}
          <select value={filters.agentId} onChange={(e) => update({ agentId: e.target.value })}>
            <option value="">{t('reports.all')}</option>
            {agents.data?.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
      </form>

      {summary.isError && <p role="alert" className="reports__error">{t('reports.error')}</p>}
      {s && (
        <section className="reports__figures" aria-label={t('reports.summary')}>
          <Figure label={t('reports.figures.conversations')} value={s.conversations} />
          <Figure label={t('reports.figures.containment')} value={formatRate(s.bot.containment_rate)}
            note={t('reports.figures.containmentNote', { resolved: s.bot.resolved_without_person, total: s.bot.conversations })} />
          <Figure label={t('reports.figures.handoffs')} value={s.handoffs.total} />
          <Figure label={t('reports.figures.queueWait')} value={formatDuration(s.queue_wait.avg_seconds)} />
          <Figure label={t('reports.figures.timeToAccept')} value={formatDuration(s.time_to_accept.avg_seconds)} />
          <Figure label={t('reports.figures.firstResponse')} value={formatDuration(s.first_response.avg_seconds)}
            note={t('reports.figures.firstResponseNote')} />
          <Figure label={t('reports.figures.resolution')} value={formatDuration(s.resolution.avg_seconds)} />
          <Figure label={t('reports.figures.missedOffers')} value={s.missed_offers} />
          <Figure label={t('reports.figures.messages')} value={`${s.messages_received} / ${s.messages_sent}`}
            note={t('reports.figures.messagesNote')} />
          <Figure label={t('reports.figures.satisfaction')} value={s.satisfaction.average == null ? '–' : `${s.satisfaction.average} / 5`}
            note={t('reports.figures.ratings', { count: s.satisfaction.count })} />
        </section>
      )}

      <Panel title={t('reports.perDay')} csv={exportUrl(a, filters, 'timeseries', { metric: 'conversations', group_by: 'day' })}
        chart={<Chart type="bar" labels={dayLabels} datasets={dayData} label={t('reports.perDay')} />}>
        <table className="reports__table">
          <thead><tr><th>{t('reports.day')}</th><th>{t('reports.figures.conversations')}</th></tr></thead>
          <tbody>
            {days.map((p, i) => (
              <tr key={p.timestamp}><td>{dayLabels[i]}</td><td className="num">{p.value}</td></tr>
            ))}
          </tbody>
        </table>
      </Panel>

      <Panel title={t('reports.handoffs')} csv={exportUrl(a, filters, 'summary')}
        chart={<Chart type="bar" labels={outcomeLabels} datasets={outcomeData} label={t('reports.handoffs')} />}>
        <table className="reports__table">
          <thead><tr><th>{t('reports.outcome')}</th><th>{t('reports.count')}</th></tr></thead>
          <tbody>
            {OUTCOMES.map((o, i) => (
              <tr key={o}><td>{outcomeLabels[i]}</td><td className="num">{s?.handoffs[o] ?? 0}</td></tr>
            ))}
          </tbody>
        </table>
      </Panel>

      <section className="card reports__panel">
        <div className="reports__panel-head">
          <h2>{t('reports.busiestHours')}</h2>
          <a className="button button--ghost" href={exportUrl(a, filters, 'heatmap')} download>{t('reports.csv')}</a>
        </div>
        <div className="reports__heat-wrap">
          <table className="reports__heat" aria-label={t('reports.busiestHours')}>
            <thead>
              <tr>
                <th />
                {Array.from({ length: 24 }, (_, h) => <th key={h} scope="col">{String(h).padStart(2, '0')}</th>)}
              </tr>
            </thead>
            <tbody>
              {heat.data?.days.map((d) => (
                <tr key={d.day}>
                  <th scope="row">{t(`reports.days.${d.day}`)}</th>
                  {d.hours.map((v, h) => (
                    <td key={h} style={{ background: heatShade(v, maxHeat), color: v / Math.max(maxHeat, 1) > 0.55 ? '#fff' : undefined }}
                      title={`${t(`reports.days.${d.day}`)} ${String(h).padStart(2, '0')}:00 – ${v}`}>
                      {v || ''}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <Panel title={t('reports.agents')} csv={exportUrl(a, filters, 'agents')} wide
        chart={
          <figure className="reports__figure-chart">
            <figcaption className="muted">{t('reports.statusTime')}</figcaption>
            <Chart type="bar" stacked labels={rowLabels} datasets={statusData} label={t('reports.statusTime')} />
          </figure>
        }>
        <div className="reports__table-wrap">
          <table className="reports__table">
            <thead>
              <tr>
                <th>{t('reports.agent')}</th>
                <th>{t('reports.columns.handled')}</th>
                <th>{t('reports.columns.messages')}</th>
                <th>{t('reports.columns.firstResponse')}</th>
                <th>{t('reports.columns.resolutions')}</th>
                <th>{t('reports.columns.timeToAccept')}</th>
                <th>{t('reports.columns.missed')}</th>
                <th>{t('reports.columns.satisfaction')}</th>
                {STATUSES.map((st) => <th key={st}>{t(`reports.statuses.${st}`)}</th>)}
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr><td colSpan={8 + STATUSES.length} className="muted">{t('reports.nothing')}</td></tr>
              )}
              {rows.map((r, i) => (
                <tr key={r.agent_id}>
                  <td>{rowLabels[i]}</td>
                  <td className="num">{r.handoffs_handled}</td>
                  <td className="num">{r.messages_sent}</td>
                  <td className="num">{formatDuration(r.avg_first_response_seconds)}</td>
                  <td className="num">{r.resolutions}</td>
                  <td className="num">{formatDuration(r.avg_time_to_accept_seconds)}</td>
                  <td className="num">{r.missed_offers}</td>
                  <td className="num">{r.avg_satisfaction ?? '–'}</td>
                  {STATUSES.map((st) => <td key={st} className="num">{formatDuration(r.agent_status_seconds[st])}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
    </main>
  );
}

function Figure({ label, value, note }: { label: string; value: ReactNode; note?: string }) {
  return (
    <div className="card reports__figure">
      <div className="reports__figure-label">{label}</div>
      <div className="reports__figure-value">{value}</div>
      {note && <div className="muted reports__figure-note">{note}</div>}
    </div>
  );
}

function Panel({ title, csv, chart, children, wide = false }: {
  title: string;
  csv: string;
  chart: ReactNode;
  children: ReactNode;
  wide?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <section className="card reports__panel" aria-label={title}>
      <div className="reports__panel-head">
        <h2>{title}</h2>
        <a className="button button--ghost" href={csv} download>{t('reports.csv')}</a>
      </div>
      <div className={`reports__split${wide ? ' reports__split--wide' : ''}`}>
        {chart}
        <div className="reports__side">{children}</div>
      </div>
    </section>
  );
}
