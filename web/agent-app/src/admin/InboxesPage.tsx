import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type CSSProperties } from 'react';
import { accentOf } from '../../../widget/src/look';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_NAMES, SUPPORTED_LANGUAGES } from '../i18n/languages';
import {
  adminKeys,
  createInbox,
  fetchAutomation,
  fetchInboxMembers,
  fetchInboxes,
  fetchInboxWebhook,
  fetchStories,
  fetchTeams,
  patchInbox,
  putAutomation,
  setInboxMembers,
  type Automation,
  type Inbox,
} from './api';
import { splitList } from './errors';
import { MemberChecklist } from './MemberChecklist';
import { InboxBotCard } from './InboxBotCard';
import { channelKey } from './format';
import { CopyButton, Field, FormActions, FormError, Loading, PageHead, fromNumber, toNumber, useSave, useSettings } from './ui';

export function InboxesPage() {
  const { t } = useTranslation();
  const { accountId, canEdit } = useSettings();
  const inboxes = useQuery({ queryKey: adminKeys.inboxes(accountId), queryFn: () => fetchInboxes(accountId) });
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const current = typeof editing === 'number' ? inboxes.data?.find((x) => x.id === editing) : undefined;

  return (
    <section className="settings-page">
      <PageHead
        title={t('settings.inboxes.title')}
        intro={t('settings.inboxes.intro')}
        action={
          canEdit && (
            <button type="button" className="button button--primary" onClick={() => setEditing('new')}>
              {t('settings.inboxes.new')}
            </button>
          )
        }
      />
      {editing === 'new' && <InboxForm accountId={accountId} canEdit onClose={(id) => setEditing(id ?? null)} />}
      <Loading query={inboxes} />
      {inboxes.data && (
        <div className="card table-card">
          <table className="table">
            <thead>
              <tr>
                <th>{t('settings.inboxes.name')}</th>
                <th>{t('settings.inboxes.channel')}</th>
                <th>{t('settings.inboxes.websiteUrl')}</th>
                <th aria-label={t('settings.actions')} />
              </tr>
            </thead>
            <tbody>
              {inboxes.data.map((inbox) => (
                <tr key={inbox.id} className={editing === inbox.id ? 'table__row--selected' : undefined}>
                  <td>
                    <span className="color-dot" style={{ background: inbox.widget_color || '#2f5bea' }} aria-hidden="true" />
                    <strong>{inbox.name}</strong>
                  </td>
                  <td>{t(`settings.inboxes.type.${channelKey(inbox.channel_type)}`)}</td>
                  <td className="muted">{inbox.website_url || '–'}</td>
                  <td className="table__actions">
                    <button type="button" className="button" onClick={() => setEditing(inbox.id)}>
                      {canEdit ? t('settings.edit') : t('settings.view')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {inboxes.data.length === 0 && <p className="muted empty">{t('settings.inboxes.empty')}</p>}
        </div>
      )}
      {current && (
        <div className="editor" key={current.id}>
          <InboxForm accountId={accountId} inbox={current} canEdit={canEdit} onClose={() => setEditing(null)} />
          {current.web_widget_script && <Snippet script={current.web_widget_script} />}
          {current.hmac_token && (
            <SecretCard title={t('settings.inboxes.hmacToken')} intro={t('settings.inboxes.hmacTokenIntro')} secret={current.hmac_token} />
          )}
          {current.webhook_url && <InboxWebhookSecret accountId={accountId} inbox={current} />}
          <AutomationForm accountId={accountId} inbox={current} canEdit={canEdit} />
          {canEdit && <InboxBotCard accountId={accountId} inbox={current} />}
          <MemberChecklist
            accountId={accountId}
            title={t('settings.inboxes.members')}
            intro={t('settings.inboxes.membersIntro')}
            membersKey={adminKeys.inboxMembers(accountId, current.id)}
            fetchMembers={() => fetchInboxMembers(accountId, current.id)}
            saveMembers={(userIds) => setInboxMembers(accountId, current.id, userIds)}
            canEdit={canEdit}
          />
        </div>
      )}
    </section>
  );
}

const FIELDS = [
  'name',
  'channel.type',
  'channel.website_url',
  'channel.webhook_url',
  'channel.widget_color',
  'channel.welcome_title',
  'channel.welcome_tagline',
  'locale',
  'allowed_origins',
  'hmac_mandatory',
];

function InboxForm({ accountId, inbox, canEdit, onClose }: { accountId: number; inbox?: Inbox; canEdit: boolean; onClose: (id?: number) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(inbox?.name ?? '');
  const [type, setType] = useState<'web_widget' | 'api'>(inbox ? channelKey(inbox.channel_type) : 'web_widget');
  const [websiteUrl, setWebsiteUrl] = useState(inbox?.website_url ?? '');
  const [webhookUrl, setWebhookUrl] = useState(inbox?.webhook_url ?? '');
  const [color, setColor] = useState(inbox?.widget_color || '#2f5bea');
  const [title, setTitle] = useState(inbox?.welcome_title ?? '');
  const [tagline, setTagline] = useState(inbox?.welcome_tagline ?? '');
  const [locale, setLocale] = useState(inbox?.locale ?? '');
  const [origins, setOrigins] = useState((inbox?.allowed_origins ?? []).join('\n'));
  const [hmacMandatory, setHmacMandatory] = useState(inbox?.hmac_mandatory ?? false);
  const [saved, setSaved] = useState(false);
  useEffect(() => setSaved(false), [name, type, websiteUrl, webhookUrl, color, title, tagline, locale, origins, hmacMandatory]);
  const save = useSave(
    (body: Record<string, unknown>) => (inbox ? patchInbox(accountId, inbox.id, body) : createInbox(accountId, body)),
    [adminKeys.inboxes(accountId)],
    (result) => (inbox ? setSaved(true) : onClose(result?.id)),
  );
  const errors = save.fieldErrors;
  const widget = type === 'web_widget';

  return (
    <form
      className="card form"
      onSubmit={(e) => {
        e.preventDefault();
        const channel: Record<string, unknown> = { type };
        if (widget) Object.assign(channel, { website_url: websiteUrl, widget_color: color, welcome_title: title, welcome_tagline: tagline });
        else channel.webhook_url = webhookUrl.trim();
        save.mutate({
          name,
          channel,
          locale: locale || null,
          allowed_origins: splitList(origins),
          hmac_mandatory: hmacMandatory,
        });
      }}
    >
      <div className="card__head">
        <h2>{inbox ? inbox.name : t('settings.inboxes.new')}</h2>
        <button type="button" className="button button--ghost" onClick={() => onClose()} aria-label={t('settings.close')}>
          ✕
        </button>
      </div>
      <fieldset disabled={!canEdit}>
        <div className="form-grid">
          <Field label={t('settings.inboxes.name')} name="name" errors={errors}>
            <input value={name} onChange={(e) => setName(e.target.value)} required autoFocus={!inbox} />
          </Field>
          <Field label={t('settings.inboxes.channel')} name="channel.type" errors={errors}>
            <select value={type} disabled={!!inbox} onChange={(e) => setType(e.target.value as 'web_widget' | 'api')}>
              <option value="web_widget">{t('settings.inboxes.type.web_widget')}</option>
              <option value="api">{t('settings.inboxes.type.api')}</option>
            </select>
          </Field>
          {widget && (
            <>
              <Field label={t('settings.inboxes.websiteUrl')} name="channel.website_url" errors={errors}>
                <input type="url" value={websiteUrl} placeholder="https://www.example.com" onChange={(e) => setWebsiteUrl(e.target.value)} />
              </Field>
              <Field label={t('settings.inboxes.color')} name="channel.widget_color" errors={errors}>
                <input type="color" value={color} onChange={(e) => setColor(e.target.value)} />
              </Field>
              <Field label={t('settings.inboxes.welcomeTitle')} name="channel.welcome_title" errors={errors}>
                <input value={title} onChange={(e) => setTitle(e.target.value)} />
              </Field>
              <Field label={t('settings.inboxes.welcomeTagline')} name="channel.welcome_tagline" errors={errors}>
                <input value={tagline} onChange={(e) => setTagline(e.target.value)} />
              </Field>
              <WidgetPreview color={color} title={title} tagline={tagline} />
            </>
          )}
          {!widget && (
            <Field label={t('settings.inboxes.webhookUrl')} name="channel.webhook_url" errors={errors} hint={t('settings.inboxes.webhookUrlHint')}>
              <input type="url" value={webhookUrl} placeholder="https://bot.example.com/baton" onChange={(e) => setWebhookUrl(e.target.value)} />
            </Field>
          )}
          <Field label={t('settings.inboxes.locale')} name="locale" errors={errors} hint={t('settings.inboxes.localeHint')}>
            <select value={locale} onChange={(e) => setLocale(e.target.value)}>
              <option value="">{t('settings.inboxes.localeAuto')}</option>
              {SUPPORTED_LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {LANGUAGE_NAMES[l]}
                </option>
              ))}
            </select>
          </Field>
          <div className="field--wide">
            <Field label={t('settings.inboxes.allowedOrigins')} name="allowed_origins" errors={errors} hint={t('settings.inboxes.allowedOriginsHint')}>
              <textarea rows={3} value={origins} placeholder="https://www.example.com" onChange={(e) => setOrigins(e.target.value)} />
            </Field>
          </div>
          <div className="field--wide">
            <Field
              label={t('settings.inboxes.hmacMandatory')}
              name="hmac_mandatory"
              errors={errors}
              inline
              hint={t('settings.inboxes.hmacMandatoryHint')}
            >
              <input type="checkbox" checked={hmacMandatory} onChange={(e) => setHmacMandatory(e.target.checked)} />
            </Field>
          </div>
        </div>
        <FormError error={save.error} fields={FIELDS} />
        {canEdit && <FormActions pending={save.isPending} saved={saved && save.isSuccess} />}
      </fieldset>
    </form>
  );
}

/** The widget's panel as visitors will see it with these settings (the widget draws it with the same colours). */
function WidgetPreview({ color, title, tagline }: { color: string; title: string; tagline: string }) {
  const { t } = useTranslation();
  const accent = accentOf(color);
  const style = accent
    ? ({ '--preview-accent': accent.accent, '--preview-on-accent': accent.on } as CSSProperties)
    : undefined;
  return (
    <figure className="field--wide widget-preview" style={style}>
      <figcaption>
        {t('settings.inboxes.preview')} <span className="muted">{t('settings.inboxes.previewHint')}</span>
      </figcaption>
      <div className="widget-preview__panel" role="img" aria-label={t('settings.inboxes.preview')}>
        <div className="widget-preview__head">
          <strong>{title.trim() || t('settings.inboxes.previewTitle')}</strong>
          <span>{tagline.trim() || t('settings.inboxes.previewTagline')}</span>
        </div>
        <div className="widget-preview__body">
          <span className="widget-preview__bubble">{t('settings.inboxes.previewAgent')}</span>
          <span className="widget-preview__bubble widget-preview__bubble--visitor">{t('settings.inboxes.previewVisitor')}</span>
        </div>
      </div>
    </figure>
  );
}

function Snippet({ script }: { script: string }) {
  const { t } = useTranslation();
  return (
    <section className="card">
      <h2>{t('settings.inboxes.snippet')}</h2>
      <p className="muted">{t('settings.inboxes.snippetIntro')}</p>
      <pre className="snippet">
        <code>{script}</code>
      </pre>
      <CopyButton text={script} />
    </section>
  );
}

/** A secret shown on request, with a copy button: the identity secret, an API inbox's webhook signing secret. */
function SecretCard({ title, intro, secret }: { title: string; intro: string; secret: string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  return (
    <section className="card">
      <h2>{title}</h2>
      <p className="muted">{intro}</p>
      <div className="copy-row">
        <code className="secret">{shown ? secret : '•'.repeat(24)}</code>
        <button type="button" className="button" onClick={() => setShown(!shown)}>
          {shown ? t('settings.hide') : t('settings.show')}
        </button>
        <CopyButton text={secret} />
      </div>
    </section>
  );
}

/** The signing secret of the deliveries to an API inbox's webhook_url (docs/webhooks.md). */
function InboxWebhookSecret({ accountId, inbox }: { accountId: number; inbox: Inbox }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: [...adminKeys.inboxWebhook(accountId, inbox.id), inbox.webhook_url],
    queryFn: () => fetchInboxWebhook(accountId, inbox.id),
  });
  if (!query.data) return null;
  return <SecretCard title={t('settings.inboxes.webhookSecret')} intro={t('settings.inboxes.webhookSecretIntro')} secret={query.data.secret} />;
}

const AUTOMATION_FIELDS = ['story_id', 'team_id', 'handover_keywords', 'pseudonym_template', 'no_agent_email'];

function AutomationForm({ accountId, inbox, canEdit }: { accountId: number; inbox: Inbox; canEdit: boolean }) {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: adminKeys.automation(accountId, inbox.id), queryFn: () => fetchAutomation(accountId, inbox.id) });
  return (
    <section className="card">
      <h2>{t('settings.automation.title')}</h2>
      <p className="muted">{t('settings.automation.intro')}</p>
      <Loading query={query} />
      {query.data && <AutomationFields accountId={accountId} inbox={inbox} automation={query.data} canEdit={canEdit} />}
    </section>
  );
}

function AutomationFields({ accountId, inbox, automation, canEdit }: { accountId: number; inbox: Inbox; automation: Automation; canEdit: boolean }) {
  const { t } = useTranslation();
  const stories = useQuery({ queryKey: adminKeys.stories(accountId), queryFn: () => fetchStories(accountId) });
  const teams = useQuery({ queryKey: adminKeys.teams(accountId), queryFn: () => fetchTeams(accountId) });
  const [storyId, setStoryId] = useState(fromNumber(automation.story_id));
  const [teamId, setTeamId] = useState(fromNumber(automation.team_id));
  const [keywords, setKeywords] = useState((automation.handover_keywords ?? []).join(', '));
  const [pseudonym, setPseudonym] = useState(automation.pseudonym_template ?? '');
  const [email, setEmail] = useState(automation.no_agent_email ?? '');
  const [saved, setSaved] = useState(false);
  useEffect(() => setSaved(false), [storyId, teamId, keywords, pseudonym, email]);
  const save = useSave((body: Automation) => putAutomation(accountId, inbox.id, body), [adminKeys.automation(accountId, inbox.id)], () => setSaved(true));
  const errors = save.fieldErrors;

  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          story_id: toNumber(storyId),
          team_id: toNumber(teamId),
          handover_keywords: splitList(keywords),
          pseudonym_template: pseudonym.trim() || null,
          no_agent_email: email.trim() || null,
        });
      }}
    >
      <fieldset disabled={!canEdit}>
        <div className="form-grid">
          <Field label={t('settings.automation.story')} name="story_id" errors={errors} hint={t('settings.automation.storyHint')}>
            <select value={storyId} onChange={(e) => setStoryId(e.target.value)}>
              <option value="">{t('settings.automation.noStory')}</option>
              {(stories.data ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.published_version == null ? t('settings.automation.unpublished', { name: s.name }) : s.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('settings.automation.team')} name="team_id" errors={errors} hint={t('settings.automation.teamHint')}>
            <select value={teamId} onChange={(e) => setTeamId(e.target.value)}>
              <option value="">{t('settings.none')}</option>
              {(teams.data ?? []).map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('settings.automation.keywords')} name="handover_keywords" errors={errors} hint={t('settings.automation.keywordsHint')}>
            <input value={keywords} onChange={(e) => setKeywords(e.target.value)} />
          </Field>
          <Field label={t('settings.automation.pseudonym')} name="pseudonym_template" errors={errors} hint={t('settings.automation.pseudonymHint')}>
            <input value={pseudonym} placeholder="{{first_name}} ({{city}})" onChange={(e) => setPseudonym(e.target.value)} />
          </Field>
          <Field label={t('settings.automation.noAgentEmail')} name="no_agent_email" errors={errors} hint={t('settings.automation.noAgentEmailHint')}>
            <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
          </Field>
        </div>
        <FormError error={save.error} fields={AUTOMATION_FIELDS} />
        {canEdit && <FormActions pending={save.isPending} saved={saved && save.isSuccess} />}
      </fieldset>
    </form>
  );
}

