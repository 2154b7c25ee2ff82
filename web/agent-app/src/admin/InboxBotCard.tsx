import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { botKeys, fetchAgentBots, fetchInboxBot, setInboxBot, type AgentBot, type Inbox } from './api';
import { choiceOf, inboxBotBody, type InboxBotChoice } from './bots';
import { Field, FormActions, FormError, Loading, useSave } from './ui';

/** Who answers first in an inbox: the built-in story (above) or an external agent bot (docs/bots.md). Administrators only. */
export function InboxBotCard({ accountId, inbox }: { accountId: number; inbox: Inbox }) {
  const { t } = useTranslation();
  const current = useQuery({ queryKey: botKeys.ofInbox(accountId, inbox.id), queryFn: () => fetchInboxBot(accountId, inbox.id) });
  const bots = useQuery({ queryKey: botKeys.list(accountId), queryFn: () => fetchAgentBots(accountId) });
  return (
    <section className="card">
      <h2>{t('settings.inboxBot.title')}</h2>
      <p className="muted">{t('settings.inboxBot.intro')}</p>
      <Loading query={current} />
      <Loading query={bots} />
      {current.isSuccess && bots.data && <InboxBotFields accountId={accountId} inbox={inbox} initial={choiceOf(current.data)} bots={bots.data} />}
    </section>
  );
}

function InboxBotFields({ accountId, inbox, initial, bots }: { accountId: number; inbox: Inbox; initial: InboxBotChoice; bots: AgentBot[] }) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState(initial);
  const [saved, setSaved] = useState(false);
  useEffect(() => setSaved(false), [choice]);
  const save = useSave(
    (c: InboxBotChoice) => {
      const body = inboxBotBody(c);
      return setInboxBot(accountId, inbox.id, body.agent_bot, body.secondary_agent_bots);
    },
    [botKeys.ofInbox(accountId, inbox.id)],
    () => setSaved(true),
  );
  const errors = save.fieldErrors;
  const others = bots.filter((b) => b.id !== choice.primary);
  const toggle = (id: number) =>
    setChoice((c) => ({ ...c, secondaries: c.secondaries.includes(id) ? c.secondaries.filter((x) => x !== id) : [...c.secondaries, id] }));

  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(choice);
      }}
    >
      <div className="field" role="radiogroup" aria-label={t('settings.inboxBot.title')}>
        <label className="field__check">
          <input type="radio" name="bot-mode" checked={choice.mode === 'story'} onChange={() => setChoice({ ...choice, mode: 'story' })} />
          <span>{t('settings.inboxBot.story')}</span>
        </label>
        <label className="field__check">
          <input
            type="radio"
            name="bot-mode"
            checked={choice.mode === 'bot'}
            disabled={bots.length === 0}
            onChange={() => setChoice({ ...choice, mode: 'bot', primary: choice.primary ?? bots[0]?.id ?? null })}
          />
          <span>{t('settings.inboxBot.external')}</span>
        </label>
        {bots.length === 0 && (
          <span className="field__hint muted">
            {t('settings.inboxBot.noBots')} <Link to="../bots">{t('settings.nav.bots')}</Link>
          </span>
        )}
      </div>
      {choice.mode === 'bot' && (
        <div className="form-grid">
          <Field label={t('settings.inboxBot.primary')} name="agent_bot" errors={errors} hint={t('settings.inboxBot.primaryHint')}>
            <select value={choice.primary ?? ''} onChange={(e) => setChoice({ ...choice, primary: Number(e.target.value) })}>
              {bots.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </Field>
          {others.length > 0 && (
            <Field label={t('settings.inboxBot.secondary')} name="secondary_agent_bots" errors={errors} hint={t('settings.inboxBot.secondaryHint')}>
              <fieldset className="event-group" role="group">
                {others.map((b) => (
                  <label key={b.id} className="field__check">
                    <input type="checkbox" checked={choice.secondaries.includes(b.id)} onChange={() => toggle(b.id)} />
                    <span>{b.name}</span>
                  </label>
                ))}
              </fieldset>
            </Field>
          )}
        </div>
      )}
      <FormError error={save.error} fields={['agent_bot', 'secondary_agent_bots']} />
      <FormActions pending={save.isPending} saved={saved && save.isSuccess} />
    </form>
  );
}
