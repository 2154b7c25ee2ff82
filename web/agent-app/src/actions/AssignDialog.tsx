import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '../api/types';
import { ActionDialog } from './ActionDialog';
import { AgentPicker } from './AgentPicker';
import { assign, type Assignment } from './api';
import { useCandidates, useConversationAction, useTeams } from './hooks';
import { actionErrorCode } from './rules';
import { TargetSwitch, TeamChoice } from './TransferDialog';

interface Props {
  accountId: number;
  userId: number;
  conversation: Conversation;
  /** Administrators and supervisors may assign beyond an agent's capacity. */
  mayOverride: boolean;
  onClose: () => void;
  onDone: (to: { kind: 'agent' | 'team'; name: string }) => void;
}

/**
 * Assign to an agent (whatever their status: a supervisor may give work to someone who is away) or
 * set the conversation's team. A full agent needs "beyond capacity" (override_capacity).
 */
export function AssignDialog({ accountId, userId, conversation, mayOverride, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'agent' | 'team'>('agent');
  const [agentId, setAgentId] = useState<number | undefined>();
  const [teamId, setTeamId] = useState<number | undefined>(conversation.team_id ?? conversation.meta.team?.id ?? undefined);
  const [override, setOverride] = useState(false);
  const people = useCandidates('assign', accountId, conversation, userId);
  const teams = useTeams(accountId);
  const action = useConversationAction(accountId, conversation.id, (body: Assignment) =>
    assign(accountId, conversation.id, body, conversation.state_version),
  );

  const chosen = people.list.find((c) => c.id === agentId);
  // The server may know better (a load that changed meanwhile): its agent_at_capacity asks for the override too.
  const needsOverride = Boolean(chosen?.full) || actionErrorCode(action.error) === 'agent_at_capacity';
  const canSubmit =
    mode === 'agent' ? chosen !== undefined && (!needsOverride || (mayOverride && override)) : teamId !== undefined;

  const submit = () => {
    if (mode === 'agent') {
      action.mutate(
        { assignee_id: agentId!, ...(needsOverride && override ? { override_capacity: true } : {}) },
        { onSuccess: () => onDone({ kind: 'agent', name: chosen?.name ?? '' }) },
      );
    } else {
      action.mutate(
        { team_id: teamId! },
        { onSuccess: () => onDone({ kind: 'team', name: teams.data?.find((x) => x.id === teamId)?.name ?? '' }) },
      );
    }
  };

  return (
    <ActionDialog
      title={t('actions.assign.title')}
      hint={mode === 'agent' ? t('actions.assign.hintAgent') : t('actions.assign.hintTeam')}
      submitLabel={t('actions.assign.submit')}
      canSubmit={canSubmit}
      pending={action.isPending}
      error={action.error}
      onSubmit={submit}
      onClose={onClose}
    >
      <TargetSwitch
        ns="assign"
        value={mode}
        onChange={(m) => {
          setMode(m);
          action.reset();
        }}
      />
      {mode === 'agent' ? (
        <>
          <AgentPicker
            candidates={people.list}
            value={agentId}
            onChange={(id) => {
              setAgentId(id);
              setOverride(false);
              action.reset();
            }}
            allowFull={mayOverride}
            loading={people.loading}
            error={people.error?.message}
          />
          {needsOverride && mayOverride && (
            <label className="check">
              <input type="checkbox" checked={override} onChange={(e) => setOverride(e.target.checked)} />
              {t('actions.assign.override', { name: chosen?.name ?? '' })}
            </label>
          )}
        </>
      ) : (
        <TeamChoice
          teams={teams.data}
          loading={teams.isPending}
          value={teamId}
          onChange={setTeamId}
          current={conversation.team_id ?? conversation.meta.team?.id}
        />
      )}
    </ActionDialog>
  );
}
