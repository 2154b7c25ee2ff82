import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  adminKeys,
  chooseSlackChannel,
  connectSlack,
  disconnectSlack,
  fetchInboxes,
  fetchSlack,
  fetchSlackChannels,
  slackKeys,
  startSlackInstall,
  type SlackConnection,
  type SlackHolder,
} from './api';
import { DeleteButton, Field, FormActions, FormError, Loading, PageHead, useSave, useSettings } from './ui';

/** Connecting an inbox to a Slack workspace, for administrators (docs/slack.md, seed 000). */
export function SlackPage() {
  const { t } = useTranslation();
  const { accountId } = useSettings();
  const inboxes = useQuery({ queryKey: adminKeys.inboxes(accountId), queryFn: () => fetchInboxes(accountId) });
  // Slack's install flow comes back with ?inbox=…&slack=connected (or &slack_error=…).
  const [params] = useSearchParams();
  const returnedTo = Number(params.get('inbox')) || null;
  const [inboxId, setInboxId] = useState<number | null>(returnedTo);
  useEffect(() => {
    const first = inboxes.data?.[0];
    if (inboxId == null && first) setInboxId(first.id);
  }, [inboxes.data, inboxId]);

  return (
    <section className="settings-page">
      <PageHead title={t('settings.slack.title')} intro={t('settings.slack.intro')} />
      <Loading query={inboxes} />
      {inboxes.data && inboxes.data.length > 1 && (
        <div className="card form">
          <Field label={t('settings.slack.inbox')} name="inbox" errors={{}}>
            <select value={inboxId ?? ''} onChange={(e) => setInboxId(Number(e.target.value))}>
              {inboxes.data.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </select>
          </Field>
        </div>
      )}
      {inboxId != null && inboxId === returnedTo && (
        <InstallOutcome connected={params.get('slack') === 'connected'} error={params.get('slack_error')} />
      )}
      {inboxId != null && <SlackConnectionPanel key={inboxId} accountId={accountId} holder={{ kind: 'inboxes', id: inboxId }} />}
    </section>
  );
}

/** An inbox's or a team's connection: the workspace, the token, the request channel (the teams page shows it too). */
export function SlackConnectionPanel({ accountId, holder }: { accountId: number; holder: SlackHolder }) {
  const { t } = useTranslation();
  const connection = useQuery({ queryKey: slackKeys.connection(accountId, holder), queryFn: () => fetchSlack(accountId, holder) });
  const c = connection.data;
  return (
    <>
      <Loading query={connection} />
      {c && <Requirements connection={c} />}
      {c && c.connected && c.last_error && (
        <p className="form-warning" role="status">
          {t(`settings.slack.errors.${c.last_error}`, { defaultValue: c.last_error_message ?? c.last_error })}
        </p>
      )}
      {c && c.connected && c.status === 'disabled' && (
        <p className="form-warning" role="status">
          {t('settings.slack.disabled', { reason: c.disabled_reason ?? '' })}
        </p>
      )}
      {c && c.install_available && <AddToSlack accountId={accountId} holder={holder} />}
      {c && <TokenForm accountId={accountId} holder={holder} connection={c} />}
      {c && c.connected && c.status === 'active' && <ChannelForm accountId={accountId} holder={holder} connection={c} />}
    </>
  );
}

/** What Slack's install flow came back with. */
export function InstallOutcome({ connected, error }: { connected: boolean; error: string | null }) {
  const { t } = useTranslation();
  if (connected) {
    return (
      <p className="form-success" role="status">
        {t('settings.slack.installed')}
      </p>
    );
  }
  if (!error) return null;
  return (
    <p className="form-warning" role="alert">
      {t(`settings.slack.installErrors.${error}`, { defaultValue: t('settings.slack.installErrors.other', { code: error }) })}
    </p>
  );
}

/** "Add to Slack": to Slack's authorize page, which sends the browser back to this page. */
function AddToSlack({ accountId, holder }: { accountId: number; holder: SlackHolder }) {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <div className="card">
      <p className="muted">{t('settings.slack.installIntro')}</p>
      <button
        type="button"
        className="button button--primary"
        disabled={pending}
        onClick={() => {
          setPending(true);
          startSlackInstall(accountId, holder)
            .then((url) => window.location.assign(url))
            .catch((e: unknown) => {
              setError(e);
              setPending(false);
            });
        }}
      >
        {pending ? t('settings.slack.installing') : t('settings.slack.addToSlack')}
      </button>
      <FormError error={error} fields={[]} />
    </div>
  );
}

function Requirements({ connection }: { connection: SlackConnection }) {
  const { t } = useTranslation();
  return (
    <div className="card">
      <div className="card__head">
        <h2>{t('settings.slack.requirementsTitle')}</h2>
      </div>
      <p className="muted">{t('settings.slack.requirementsIntro')}</p>
      <ul>
        {connection.requirements.map((r) => (
          <li key={r}>{t(`settings.slack.requirements.${r}`)}</li>
        ))}
      </ul>
      <p className="muted">{t('settings.slack.residency')}</p>
    </div>
  );
}

function TokenForm({ accountId, holder, connection }: { accountId: number; holder: SlackHolder; connection: SlackConnection }) {
  const { t } = useTranslation();
  const [token, setToken] = useState('');
  const keys = [slackKeys.connection(accountId, holder)];
  const save = useSave((value: string) => connectSlack(accountId, holder, value), keys, () => setToken(''));
  const remove = useSave(() => disconnectSlack(accountId, holder), keys);
  return (
    <form
      className="card form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(token.trim());
      }}
    >
      <div className="card__head">
        <h2>{t('settings.slack.workspace')}</h2>
        {connection.connected && (
          <span className={`chip ${connection.status === 'active' ? 'chip--published' : 'chip--inactive'}`}>
            {t(`settings.slack.status.${connection.status}`)}
          </span>
        )}
      </div>
      {connection.connected && (
        <p>{t('settings.slack.connectedTo', { team: connection.team_name ?? connection.team_id })}</p>
      )}
      <Field label={t('settings.slack.botToken')} name="bot_token" errors={save.fieldErrors} hint={t('settings.slack.botTokenHint')}>
        <input type="password" value={token} onChange={(e) => setToken(e.target.value)} placeholder="xoxb-…" autoComplete="off" required />
      </Field>
      <FormError error={save.error ?? remove.error} fields={['bot_token']} />
      <div className="form-actions form-actions--split">
        {connection.connected ? (
          <DeleteButton onConfirm={() => remove.mutate(undefined)} pending={remove.isPending} label={t('settings.slack.disconnect')} />
        ) : (
          <span />
        )}
        <FormActions pending={save.isPending} saved={save.isSuccess} />
      </div>
    </form>
  );
}

function ChannelForm({ accountId, holder, connection }: { accountId: number; holder: SlackHolder; connection: SlackConnection }) {
  const { t } = useTranslation();
  const channels = useQuery({ queryKey: slackKeys.channels(accountId, holder), queryFn: () => fetchSlackChannels(accountId, holder) });
  const [channel, setChannel] = useState(connection.request_channel?.id ?? '');
  const save = useSave((id: string) => chooseSlackChannel(accountId, holder, id), [slackKeys.connection(accountId, holder)]);
  return (
    <form
      className="card form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(channel);
      }}
    >
      <div className="card__head">
        <h2>{t('settings.slack.requestChannel')}</h2>
      </div>
      {connection.request_channel && <p>{t('settings.slack.currentChannel', { name: connection.request_channel.name })}</p>}
      <Loading query={channels} />
      <Field label={t('settings.slack.channel')} name="channel_id" errors={save.fieldErrors} hint={t('settings.slack.channelHint')}>
        <select value={channel} onChange={(e) => setChannel(e.target.value)} required>
          <option value="">{t('settings.slack.chooseChannel')}</option>
          {(channels.data ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              #{c.name}
            </option>
          ))}
        </select>
      </Field>
      <FormError error={save.error} fields={['channel_id']} />
      <FormActions pending={save.isPending} saved={save.isSuccess} />
    </form>
  );
}
