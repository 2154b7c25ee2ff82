import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BusinessHoursEditor, type HoursDraft } from './BusinessHoursEditor';
import { daysOf, holidaysOf, rowsOf, timeZones } from './businessHours';
import { MemberChecklist } from './MemberChecklist';
import { useSearchParams } from 'react-router';
import { InstallOutcome, SlackConnectionPanel } from './SlackPage';
import {
  adminKeys,
  createTeam,
  deleteTeam,
  fetchTeamMembers,
  fetchTeams,
  patchTeam,
  setTeamMembers,
  type OfferMode,
  type OnDisconnect,
  type Team,
} from './api';
import { DeleteButton, Field, FormActions, FormError, Loading, PageHead, fromNumber, toNumber, useSave, useSettings } from './ui';

export function TeamsPage() {
  const { t } = useTranslation();
  const { accountId, canEdit } = useSettings();
  const teams = useQuery({ queryKey: adminKeys.teams(accountId), queryFn: () => fetchTeams(accountId) });
  // "Add to Slack" for a team comes back with ?team=…&slack=connected (or &slack_error=…): that team, open.
  const [params] = useSearchParams();
  const returnedTo = Number(params.get('team')) || null;
  const [editing, setEditing] = useState<number | 'new' | null>(returnedTo);
  const current = typeof editing === 'number' ? teams.data?.find((x) => x.id === editing) : undefined;
  const nameOf = (id: number | null) => teams.data?.find((x) => x.id === id)?.name;

  return (
    <section className="settings-page">
      <PageHead
        title={t('settings.teams.title')}
        intro={t('settings.teams.intro')}
        action={
          canEdit && (
            <button type="button" className="button button--primary" onClick={() => setEditing('new')}>
              {t('settings.teams.new')}
            </button>
          )
        }
      />
      {editing === 'new' && (
        <TeamForm accountId={accountId} teams={teams.data ?? []} canEdit onClose={(id) => setEditing(id ?? null)} />
      )}
      <Loading query={teams} />
      {teams.data && (
        <div className="card table-card">
          <table className="table">
            <thead>
              <tr>
                <th>{t('settings.teams.name')}</th>
                <th>{t('settings.teams.offerMode')}</th>
                <th>{t('settings.teams.offerTimeout')}</th>
                <th>{t('settings.teams.overflow')}</th>
                <th aria-label={t('settings.actions')} />
              </tr>
            </thead>
            <tbody>
              {teams.data.map((team) => (
                <tr key={team.id} className={editing === team.id ? 'table__row--selected' : undefined}>
                  <td>
                    <strong>{team.name}</strong>
                    {team.description && <div className="muted">{team.description}</div>}
                  </td>
                  <td>{t(`settings.teams.mode.${team.offer_mode}`, { defaultValue: team.offer_mode })}</td>
                  <td>{team.offer_timeout_seconds != null ? t('settings.seconds', { count: team.offer_timeout_seconds }) : '–'}</td>
                  <td>{nameOf(team.overflow_team_id) ?? '–'}</td>
                  <td className="table__actions">
                    <button type="button" className="button" onClick={() => setEditing(team.id)}>
                      {canEdit ? t('settings.edit') : t('settings.view')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {teams.data.length === 0 && <p className="muted empty">{t('settings.teams.empty')}</p>}
        </div>
      )}
      {current && (
        <div className="editor" key={current.id}>
          <TeamForm accountId={accountId} team={current} teams={teams.data ?? []} canEdit={canEdit} onClose={() => setEditing(null)} />
          <MemberChecklist
            accountId={accountId}
            title={t('settings.teams.members')}
            membersKey={adminKeys.teamMembers(accountId, current.id)}
            fetchMembers={() => fetchTeamMembers(accountId, current.id)}
            saveMembers={(userIds) => setTeamMembers(accountId, current.id, userIds)}
            canEdit={canEdit}
          />
          {canEdit && (
            <>
              <div className="card">
                <div className="card__head">
                  <h2>{t('settings.teams.slack')}</h2>
                </div>
                <p className="muted">{t('settings.teams.slackIntro')}</p>
              </div>
              {current.id === returnedTo && (
                <InstallOutcome connected={params.get('slack') === 'connected'} error={params.get('slack_error')} />
              )}
              <SlackConnectionPanel accountId={accountId} holder={{ kind: 'teams', id: current.id }} />
            </>
          )}
        </div>
      )}
    </section>
  );
}

const FIELDS = [
  'name',
  'description',
  'offer_mode',
  'offer_timeout_seconds',
  'handoff_timeout_seconds',
  'overflow_team_id',
  'on_disconnect',
  'timezone',
  'working_hours',
  'holidays',
];

function TeamForm({
  accountId,
  team,
  teams,
  canEdit,
  onClose,
}: {
  accountId: number;
  team?: Team;
  teams: Team[];
  canEdit: boolean;
  onClose: (createdId?: number) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(team?.name ?? '');
  const [description, setDescription] = useState(team?.description ?? '');
  const [mode, setMode] = useState<OfferMode>(team?.offer_mode ?? 'sequential');
  const [offerTimeout, setOfferTimeout] = useState(fromNumber(team ? team.offer_timeout_seconds : 30));
  const [handoffTimeout, setHandoffTimeout] = useState(fromNumber(team?.handoff_timeout_seconds));
  const [overflow, setOverflow] = useState(fromNumber(team?.overflow_team_id));
  const [onDisconnect, setOnDisconnect] = useState<OnDisconnect>(team?.on_disconnect ?? 'keep');
  const [hours, setHours] = useState<HoursDraft>({
    enabled: !!team?.working_hours_enabled,
    rows: rowsOf(team?.working_hours),
    holidays: (team?.holidays ?? []).join('\n'),
  });
  const [zone, setZone] = useState(team?.timezone ?? '');
  const [saved, setSaved] = useState(false);
  useEffect(() => setSaved(false), [name, description, mode, offerTimeout, handoffTimeout, overflow, onDisconnect, hours, zone]);
  const keys = [adminKeys.teams(accountId)];
  const save = useSave(
    (body: Partial<Team>) => (team ? patchTeam(accountId, team.id, body) : createTeam(accountId, body)),
    keys,
    (result) => (team ? setSaved(true) : onClose(result?.id)),
  );
  const remove = useSave(() => deleteTeam(accountId, team!.id), keys, () => onClose());
  const errors = save.fieldErrors;

  return (
    <form
      className="card form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          name,
          description: description.trim() || null,
          offer_mode: mode,
          offer_timeout_seconds: toNumber(offerTimeout),
          handoff_timeout_seconds: toNumber(handoffTimeout),
          overflow_team_id: toNumber(overflow),
          on_disconnect: onDisconnect,
          working_hours_enabled: hours.enabled,
          timezone: zone,
          working_hours: daysOf(hours.rows),
          holidays: holidaysOf(hours.holidays),
        });
      }}
    >
      <div className="card__head">
        <h2>{team ? team.name : t('settings.teams.new')}</h2>
        <button type="button" className="button button--ghost" onClick={() => onClose()} aria-label={t('settings.close')}>
          ✕
        </button>
      </div>
      <fieldset disabled={!canEdit}>
        <div className="form-grid">
          <Field label={t('settings.teams.name')} name="name" errors={errors}>
            <input value={name} onChange={(e) => setName(e.target.value)} required autoFocus={!team} />
          </Field>
          <Field label={t('settings.teams.description')} name="description" errors={errors}>
            <input value={description} onChange={(e) => setDescription(e.target.value)} />
          </Field>
          <Field label={t('settings.teams.offerMode')} name="offer_mode" errors={errors} hint={t(`settings.teams.modeHint.${mode}`)}>
            <select value={mode} onChange={(e) => setMode(e.target.value as OfferMode)}>
              <option value="sequential">{t('settings.teams.mode.sequential')}</option>
              <option value="broadcast">{t('settings.teams.mode.broadcast')}</option>
            </select>
          </Field>
          <Field label={t('settings.teams.offerTimeout')} name="offer_timeout_seconds" errors={errors} hint={t('settings.teams.offerTimeoutHint')}>
            <input type="number" min={1} value={offerTimeout} onChange={(e) => setOfferTimeout(e.target.value)} />
          </Field>
          <Field
            label={t('settings.teams.handoffTimeout')}
            name="handoff_timeout_seconds"
            errors={errors}
            hint={t('settings.teams.handoffTimeoutHint')}
          >
            <input type="number" min={1} value={handoffTimeout} onChange={(e) => setHandoffTimeout(e.target.value)} />
          </Field>
          <Field label={t('settings.teams.overflow')} name="overflow_team_id" errors={errors} hint={t('settings.teams.overflowHint')}>
            <select value={overflow} onChange={(e) => setOverflow(e.target.value)}>
              <option value="">{t('settings.none')}</option>
              {teams
                .filter((x) => x.id !== team?.id)
                .map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name}
                  </option>
                ))}
            </select>
          </Field>
          <Field label={t('settings.teams.onDisconnect')} name="on_disconnect" errors={errors}>
            <select value={onDisconnect} onChange={(e) => setOnDisconnect(e.target.value as OnDisconnect)}>
              <option value="keep">{t('settings.teams.disconnect.keep')}</option>
              <option value="requeue">{t('settings.teams.disconnect.requeue')}</option>
            </select>
          </Field>
        </div>
        <BusinessHoursEditor
          value={hours}
          onChange={setHours}
          errors={errors}
          zone={
            <Field label={t('settings.hours.timezone')} name="timezone" errors={errors} hint={t('settings.hours.timezoneHint')}>
              <select value={zone} onChange={(e) => setZone(e.target.value)}>
                <option value="">{t('settings.hours.accountZone')}</option>
                {timeZones(zone || 'UTC').map((z) => (
                  <option key={z} value={z}>
                    {z}
                  </option>
                ))}
              </select>
            </Field>
          }
        />
        <FormError error={save.error ?? remove.error} fields={FIELDS} />
        {canEdit && (
          <div className="form-actions form-actions--split">
            {team ? <DeleteButton onConfirm={() => remove.mutate(undefined)} pending={remove.isPending} /> : <span />}
            <FormActions pending={save.isPending} saved={saved && save.isSuccess} />
          </div>
        )}
      </fieldset>
    </form>
  );
}

