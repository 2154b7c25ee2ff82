import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ActionError } from '../actions/ActionError';
import { contactKeys, fetchImports, previewImport, startImport, type ImportJob, type ImportPreview } from './api';
import { useDefinitions, useImportJob } from './hooks';
import { importTargets, isMatchable } from './mapping';
import './contacts.css';

/**
 * CSV import in three steps: choose a file, map its columns (with a preview of its first rows), then follow the
 * background job live and download the per-row error report.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const { accountId } = useParams();
  const id = Number(accountId);
  const definitions = useDefinitions(id);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [jobId, setJobId] = useState<number | null>(null);
  const queryClient = useQueryClient();
  const read = useMutation({
    mutationFn: (f: File) => previewImport(id, f),
    onSuccess: (p) => {
      setPreview(p);
      setMapping(p.mapping);
    },
  });
  const start = useMutation({
    mutationFn: () => startImport(id, file!, mapping),
    onSuccess: (job) => {
      setJobId(job.id);
      void queryClient.invalidateQueries({ queryKey: contactKeys.imports(id) });
    },
  });
  const targets = importTargets(definitions.contact, mapping);

  return (
    <main className="contacts import-page">
      <header className="contacts__head">
        <div>
          <Link to={`/accounts/${id}/contacts`} className="muted">
            ← {t('contacts.back')}
          </Link>
          <h1>{t('contacts.import.title')}</h1>
          <p className="muted">{t('contacts.import.intro')}</p>
        </div>
      </header>

      {jobId === null ? (
        <>
          <section className="card">
            <h2>{t('contacts.import.step1')}</h2>
            <input
              type="file"
              accept=".csv,text/csv"
              aria-label={t('contacts.import.file')}
              onChange={(e) => {
                const chosen = e.target.files?.[0] ?? null;
                setFile(chosen);
                setPreview(null);
                if (chosen) read.mutate(chosen);
              }}
            />
            <ActionError error={read.error} />
          </section>
          {preview && (
            <section className="card" aria-labelledby="import-mapping">
              <h2 id="import-mapping">{t('contacts.import.step2')}</h2>
              <p className="muted">{t('contacts.import.mappingHint')}</p>
              <div className="table-card import-preview">
                <table className="table">
                  <thead>
                    <tr>
                      {preview.headers.map((h) => (
                        <th key={h} scope="col">
                          <span className="import-preview__header">{h}</span>
                          <select
                            aria-label={t('contacts.import.columnTarget', { column: h })}
                            value={mapping[h] ?? 'ignore'}
                            onChange={(e) => setMapping((m) => ({ ...m, [h]: e.target.value }))}
                          >
                            {targets.map((target) => (
                              <option key={target.value} value={target.value} disabled={target.value !== mapping[h] && target.taken}>
                                {target.label ?? t(`contacts.import.targets.${target.kind}`, { name: target.name })}
                              </option>
                            ))}
                          </select>
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {preview.rows.map((row, i) => (
                      <tr key={i}>
                        {preview.headers.map((h, j) => (
                          <td key={h} className={mapping[h] === 'ignore' ? 'muted' : undefined}>
                            {row[j] ?? ''}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {!isMatchable(mapping) && (
                <p className="form-error" role="alert">
                  {t('contacts.import.needsKey')}
                </p>
              )}
              <ActionError error={start.error} />
              <div className="form-actions">
                <button
                  type="button"
                  className="button button--primary"
                  disabled={!isMatchable(mapping) || start.isPending}
                  onClick={() => start.mutate()}
                >
                  {t('contacts.import.start')}
                </button>
              </div>
            </section>
          )}
        </>
      ) : (
        <ImportProgress accountId={id} jobId={jobId} />
      )}
      <RecentImports accountId={id} />
    </main>
  );
}

function ImportProgress({ accountId, jobId }: { accountId: number; jobId: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const job = useImportJob(accountId, jobId);
  const data = job.data;
  const finished = data?.status === 'completed' || data?.status === 'failed';
  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: contactKeys.all(accountId) });
    if (finished) void queryClient.invalidateQueries({ queryKey: contactKeys.imports(accountId) });
  }, [finished, accountId, queryClient]);
  return (
    <section className="card" aria-labelledby="import-progress">
      <h2 id="import-progress">{t('contacts.import.step3')}</h2>
      {!data ? (
        <p className="muted">{t('app.loading')}</p>
      ) : (
        <JobSummary job={data} live />
      )}
      {finished && (
        <p>
          <Link to={`/accounts/${accountId}/contacts`}>{t('contacts.import.toContacts')}</Link>
        </p>
      )}
    </section>
  );
}

function JobSummary({ job, live }: { job: ImportJob; live?: boolean }) {
  const { t } = useTranslation();
  const percent = job.total_records === 0 ? 100 : Math.round((100 * job.processed_records) / job.total_records);
  return (
    <div className="import-job">
      <p role={live ? 'status' : undefined} aria-live={live ? 'polite' : undefined}>
        <strong>{t(`contacts.import.status.${job.status}`)}</strong>{' '}
        {t('contacts.import.progress', { processed: job.processed_records, total: job.total_records })}
      </p>
      <progress max={100} value={percent} aria-label={t('contacts.import.progressLabel')} />
      <p className="muted">
        {t('contacts.import.counts', {
          created: job.created_records,
          updated: job.updated_records,
          unchanged: job.unchanged_records,
          failed: job.failed_records,
        })}
      </p>
      {job.failure && job.status === 'failed' && (
        <p className="form-error" role="alert">
          {job.failure}
        </p>
      )}
      {job.failed_records > 0 && job.errors_url && (
        <a className="button" href={job.errors_url} download>
          {t('contacts.import.errorsReport', { count: job.failed_records })}
        </a>
      )}
      {job.failed_records > 0 && !job.errors_url && <p className="muted">{t('contacts.import.errorsRemoved')}</p>}
    </div>
  );
}

function RecentImports({ accountId }: { accountId: number }) {
  const { t, i18n } = useTranslation();
  const imports = useQuery({ queryKey: contactKeys.imports(accountId), queryFn: ({ signal }) => fetchImports(accountId, signal) });
  const jobs = imports.data?.payload ?? [];
  if (jobs.length === 0) return null;
  return (
    <section className="card" aria-labelledby="recent-imports">
      <h2 id="recent-imports">{t('contacts.import.recent')}</h2>
      <ul className="recent-imports">
        {jobs.map((job) => (
          <li key={job.id}>
            <span>
              {job.file_name ?? `#${job.id}`} · {new Date(job.created_at * 1000).toLocaleString(i18n.language)}
            </span>
            <JobSummary job={job} />
          </li>
        ))}
      </ul>
    </section>
  );
}
