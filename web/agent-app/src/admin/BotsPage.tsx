import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BOT_EVENTS,
  DEFAULT_BOT_EVENTS,
  botKeys,
  createAgentBot,
  deleteAgentBot,
  fetchAgentBots,
  patchAgentBot,
  resetAgentBotToken,
  type AgentBot,
  type AgentBotDraft,
} from './api';
import { CopyButton, DeleteButton, Field, FormActions, FormError, Loading, PageHead, useSave, useSettings } from './ui';

/** External agent bots, for administrators (docs/bots.md). */
export function BotsPage() {
  const { t } = useTranslation();
  const { accountId } = useSettings();
  const bots = useQuery({ queryKey: botKeys.list(accountId), queryFn: () => fetchAgentBots(accountId) });
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  /** The bot as create or reset answered it: the only time its access token is known. */
  const [revealed, setRevealed] = useState<AgentBot | null>(null);
  const current = typeof editing === 'number' ? bots.data?.find((b) => b.id === editing) : undefined;

  return (
    <section className="settings-page">
      <PageHead
        title={t('settings.bots.title')}
        intro={t('settings.bots.intro')}
        action={
          <button type="button" className="button button--primary" onClick={() => setEditing('new')}>
            {t('settings.bots.new')}
          </button>
        }
      />
      {revealed && <Credentials bot={revealed} onDone={() => setRevealed(null)} />}
      {editing === 'new' && (
        <BotForm
          accountId={accountId}
          onClose={(created) => {
            setEditing(created?.id ?? null);
            if (created) setRevealed(created);
          }}
        />
      )}
      <Loading query={bots} />
      {bots.data && (
        <div className="card table-card">
          <table className="table">
            <thead>
              <tr>
                <th>{t('settings.bots.name')}</th>
                <th>{t('settings.bots.url')}</th>
                <th>{t('settings.bots.events')}</th>
                <th>{t('settings.bots.state')}</th>
                <th aria-label={t('settings.actions')} />
              </tr>
            </thead>
            <tbody>
              {bots.data.map((b) => (
                <tr key={b.id} className={editing === b.id ? 'table__row--selected' : undefined}>
                  <td>
                    <strong>{b.name}</strong>
                    {b.description && <div className="muted">{b.description}</div>}
                  </td>
                  <td className="muted webhook-url">{b.outgoing_url}</td>
                  <td className="muted">{t('settings.bots.eventCount', { count: b.events.length })}</td>
                  <td>
                    {b.enabled ? (
                      <span className="chip chip--published">{t('settings.bots.active')}</span>
                    ) : (
                      <span className="chip chip--inactive">{t('settings.bots.disabled')}</span>
                    )}
                  </td>
                  <td className="table__actions">
                    <button type="button" className="button" onClick={() => setEditing(b.id)}>
                      {t('settings.edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {bots.data.length === 0 && <p className="muted empty">{t('settings.bots.empty')}</p>}
        </div>
      )}
      {current && (
        <div className="editor" key={current.id}>
          <BotForm accountId={accountId} bot={current} onClose={() => setEditing(null)} />
          <TokenCard accountId={accountId} bot={current} onReset={setRevealed} />
        </div>
      )}
    </section>
  );
}

const FIELDS = ['name', 'description', 'outgoing_url', 'events', 'max_failures', 'reply_deadline_seconds'];

function BotForm({ accountId, bot, onClose }: { accountId: number; bot?: AgentBot; onClose: (created?: AgentBot) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(bot?.name ?? '');
  const [description, setDescription] = useState(bot?.description ?? '');
  const [url, setUrl] = useState(bot?.outgoing_url ?? '');
  const [events, setEvents] = useState<string[]>(bot?.events ?? DEFAULT_BOT_EVENTS);
  const [maxFailures, setMaxFailures] = useState(String(bot?.max_failures ?? 3));
  const [deadline, setDeadline] = useState(String(bot?.reply_deadline_seconds ?? 30));
  const [saved, setSaved] = useState(false);
  useEffect(() => setSaved(false), [name, description, url, events, maxFailures, deadline]);
  const keys = [botKeys.list(accountId)];
  const save = useSave(
    (body: AgentBotDraft) => (bot ? patchAgentBot(accountId, bot.id, body) : createAgentBot(accountId, body)),
    keys,
    (result) => (bot ? setSaved(true) : onClose(result)),
  );
  const remove = useSave(() => deleteAgentBot(accountId, bot!.id), keys, () => onClose());
  const errors = save.fieldErrors;
  const toggle = (event: string) => setEvents((list) => (list.includes(event) ? list.filter((e) => e !== event) : [...list, event]));

  return (
    <form
      className="card form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          name: name.trim(),
          description: description.trim(),
          outgoing_url: url.trim(),
          events,
          max_failures: Number(maxFailures),
          reply_deadline_seconds: Number(deadline),
        });
      }}
    >
      <div className="card__head">
        <h2>{bot ? bot.name : t('settings.bots.new')}</h2>
        <button type="button" className="button button--ghost" onClick={() => onClose()} aria-label={t('settings.close')}>
          ✕
        </button>
      </div>
      <div className="form-grid">
        <Field label={t('settings.bots.name')} name="name" errors={errors}>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={255} required autoFocus={!bot} />
        </Field>
        <Field label={t('settings.bots.url')} name="outgoing_url" errors={errors} hint={t('settings.bots.urlHint')}>
          <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} required placeholder="https://" />
        </Field>
        <div className="field--wide">
          <Field label={t('settings.bots.description')} name="description" errors={errors}>
            <input value={description} onChange={(e) => setDescription(e.target.value)} />
          </Field>
        </div>
        <Field label={t('settings.bots.maxFailures')} name="max_failures" errors={errors} hint={t('settings.bots.maxFailuresHint')}>
          <input type="number" min={1} max={20} step={1} value={maxFailures} onChange={(e) => setMaxFailures(e.target.value)} required />
        </Field>
        <Field label={t('settings.bots.deadline')} name="reply_deadline_seconds" errors={errors} hint={t('settings.bots.deadlineHint')}>
          <input type="number" min={1} max={600} step={1} value={deadline} onChange={(e) => setDeadline(e.target.value)} required />
        </Field>
      </div>
      <Field label={t('settings.bots.events')} name="events" errors={errors}>
        <fieldset className="event-group" role="group">
          <legend className="muted">{t('settings.bots.eventsHint')}</legend>
          {BOT_EVENTS.map((event) => (
            <label key={event} className="field__check">
              <input type="checkbox" checked={events.includes(event)} onChange={() => toggle(event)} />
              <span>
                <code>{event}</code> <span className="muted">{t(`settings.bots.eventText.${event}`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
      </Field>
      <FormError error={save.error ?? remove.error} fields={FIELDS} />
      <div className="form-actions form-actions--split">
        {bot ? <DeleteButton onConfirm={() => remove.mutate(undefined)} pending={remove.isPending} /> : <span />}
        <FormActions pending={save.isPending} saved={saved && save.isSuccess} />
      </div>
    </form>
  );
}

/** The access token and signing secret, right after create or reset: the token is not shown again. */
function Credentials({ bot, onDone }: { bot: AgentBot; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="card bot-credentials" role="status" aria-label={t('settings.bots.credentials', { name: bot.name })}>
      <div className="card__head">
        <h2>{t('settings.bots.credentials', { name: bot.name })}</h2>
      </div>
      <p className="form-warning">{t('settings.bots.onlyOnce')}</p>
      <CopyableValue label={t('settings.bots.token')} value={bot.access_token ?? ''} hint={t('settings.bots.tokenHint')} testId="bot-token" />
      <CopyableValue label={t('settings.bots.secret')} value={bot.secret} hint={t('settings.bots.secretHint')} testId="bot-secret" />
      <div className="form-actions">
        <button type="button" className="button button--primary" onClick={onDone}>
          {t('settings.bots.done')}
        </button>
      </div>
    </section>
  );
}

function CopyableValue({ label, value, hint, testId }: { label: string; value: string; hint: string; testId: string }) {
  return (
    <div className="field">
      <span className="field__label">{label}</span>
      <div className="secret-row">
        <code className="secret" data-testid={testId}>
          {value}
        </code>
        <CopyButton text={value} />
      </div>
      <span className="field__hint muted">{hint}</span>
    </div>
  );
}

function TokenCard({ accountId, bot, onReset }: { accountId: number; bot: AgentBot; onReset: (bot: AgentBot) => void }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const reset = useSave(() => resetAgentBotToken(accountId, bot.id), [botKeys.list(accountId)], onReset);
  return (
    <div className="card">
      <div className="card__head">
        <h2>{t('settings.bots.token')}</h2>
      </div>
      <p className="muted">{t('settings.bots.resetHint')}</p>
      <div className="secret-row">
        <code className="secret">{'•'.repeat(24)}</code>
        <button type="button" className="button" disabled={reset.isPending} onClick={() => reset.mutate(undefined)}>
          {t('settings.bots.reset')}
        </button>
      </div>
      <h2>{t('settings.bots.secret')}</h2>
      <p className="muted">{t('settings.bots.secretHint')}</p>
      <div className="secret-row">
        <code className="secret">{shown ? bot.secret : 'whsec_' + '•'.repeat(24)}</code>
        <button type="button" className="button" onClick={() => setShown(!shown)}>
          {shown ? t('settings.hide') : t('settings.show')}
        </button>
        <CopyButton text={bot.secret} />
      </div>
      <FormError error={reset.error} fields={[]} />
    </div>
  );
}
