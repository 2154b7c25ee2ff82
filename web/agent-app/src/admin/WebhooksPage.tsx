import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BATON_EVENTS,
  CHATWOOT_EVENTS,
  createWebhook,
  deleteWebhook,
  fetchDeliveries,
  fetchWebhooks,
  patchWebhook,
  redeliver,
  rotateWebhookSecret,
  webhookKeys,
  type DeliveryStatus,
  type Webhook,
  type WebhookDelivery,
} from './api';
import { CopyButton, DeleteButton, Field, FormActions, FormError, Loading, PageHead, useSave, useSettings } from './ui';

/** Outgoing webhooks and their delivery log, for administrators (docs/webhooks.md). */
export function WebhooksPage() {
  const { t } = useTranslation();
  const { accountId } = useSettings();
  const webhooks = useQuery({ queryKey: webhookKeys.list(accountId), queryFn: () => fetchWebhooks(accountId) });
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [logOf, setLogOf] = useState<number | null>(null);
  const current = typeof editing === 'number' ? webhooks.data?.find((w) => w.id === editing) : undefined;
  const logged = webhooks.data?.find((w) => w.id === logOf);

  return (
    <section className="settings-page">
      <PageHead
        title={t('settings.webhooks.title')}
        intro={t('settings.webhooks.intro')}
        action={
          <button type="button" className="button button--primary" onClick={() => setEditing('new')}>
            {t('settings.webhooks.new')}
          </button>
        }
      />
      {editing === 'new' && <WebhookForm accountId={accountId} onClose={(id) => setEditing(id ?? null)} />}
      <Loading query={webhooks} />
      {webhooks.data && (
        <div className="card table-card">
          <table className="table">
            <thead>
              <tr>
                <th>{t('settings.webhooks.endpoint')}</th>
                <th>{t('settings.webhooks.events')}</th>
                <th>{t('settings.webhooks.state')}</th>
                <th aria-label={t('settings.actions')} />
              </tr>
            </thead>
            <tbody>
              {webhooks.data.map((w) => (
                <tr key={w.id} className={editing === w.id || logOf === w.id ? 'table__row--selected' : undefined}>
                  <td>
                    <strong>{w.name || t('settings.webhooks.unnamed')}</strong>
                    <div className="muted webhook-url">{w.url}</div>
                  </td>
                  <td className="muted">{t('settings.webhooks.eventCount', { count: w.subscriptions.length })}</td>
                  <td>
                    {w.enabled ? (
                      <span className="chip chip--published">{t('settings.webhooks.active')}</span>
                    ) : (
                      <span className="chip chip--inactive" title={w.disabled_reason ?? undefined}>
                        {t('settings.webhooks.disabled')}
                      </span>
                    )}
                  </td>
                  <td className="table__actions">
                    <button type="button" className="button" onClick={() => setLogOf(logOf === w.id ? null : w.id)}>
                      {t('settings.webhooks.deliveries')}
                    </button>
                    <button type="button" className="button" onClick={() => setEditing(w.id)}>
                      {t('settings.edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {webhooks.data.length === 0 && <p className="muted empty">{t('settings.webhooks.empty')}</p>}
        </div>
      )}
      {current && (
        <div className="editor" key={current.id}>
          <WebhookForm accountId={accountId} webhook={current} onClose={() => setEditing(null)} />
          <SecretCard accountId={accountId} webhook={current} />
        </div>
      )}
      {logged && <DeliveryLog key={logged.id} accountId={accountId} webhook={logged} />}
    </section>
  );
}

const FIELDS = ['name', 'url', 'subscriptions'];

function WebhookForm({ accountId, webhook, onClose }: { accountId: number; webhook?: Webhook; onClose: (createdId?: number) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(webhook?.name ?? '');
  const [url, setUrl] = useState(webhook?.url ?? '');
  const [events, setEvents] = useState<string[]>(webhook?.subscriptions ?? ['message_created', 'conversation_created']);
  const [enabled, setEnabled] = useState(webhook?.enabled ?? true);
  const [saved, setSaved] = useState(false);
  useEffect(() => setSaved(false), [name, url, events, enabled]);
  const keys = [webhookKeys.list(accountId)];
  const save = useSave(
    (body: Partial<Webhook>) => (webhook ? patchWebhook(accountId, webhook.id, body) : createWebhook(accountId, body)),
    keys,
    (result) => (webhook ? setSaved(true) : onClose(result?.id)),
  );
  const remove = useSave(() => deleteWebhook(accountId, webhook!.id), keys, () => onClose());
  const errors = save.fieldErrors;
  const toggle = (event: string) => setEvents((list) => (list.includes(event) ? list.filter((e) => e !== event) : [...list, event]));

  return (
    <form
      className="card form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ name: name.trim() || null, url: url.trim(), subscriptions: events, ...(webhook ? { enabled } : {}) });
      }}
    >
      <div className="card__head">
        <h2>{webhook ? webhook.name || webhook.url : t('settings.webhooks.new')}</h2>
        <button type="button" className="button button--ghost" onClick={() => onClose()} aria-label={t('settings.close')}>
          ✕
        </button>
      </div>
      {webhook && !webhook.enabled && webhook.disabled_reason && (
        <p className="form-warning" role="status">
          {t('settings.webhooks.disabledBecause', { reason: webhook.disabled_reason })}
        </p>
      )}
      <div className="form-grid">
        <Field label={t('settings.webhooks.name')} name="name" errors={errors}>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={255} />
        </Field>
        <Field label={t('settings.webhooks.url')} name="url" errors={errors} hint={t('settings.webhooks.urlHint')}>
          <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} required autoFocus={!webhook} placeholder="https://" />
        </Field>
      </div>
      <Field label={t('settings.webhooks.events')} name="subscriptions" errors={errors}>
        <div className="event-groups" role="group">
          {[
            { title: t('settings.webhooks.chatwootEvents'), list: CHATWOOT_EVENTS },
            { title: t('settings.webhooks.batonEvents'), list: BATON_EVENTS },
          ].map((group) => (
            <fieldset key={group.title} className="event-group">
              <legend>{group.title}</legend>
              {group.list.map((event) => (
                <label key={event} className="field__check">
                  <input type="checkbox" checked={events.includes(event)} onChange={() => toggle(event)} />
                  <span>
                    <code>{event}</code> <span className="muted">{t(`settings.webhooks.eventText.${event}`)}</span>
                  </span>
                </label>
              ))}
            </fieldset>
          ))}
        </div>
      </Field>
      {webhook && (
        <Field label={t('settings.webhooks.enabled')} name="enabled" errors={errors} inline hint={t('settings.webhooks.enabledHint')}>
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        </Field>
      )}
      <FormError error={save.error ?? remove.error} fields={FIELDS} />
      <div className="form-actions form-actions--split">
        {webhook ? <DeleteButton onConfirm={() => remove.mutate(undefined)} pending={remove.isPending} /> : <span />}
        <FormActions pending={save.isPending} saved={saved && save.isSuccess} />
      </div>
    </form>
  );
}

function SecretCard({ accountId, webhook }: { accountId: number; webhook: Webhook }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const rotate = useSave(() => rotateWebhookSecret(accountId, webhook.id), [webhookKeys.list(accountId)]);
  return (
    <div className="card">
      <div className="card__head">
        <h2>{t('settings.webhooks.secret')}</h2>
      </div>
      <p className="muted">{t('settings.webhooks.secretHint')}</p>
      <div className="secret-row">
        <code className="secret">{shown ? webhook.secret : 'whsec_' + '•'.repeat(24)}</code>
        <button type="button" className="button" onClick={() => setShown(!shown)}>
          {shown ? t('settings.webhooks.hide') : t('settings.webhooks.show')}
        </button>
        <CopyButton text={webhook.secret} />
        <button type="button" className="button" disabled={rotate.isPending} onClick={() => rotate.mutate(undefined)}>
          {t('settings.webhooks.rotate')}
        </button>
      </div>
      {webhook.previous_secret_expires_at && webhook.previous_secret_expires_at * 1000 > Date.now() && (
        <p className="muted" role="status">
          {t('settings.webhooks.previousSecret', { time: new Date(webhook.previous_secret_expires_at * 1000).toLocaleString() })}
        </p>
      )}
      <FormError error={rotate.error} fields={[]} />
    </div>
  );
}

const STATUSES: DeliveryStatus[] = ['pending', 'delivered', 'failed', 'cancelled'];
const chipOf: Record<DeliveryStatus, string> = {
  delivered: 'chip--published',
  pending: 'chip--pending',
  failed: 'chip--failed',
  cancelled: 'chip--inactive',
};

function DeliveryLog({ accountId, webhook }: { accountId: number; webhook: Webhook }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState('');
  const [open, setOpen] = useState<number | null>(null);
  const key = webhookKeys.deliveries(accountId, webhook.id, status);
  const log = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => fetchDeliveries(accountId, webhook.id, status, pageParam),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.meta.next_before,
  });
  const resend = useSave((id: number) => redeliver(accountId, webhook.id, id), [['admin', accountId, 'webhooks', webhook.id, 'deliveries']]);
  const rows: WebhookDelivery[] = log.data?.pages.flatMap((p) => p.payload) ?? [];

  return (
    <div className="card table-card delivery-log">
      <div className="card__head">
        <h2>{t('settings.webhooks.logTitle', { name: webhook.name || webhook.url })}</h2>
        <div className="delivery-log__tools">
          <label className="muted">
            {t('settings.webhooks.filter')}{' '}
            <select value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">{t('settings.webhooks.allStatuses')}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`settings.webhooks.status.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button" onClick={() => void log.refetch()}>
            {t('settings.webhooks.refresh')}
          </button>
        </div>
      </div>
      <Loading query={log} />
      <FormError error={resend.error} fields={[]} />
      {log.data && (
        <table className="table">
          <thead>
            <tr>
              <th>{t('settings.webhooks.when')}</th>
              <th>{t('settings.webhooks.event')}</th>
              <th>{t('settings.webhooks.status.title')}</th>
              <th>{t('settings.webhooks.attempts')}</th>
              <th>{t('settings.webhooks.response')}</th>
              <th>{t('settings.webhooks.lastError')}</th>
              <th aria-label={t('settings.actions')} />
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <DeliveryRow
                key={d.id}
                delivery={d}
                open={open === d.id}
                onToggle={() => setOpen(open === d.id ? null : d.id)}
                onResend={() => resend.mutate(d.id)}
                resending={resend.isPending && resend.variables === d.id}
                canResend={webhook.enabled}
              />
            ))}
          </tbody>
        </table>
      )}
      {log.data && rows.length === 0 && <p className="muted empty">{t('settings.webhooks.noDeliveries')}</p>}
      {log.hasNextPage && (
        <button type="button" className="button load-more" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          {t('settings.webhooks.older')}
        </button>
      )}
    </div>
  );
}

function DeliveryRow({
  delivery: d,
  open,
  onToggle,
  onResend,
  resending,
  canResend,
}: {
  delivery: WebhookDelivery;
  open: boolean;
  onToggle: () => void;
  onResend: () => void;
  resending: boolean;
  canResend: boolean;
}) {
  const { t } = useTranslation();
  const time = (s: number | null) => (s ? new Date(s * 1000).toLocaleString() : '–');
  return (
    <>
      <tr>
        <td className="nowrap">{time(d.created_at)}</td>
        <td>
          <button type="button" className="link-button" aria-expanded={open} onClick={onToggle}>
            <code>{d.event}</code>
          </button>
        </td>
        <td>
          <span className={`chip ${chipOf[d.status]}`}>{t(`settings.webhooks.status.${d.status}`)}</span>
          {d.status === 'pending' && d.next_attempt_at && (
            <div className="muted small">{t('settings.webhooks.nextAttempt', { time: time(d.next_attempt_at) })}</div>
          )}
        </td>
        <td>{d.attempts}</td>
        <td>
          {d.response_status ?? '–'}
          {d.duration_ms != null && <div className="muted small">{t('settings.webhooks.duration', { ms: d.duration_ms })}</div>}
        </td>
        <td className={d.last_error ? 'delivery-error' : 'muted'} title={d.last_error ?? undefined}>
          {d.last_error ?? '–'}
        </td>
        <td className="table__actions">
          <button type="button" className="button" disabled={!canResend || resending} onClick={onResend}>
            {resending ? t('settings.webhooks.resending') : t('settings.webhooks.resend')}
          </button>
        </td>
      </tr>
      {open && (
        <tr className="delivery-payload">
          <td colSpan={7}>
            <div className="muted small">
              webhook-id <code>{d.message_id}</code>
            </div>
            <pre>{JSON.stringify(d.payload, null, 2)}</pre>
          </td>
        </tr>
      )}
    </>
  );
}
