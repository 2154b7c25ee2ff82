import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminKeys, AUDIT_TYPES, auditKeys, fetchAgents, fetchAuditLog } from './api';
import { changeLines, sentence } from './audit';
import { Loading, PageHead, useSettings } from './ui';

/** Who changed what and when, newest first, for administrators (docs/api.md#audit-log). */
export function AuditLogPage() {
  const { t, i18n } = useTranslation();
  const { accountId } = useSettings();
  const [type, setType] = useState('');
  const [user, setUser] = useState('');
  const agents = useQuery({ queryKey: adminKeys.agents(accountId), queryFn: () => fetchAgents(accountId) });
  const log = useInfiniteQuery({
    queryKey: auditKeys.page(accountId, type, user),
    queryFn: ({ pageParam }) => fetchAuditLog(accountId, type, user, pageParam),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.next_before,
  });
  const entries = log.data?.pages.flatMap((p) => p.audit_logs) ?? [];
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <section className="settings-page">
      <PageHead title={t('settings.audit.title')} intro={t('settings.audit.intro')} />
      <div className="card table-card">
        <div className="card__head audit-log__tools">
          <label className="muted">
            {t('settings.audit.type')}{' '}
            <select value={type} onChange={(e) => setType(e.target.value)}>
              <option value="">{t('settings.audit.allTypes')}</option>
              {AUDIT_TYPES.map((k) => (
                <option key={k} value={k}>
                  {t(`settings.audit.typeNames.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="muted">
            {t('settings.audit.user')}{' '}
            <select value={user} onChange={(e) => setUser(e.target.value)}>
              <option value="">{t('settings.audit.allUsers')}</option>
              {(agents.data ?? []).map((a) => (
                <option key={a.id} value={String(a.id)}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
          {log.data && <span className="muted">{t('settings.audit.total', { count: log.data.pages[0]?.total_entries ?? 0 })}</span>}
        </div>
        <Loading query={log} />
        {log.data && entries.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th>{t('settings.audit.when')}</th>
                <th>{t('settings.audit.what')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => {
                const lines = changeLines(e, t);
                return (
                  <tr key={e.id} className="audit-entry">
                    <td className="muted audit-entry__when">{when.format(new Date(e.created_at * 1000))}</td>
                    <td>
                      <strong>{sentence(e, t)}</strong>
                      {lines.length > 0 && <div className="muted audit-entry__changes">{lines.map((l) => l.text).join('; ')}</div>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {log.data && entries.length === 0 && <p className="muted empty">{t('settings.audit.empty')}</p>}
        {log.hasNextPage && (
          <button type="button" className="button load-more" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            {t('settings.audit.older')}
          </button>
        )}
      </div>
    </section>
  );
}
