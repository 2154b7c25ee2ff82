import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '../api/types';
import { ActionDialog } from './ActionDialog';
import { AgentPicker } from './AgentPicker';
import { transfer, type TransferTarget } from './api';
import { useCandidates, useConversationAction, useTeams } from './hooks';

export const NOTE_MAX = 4000;

interface Props {
  accountId: number;
  userId: number;
  conversation: Conversation;
  onClose: () => void;
  /** Called after the server took the transfer, with the target's name. */
  onDone: (to: { kind: 'agent' | 'team'; name: string }) => void;
}

/**
 * Transfer to an agent (an offer: the conversation stays with its agent until they accept) or to a
 * team (back to the team's queue at once), with an optional note for whoever takes it.
 */
export function TransferDialog({ accountId, userId, conversation, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'agent' | 'team'>('agent');
  const [agentId, setAgentId] = useState<number | undefined>();
  const [teamId, setTeamId] = useState<number | undefined>();
  const [note, setNote] = useState('');
  const people = useCandidates('transfer', accountId, conversation, userId);
  const teams = useTeams(accountId);
  const action = useConversationAction(accountId, conversation.id, (target: TransferTarget) =>
    transfer(accountId, conversation.id, target, note, conversation.state_version),
  );

  const chosen = mode === 'agent' ? agentId !== undefined : teamId !== undefined;
  const submit = () => {
    const target: TransferTarget = mode === 'agent' ? { agent_id: agentId! } : { team_id: teamId! };
    const name =
      mode === 'agent'
        ? (people.list.find((c) => c.id === agentId)?.name ?? '')
        : (teams.data?.find((x) => x.id === teamId)?.name ?? '');
    action.mutate(target, { onSuccess: () => onDone({ kind: mode, name }) });
  };

  return (
    <ActionDialog
      title={t('actions.transfer.title')}
      hint={mode === 'agent' ? t('actions.transfer.hintAgent') : t('actions.transfer.hintTeam')}
      submitLabel={t('actions.transfer.submit')}
      canSubmit={chosen && note.length <= NOTE_MAX}
      pending={action.isPending}
      error={action.error}
      onSubmit={submit}
      onClose={onClose}
    >
      <TargetSwitch
        ns="transfer"
        value={mode}
        onChange={(m) => {
          setMode(m);
          action.reset();
        }}
      />
      {mode === 'agent' ? (
        <AgentPicker
          candidates={people.list}
          value={agentId}
          onChange={setAgentId}
          loading={people.loading}
          error={people.error?.message}
        />
      ) : (
        <TeamChoice teams={teams.data} loading={teams.isPending} value={teamId} onChange={setTeamId} />
      )}
      <label className="field">
        <span className="field__label">{t('actions.transfer.note')}</span>
        <textarea
          rows={3}
          value={note}
          maxLength={NOTE_MAX}
          placeholder={t('actions.transfer.notePlaceholder')}
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
    </ActionDialog>
  );
}

export function TeamChoice({
  teams,
  loading,
  value,
  onChange,
  current,
}: {
  teams: { id: number; name: string }[] | undefined;
  loading: boolean;
  value: number | undefined;
  onChange: (id: number) => void;
  current?: number | null;
}) {
  const { t } = useTranslation();
  if (loading) return <p className="muted">{t('app.loading')}</p>;
  if (!teams?.length) return <p className="muted">{t('actions.noTeams')}</p>;
  return (
    <fieldset className="agent-picker">
      <legend className="visually-hidden">{t('actions.teams')}</legend>
      {teams.map((team) => (
        <label key={team.id} className="agent-option">
          <input type="radio" name="team" checked={value === team.id} onChange={() => onChange(team.id)} />
          <span className="agent-option__name">{team.name}</span>
          {current === team.id && <span className="agent-option__why">{t('actions.currentTeam')}</span>}
        </label>
      ))}
    </fieldset>
  );
}

/** "An agent" or "A team": which kind of target the dialog is about (texts under actions.{ns}). */
export function TargetSwitch({
  ns,
  value,
  onChange,
}: {
  ns: 'assign' | 'transfer';
  value: 'agent' | 'team';
  onChange: (mode: 'agent' | 'team') => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="segmented" role="radiogroup" aria-label={t(`actions.${ns}.to`)}>
      {(['agent', 'team'] as const).map((m) => (
        <button
          key={m}
          type="button"
          role="radio"
          aria-checked={value === m}
          className={`segmented__option${value === m ? ' segmented__option--active' : ''}`}
          onClick={() => onChange(m)}
        >
          {t(`actions.${ns}.${m}`)}
        </button>
      ))}
    </div>
  );
}
