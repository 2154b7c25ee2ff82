import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Conversation } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { useNotices } from '../realtime/RealtimeProvider';
import './actions.css';
import { ActionError } from './ActionError';
import { assign, removeParticipant } from './api';
import { AssignDialog } from './AssignDialog';
import { useConversationAction, useTeams } from './hooks';
import { InviteDialog } from './InviteDialog';
import { LabelsEditor } from './LabelsEditor';
import { actionErrorCode, allowedActions } from './rules';
import { TransferDialog } from './TransferDialog';

type Open = 'assign' | 'transfer' | 'invite' | null;

/**
 * The conversation's actions under its header: take, assign, transfer, invite a second agent, leave,
 * and the labels. Only what the signed-in user may do is shown (the server checks again).
 */
export function ConversationActions({ accountId, conversation }: { accountId: number; conversation: Conversation }) {
  const { t } = useTranslation();
  const { profile } = useAuth();
  const notices = useNotices();
  const navigate = useNavigate();
  const role = profile.accounts.find((a) => a.id === accountId)?.role;
  const allowed = allowedActions(conversation, role);
  const [open, setOpen] = useState<Open>(null);
  const teams = useTeams(accountId);
  const teamId = conversation.team_id ?? conversation.meta.team?.id;
  const team = teamId ? teams.data?.find((x) => x.id === teamId) : undefined;

  const take = useConversationAction(accountId, conversation.id, (override: boolean) =>
    assign(
      accountId,
      conversation.id,
      { assignee_id: profile.id, ...(override ? { override_capacity: true } : {}) },
      conversation.state_version,
    ),
  );
  const leave = useConversationAction(accountId, conversation.id, (agentId: number) =>
    removeParticipant(accountId, conversation.id, agentId, conversation.state_version),
  );
  const takeFull = actionErrorCode(take.error) === 'agent_at_capacity';
  const participants = conversation.participants ?? [];

  return (
    <div className="actions-bar" role="toolbar" aria-label={t('actions.toolbar')}>
      <div className="actions-bar__info">
        {team && <span className="chip chip--team">{t('actions.team', { name: team.name })}</span>}
        {participants.map((p) => {
          const name = p.available_name || p.name;
          const removable = p.id !== profile.id && allowed.removeParticipants;
          return (
            <span key={p.id} className="chip chip--participant">
              {t('actions.participant', { name })}
              {removable && (
                <button
                  type="button"
                  className="chip__remove"
                  aria-label={t('actions.removeParticipant', { name })}
                  title={t('actions.removeParticipant', { name })}
                  disabled={leave.isPending}
                  onClick={() => leave.mutate(p.id)}
                >
                  ×
                </button>
              )}
            </span>
          );
        })}
        <LabelsEditor accountId={accountId} conversation={conversation} />
      </div>
      <div className="actions-bar__buttons">
        {allowed.take && (
          <button
            type="button"
            className="button button--primary"
            disabled={take.isPending}
            onClick={() => take.mutate(false)}
          >
            {t('actions.take')}
          </button>
        )}
        {allowed.take && takeFull && allowed.overrideCapacity && (
          <button type="button" className="button" disabled={take.isPending} onClick={() => take.mutate(true)}>
            {t('actions.takeAnyway')}
          </button>
        )}
        {allowed.assign && (
          <button type="button" className="button" onClick={() => setOpen('assign')}>
            {t('actions.assign.button')}
          </button>
        )}
        {allowed.transfer && (
          <button type="button" className="button" onClick={() => setOpen('transfer')}>
            {t('actions.transfer.button')}
          </button>
        )}
        {allowed.invite && (
          <button type="button" className="button" onClick={() => setOpen('invite')}>
            {t('actions.invite.button')}
          </button>
        )}
        {allowed.leave && (
          <button
            type="button"
            className="button"
            disabled={leave.isPending}
            // Someone who only joined may not see the conversation any more: back to the list.
            onClick={() => leave.mutate(profile.id, { onSuccess: () => void navigate(`/accounts/${accountId}/conversations`) })}
          >
            {t('actions.leave')}
          </button>
        )}
        <ActionError error={take.error ?? leave.error} inline />
      </div>

      {open === 'assign' && (
        <AssignDialog
          accountId={accountId}
          userId={profile.id}
          conversation={conversation}
          mayOverride={allowed.overrideCapacity}
          onClose={() => setOpen(null)}
          onDone={({ kind, name }) => {
            setOpen(null);
            notices.show(t(kind === 'agent' ? 'actions.done.assignedAgent' : 'actions.done.assignedTeam', { name }));
          }}
        />
      )}
      {open === 'transfer' && (
        <TransferDialog
          accountId={accountId}
          userId={profile.id}
          conversation={conversation}
          onClose={() => setOpen(null)}
          onDone={({ kind, name }) => {
            setOpen(null);
            notices.show(t(kind === 'agent' ? 'actions.done.transferOffered' : 'actions.done.transferredTeam', { name }));
          }}
        />
      )}
      {open === 'invite' && (
        <InviteDialog
          accountId={accountId}
          userId={profile.id}
          conversation={conversation}
          onClose={() => setOpen(null)}
          onDone={(name) => {
            setOpen(null);
            notices.show(t('actions.done.invited', { name }));
          }}
        />
      )}
    </div>
  );
}
