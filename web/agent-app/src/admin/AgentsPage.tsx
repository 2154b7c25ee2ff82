import { useQueries, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatAge } from '../lib/format';
import {
  AGENT_ROLES,
  adminKeys,
  createAgent,
  deleteAgent,
  fetchAccount,
  fetchAgents,
  fetchInboxMembers,
  fetchInboxes,
  fetchInvitations,
  fetchPageRules,
  isInvitation,
  patchAgent,
  putPageRules,
  resendInvitation,
  revokeInvitation,
  setInboxMembers,
  signOutEverywhere,
  type Agent,
  type AgentRole,
  type Invitation,
  type PageRule,
} from './api';
import { seatsState, toUnixSeconds } from './format';
import { DeleteButton, Field, FormActions, FormError, Loading, PageHead, fromNumber, toNumber, useSave, useSettings } from './ui';

export function AgentsPage() {
  const { t, i18n } = useTranslation();
  const { accountId, canEdit } = useSettings();
  const agents = useQuery({ queryKey: adminKeys.agents(accountId), queryFn: () => fetchAgents(accountId) });
  const account = useQuery({ queryKey: adminKeys.account(accountId), queryFn: () => fetchAccount(accountId) });
  // Inviting and editing are two panels: "Edit" on a row opens (or switches) the editor and keeps the invitation
  // form open, and the other way round.
  const [inviting, setInviting] = useState(false);
  const [editing, setEditing] = useState<number | null>(null);
  const [invited, setInvited] = useState<string | null>(null);
  const used = account.data?.licences_used ?? (agents.data ?? []).filter((a) => a.licensed).length;
  const total = account.data?.licence_seats;
  const seats = seatsState(used, total);
  const current = editing != null ? agents.data?.find((a) => a.id === editing) : undefined;

  return (
    <section className="settings-page">
      <PageHead
        title={t('settings.agents.title')}
        intro={
          total == null
            ? t('settings.agents.seatsUnlimited', { used })
            : t('settings.agents.seats', { used, total })
        }
        action={
          canEdit && (
            <button type="button" className="button button--primary" onClick={() => setInviting(true)}>
              {t('settings.agents.new')}
            </button>
          )
        }
      />
      {seats.full && <p className="banner settings-banner">{t('settings.agents.seatsFull')}</p>}
      {invited && (
        <div className="card one-time" role="status">
          <p>{t('settings.agents.invitationSent', { email: invited })}</p>
          <button type="button" className="button button--ghost" onClick={() => setInvited(null)}>
            {t('app.dismiss')}
          </button>
        </div>
      )}
      {inviting && (
        <NewAgentForm
          accountId={accountId}
          seatsFull={seats.full}
          onDone={(answer) => {
            setInviting(false);
            if (isInvitation(answer)) {
              setInvited(answer.email);
            } else if (answer) {
              setEditing(answer.id);
            }
          }}
        />
      )}
      <Loading query={agents} />
      {agents.data && (
        <div className="card table-card">
          <table className="table">
            <thead>
              <tr>
                <th>{t('settings.agents.name')}</th>
                <th>{t('settings.agents.role')}</th>
                <th>{t('settings.agents.licensed')}</th>
                <th>{t('settings.agents.capacity')}</th>
                <th>{t('settings.agents.lastActivity')}</th>
                <th>{t('settings.agents.messages')}</th>
                <th>{t('preferences.admin.botColumn')}</th>
                <th>{t('preferences.admin.mailColumn')}</th>
                <th aria-label={t('settings.actions')} />
              </tr>
            </thead>
            <tbody>
              {agents.data.map((a) => {
                const last = toUnixSeconds(a.last_activity_at);
                return (
                  <tr key={a.id} className={editing === a.id ? 'table__row--selected' : undefined}>
                    <td>
                      <strong>{a.available_name || a.display_name || a.name}</strong>
                      <div className="muted">{a.email}</div>
                    </td>
                    <td>
                      <span className={`chip chip--role-${a.role}`}>{t(`settings.roles.${a.role}`, { defaultValue: a.role })}</span>
                    </td>
                    <td>{a.licensed ? t('settings.yes') : t('settings.no')}</td>
                    <td>{a.capacity ?? '–'}</td>
                    <td>{last ? formatAge(last, i18n.language) : t('settings.agents.never')}</td>
                    <td>{a.message_count ?? 0}</td>
                    <td>{a.show_bot_conversations ? t('settings.yes') : t('settings.no')}</td>
                    <td>{a.email_on_new_handoff ? t('settings.yes') : t('settings.no')}</td>
                    <td className="table__actions">
                      <button type="button" className="button" onClick={() => setEditing(a.id)}>
                        {canEdit ? t('settings.edit') : t('settings.view')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {agents.data.length === 0 && <p className="muted empty">{t('settings.agents.empty')}</p>}
        </div>
      )}
      {current && <AgentEditor key={current.id} accountId={accountId} agent={current} canEdit={canEdit} onClose={() => setEditing(null)} />}
      {canEdit && <Invitations accountId={accountId} />}
    </section>
  );
}

/** Invitations not accepted yet: who, since when, until when; sent again (a new link) or revoked. */
function Invitations({ accountId }: { accountId: number }) {
  const { t, i18n } = useTranslation();
  const invitations = useQuery({ queryKey: adminKeys.invitations(accountId), queryFn: () => fetchInvitations(accountId) });
  const [resent, setResent] = useState<number | null>(null);
  const resend = useSave((id: number) => resendInvitation(accountId, id), [adminKeys.invitations(accountId)], (i: Invitation) =>
    setResent(i.id),
  );
  const revoke = useSave((id: number) => revokeInvitation(accountId, id), [adminKeys.invitations(accountId)]);
  if (!invitations.data?.length) return <Loading query={invitations} />;
  const date = (seconds: number) => new Date(seconds * 1000).toLocaleDateString(i18n.language, { dateStyle: 'medium' });
  return (
    <section className="card table-card" aria-labelledby="invitations-title">
      <h2 id="invitations-title" className="table-card__title">
        {t('settings.agents.invitations')}
      </h2>
      <p className="muted table-card__intro">{t('settings.agents.invitationsIntro')}</p>
      <table className="table">
        <thead>
          <tr>
            <th>{t('settings.agents.name')}</th>
            <th>{t('settings.agents.role')}</th>
            <th>{t('settings.agents.invitationSentAt')}</th>
            <th>{t('settings.agents.invitationExpires')}</th>
            <th aria-label={t('settings.actions')} />
          </tr>
        </thead>
        <tbody>
          {invitations.data.map((i) => (
            <tr key={i.id}>
              <td>
                <strong>{i.display_name || i.name}</strong>
                <div className="muted">{i.email}</div>
              </td>
              <td>
                <span className={`chip chip--role-${i.role}`}>{t(`settings.roles.${i.role}`, { defaultValue: i.role })}</span>
              </td>
              <td>{formatAge(i.sent_at, i18n.language)}</td>
              <td>{date(i.expires_at)}</td>
              <td className="table__actions">
                {resent === i.id && <span className="muted">{t('settings.agents.invitationResent')}</span>}
                <button type="button" className="button" disabled={resend.isPending} onClick={() => resend.mutate(i.id)}>
                  {t('settings.agents.resend')}
                </button>
                <DeleteButton label={t('settings.agents.revoke')} pending={revoke.isPending} onConfirm={() => revoke.mutate(i.id)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <FormError error={resend.error ?? revoke.error} fields={[]} />
    </section>
  );
}

const NEW_FIELDS = ['name', 'email', 'role', 'password', 'licensed', 'capacity'];

function NewAgentForm({
  accountId,
  seatsFull,
  onDone,
}: {
  accountId: number;
  seatsFull: boolean;
  onDone: (answer?: Agent | Invitation) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<AgentRole>('agent');
  const [password, setPassword] = useState('');
  const [licensed, setLicensed] = useState(!seatsFull);
  const [capacity, setCapacity] = useState('');
  const save = useSave(
    (body: Record<string, unknown>) => createAgent(accountId, body),
    [adminKeys.agents(accountId), adminKeys.account(accountId), adminKeys.invitations(accountId)],
    (answer) => onDone(answer),
  );
  const errors = save.fieldErrors;
  return (
    <form
      className="card form"
      onSubmit={(e) => {
        e.preventDefault();
        const body: Record<string, unknown> = { name, email, role, licensed };
        if (password) body.password = password;
        if (capacity.trim()) body.capacity = toNumber(capacity);
        save.mutate(body);
      }}
    >
      <h2>{t('settings.agents.new')}</h2>
      <div className="form-grid">
        <Field label={t('settings.agents.name')} name="name" errors={errors}>
          <input value={name} onChange={(e) => setName(e.target.value)} required autoFocus />
        </Field>
        <Field label={t('settings.agents.email')} name="email" errors={errors}>
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </Field>
        <Field label={t('settings.agents.role')} name="role" errors={errors}>
          <select value={role} onChange={(e) => setRole(e.target.value as AgentRole)}>
            {AGENT_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`settings.roles.${r}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('settings.agents.password')} name="password" errors={errors} hint={t('settings.agents.passwordHint')}>
          <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <Field label={t('settings.agents.capacity')} name="capacity" errors={errors} hint={t('settings.agents.capacityHint')}>
          <input type="number" min={0} value={capacity} onChange={(e) => setCapacity(e.target.value)} />
        </Field>
        <Field label={t('settings.agents.licensed')} name="licensed" errors={errors} inline>
          <input type="checkbox" checked={licensed} onChange={(e) => setLicensed(e.target.checked)} />
        </Field>
      </div>
      <FormError error={save.error} fields={NEW_FIELDS} />
      <FormActions pending={save.isPending} onCancel={() => onDone()} />
    </form>
  );
}

const EDIT_FIELDS = [
  'name',
  'display_name',
  'role',
  'licensed',
  'capacity',
  'avatar_url',
  'show_bot_conversations',
  'email_on_new_handoff',
];

function AgentEditor({ accountId, agent, canEdit, onClose }: { accountId: number; agent: Agent; canEdit: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(agent.name);
  const [displayName, setDisplayName] = useState(agent.display_name ?? '');
  const [role, setRole] = useState<AgentRole>(agent.role);
  const [licensed, setLicensed] = useState(agent.licensed);
  const [capacity, setCapacity] = useState(fromNumber(agent.capacity));
  const [avatar, setAvatar] = useState(agent.avatar_url ?? '');
  const [showBot, setShowBot] = useState(agent.show_bot_conversations);
  const [handoffMail, setHandoffMail] = useState(agent.email_on_new_handoff);
  const preferences = [
    { name: 'show_bot_conversations', key: 'showBot', value: showBot, set: setShowBot },
    { name: 'email_on_new_handoff', key: 'handoffMail', value: handoffMail, set: setHandoffMail },
  ];
  const [saved, setSaved] = useState(false);
  useEffect(() => setSaved(false), [name, displayName, role, licensed, capacity, avatar, showBot, handoffMail]);
  const save = useSave(
    (body: Record<string, unknown>) => patchAgent(accountId, agent.id, body),
    [adminKeys.agents(accountId), adminKeys.account(accountId)],
    () => setSaved(true),
  );
  const remove = useSave(() => deleteAgent(accountId, agent.id), [adminKeys.agents(accountId), adminKeys.account(accountId)], onClose);
  const [signedOut, setSignedOut] = useState(false);
  const signOut = useSave(() => signOutEverywhere(accountId, agent.id), [], () => setSignedOut(true));
  const errors = save.fieldErrors;
  // Opened from a row of a long list: brought into view, below the list.
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    panel.current?.scrollIntoView?.({ block: 'nearest' });
  }, []);

  return (
    <div className="editor" ref={panel}>
      <form
        className="card form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({
            name,
            display_name: displayName.trim() || null,
            role,
            licensed,
            capacity: toNumber(capacity),
            avatar_url: avatar.trim() || null,
            show_bot_conversations: showBot,
            email_on_new_handoff: handoffMail,
          });
        }}
      >
        <div className="card__head">
          <h2>{agent.available_name || agent.name}</h2>
          <button type="button" className="button button--ghost" onClick={onClose} aria-label={t('settings.close')}>
            ✕
          </button>
        </div>
        <fieldset disabled={!canEdit}>
          <div className="form-grid">
            <Field label={t('settings.agents.name')} name="name" errors={errors} hint={t('settings.agents.nameHint')}>
              <input value={name} onChange={(e) => setName(e.target.value)} required />
            </Field>
            <Field label={t('settings.agents.displayName')} name="display_name" errors={errors} hint={t('settings.agents.displayNameHint')}>
              <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
            </Field>
            <Field label={t('settings.agents.role')} name="role" errors={errors}>
              <select value={role} onChange={(e) => setRole(e.target.value as AgentRole)}>
                {AGENT_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`settings.roles.${r}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('settings.agents.capacity')} name="capacity" errors={errors} hint={t('settings.agents.capacityHint')}>
              <input type="number" min={0} value={capacity} onChange={(e) => setCapacity(e.target.value)} />
            </Field>
            <Field label={t('settings.agents.avatarUrl')} name="avatar_url" errors={errors}>
              <input type="url" value={avatar} onChange={(e) => setAvatar(e.target.value)} />
            </Field>
            <Field label={t('settings.agents.licensed')} name="licensed" errors={errors} inline>
              <input type="checkbox" checked={licensed} onChange={(e) => setLicensed(e.target.checked)} />
            </Field>
            {preferences.map((p) => (
              <Field
                key={p.name}
                label={t(`preferences.admin.${p.key}`)}
                name={p.name}
                errors={errors}
                hint={t(`preferences.admin.${p.key}Hint`)}
                inline
              >
                <input type="checkbox" checked={p.value} onChange={(e) => p.set(e.target.checked)} />
              </Field>
            ))}
          </div>
          <FormError error={save.error ?? remove.error ?? signOut.error} fields={EDIT_FIELDS} />
          {canEdit && (
            <div className="form-actions form-actions--split">
              <span className="form-actions__group">
                <DeleteButton onConfirm={() => remove.mutate(undefined)} pending={remove.isPending} />
                <button
                  type="button"
                  className="button button--ghost"
                  disabled={signOut.isPending || signedOut}
                  title={t('settings.agents.signOutEverywhereHint')}
                  onClick={() => signOut.mutate(undefined)}
                >
                  {signedOut ? t('settings.agents.signedOutEverywhere') : t('settings.agents.signOutEverywhere')}
                </button>
              </span>
              <FormActions pending={save.isPending} saved={saved && save.isSuccess} />
            </div>
          )}
        </fieldset>
      </form>
      <AgentInboxes accountId={accountId} agent={agent} canEdit={canEdit} />
      <PageRules accountId={accountId} agent={agent} canEdit={canEdit} />
    </div>
  );
}

/** Which inboxes the agent answers: one checkbox per inbox (PATCH /inbox_members replaces the list). */
function AgentInboxes({ accountId, agent, canEdit }: { accountId: number; agent: Agent; canEdit: boolean }) {
  const { t } = useTranslation();
  const inboxes = useQuery({ queryKey: adminKeys.inboxes(accountId), queryFn: () => fetchInboxes(accountId) });
  const members = useQueries({
    queries: (inboxes.data ?? []).map((inbox) => ({
      queryKey: adminKeys.inboxMembers(accountId, inbox.id),
      queryFn: () => fetchInboxMembers(accountId, inbox.id),
    })),
  });
  const toggle = useSave(
    ({ inboxId, userIds }: { inboxId: number; userIds: number[] }) => setInboxMembers(accountId, inboxId, userIds),
    [['admin', accountId, 'inbox-members']],
  );
  return (
    <section className="card">
      <h2>{t('settings.agents.inboxes')}</h2>
      <p className="muted">{t('settings.agents.inboxesIntro')}</p>
      <Loading query={inboxes} />
      <ul className="check-list">
        {(inboxes.data ?? []).map((inbox, i) => {
          const list = members[i]?.data;
          const ids = (list ?? []).map((m) => m.id);
          const checked = ids.includes(agent.id);
          return (
            <li key={inbox.id}>
              <label>
                <input
                  type="checkbox"
                  checked={checked}
                  disabled={!canEdit || !list || toggle.isPending}
                  onChange={() =>
                    toggle.mutate({ inboxId: inbox.id, userIds: checked ? ids.filter((x) => x !== agent.id) : [...ids, agent.id] })
                  }
                />
                {inbox.name}
              </label>
            </li>
          );
        })}
      </ul>
      {inboxes.data?.length === 0 && <p className="muted">{t('settings.inboxes.empty')}</p>}
      <FormError error={toggle.error} fields={[]} />
    </section>
  );
}

/** Page patterns per inbox: the agent gets offers for visitors on matching pages. */
function PageRules({ accountId, agent, canEdit }: { accountId: number; agent: Agent; canEdit: boolean }) {
  const { t } = useTranslation();
  const inboxes = useQuery({ queryKey: adminKeys.inboxes(accountId), queryFn: () => fetchInboxes(accountId) });
  const rules = useQuery({ queryKey: adminKeys.pageRules(accountId, agent.id), queryFn: () => fetchPageRules(accountId, agent.id) });
  const [draft, setDraft] = useState<PageRule[] | null>(null);
  const [saved, setSaved] = useState(false);
  const list = draft ?? rules.data ?? [];
  const save = useSave(
    (r: PageRule[]) => putPageRules(accountId, agent.id, r),
    [adminKeys.pageRules(accountId, agent.id)],
    () => {
      setDraft(null);
      setSaved(true);
    },
  );
  const errors = save.fieldErrors;
  const update = (i: number, patch: Partial<PageRule>) => {
    setSaved(false);
    setDraft(list.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  };
  const firstInbox = inboxes.data?.[0]?.id;

  return (
    <form
      className="card form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(list.filter((r) => r.pattern.trim()));
      }}
    >
      <h2>{t('settings.agents.pageRules')}</h2>
      <p className="muted">{t('settings.agents.pageRulesIntro')}</p>
      <Loading query={rules} />
      <fieldset disabled={!canEdit}>
        {list.map((rule, i) => (
          <div className="rule-row" key={i}>
            <Field label={t('settings.agents.ruleInbox')} name={`rules.${i}.inbox_id`} errors={errors}>
              <select value={rule.inbox_id} onChange={(e) => update(i, { inbox_id: Number(e.target.value) })}>
                {(inboxes.data ?? []).map((inbox) => (
                  <option key={inbox.id} value={inbox.id}>
                    {inbox.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('settings.agents.rulePattern')} name={`rules.${i}.pattern`} errors={errors}>
              <input value={rule.pattern} placeholder="/pricing/*" onChange={(e) => update(i, { pattern: e.target.value })} />
            </Field>
            {canEdit && (
              <button
                type="button"
                className="button button--ghost rule-row__remove"
                aria-label={t('settings.remove')}
                onClick={() => setDraft(list.filter((_, j) => j !== i))}
              >
                ✕
              </button>
            )}
          </div>
        ))}
        {list.length === 0 && !rules.isPending && <p className="muted">{t('settings.agents.noPageRules')}</p>}
        <FormError error={save.error} fields={list.flatMap((_, i) => [`rules.${i}.inbox_id`, `rules.${i}.pattern`])} />
        {canEdit && (
          <div className="form-actions form-actions--split">
            <button
              type="button"
              className="button"
              disabled={firstInbox == null}
              onClick={() => setDraft([...list, { inbox_id: firstInbox!, pattern: '' }])}
            >
              {t('settings.agents.addRule')}
            </button>
            <FormActions pending={save.isPending} saved={saved && save.isSuccess} />
          </div>
        )}
      </fieldset>
    </form>
  );
}
