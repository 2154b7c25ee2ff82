import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '../api/types';
import { ActionDialog } from './ActionDialog';
import { AgentPicker } from './AgentPicker';
import { invite } from './api';
import { useCandidates, useConversationAction } from './hooks';

interface Props {
  accountId: number;
  userId: number;
  conversation: Conversation;
  onClose: () => void;
  onDone: (name: string) => void;
}

/** Invite a second agent (conference): they get an offer; once they accept, both write in the conversation. */
export function InviteDialog({ accountId, userId, conversation, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const [agentId, setAgentId] = useState<number | undefined>();
  const people = useCandidates('invite', accountId, conversation, userId);
  const action = useConversationAction(accountId, conversation.id, (id: number) =>
    invite(accountId, conversation.id, id, conversation.state_version),
  );

  return (
    <ActionDialog
      title={t('actions.invite.title')}
      hint={t('actions.invite.hint')}
      submitLabel={t('actions.invite.submit')}
      canSubmit={agentId !== undefined}
      pending={action.isPending}
      error={action.error}
      onSubmit={() =>
        action.mutate(agentId!, { onSuccess: () => onDone(people.list.find((c) => c.id === agentId)?.name ?? '') })
      }
      onClose={onClose}
    >
      <AgentPicker
        candidates={people.list}
        value={agentId}
        onChange={setAgentId}
        loading={people.loading}
        error={people.error?.message}
      />
    </ActionDialog>
  );
}
