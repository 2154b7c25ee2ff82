import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { showsBotConversations, useAuth } from '../auth/AuthProvider';
import { ErrorBoundary } from '../layout/ErrorBoundary';
import { paramsFromView, viewFromParams, type ListView } from './api';
import { ConversationList } from './ConversationList';
import { ConversationView } from './ConversationView';
import { titleWithCount } from './cues';
import { useCounts, useMarkSeen } from './hooks';

export function InboxPage() {
  const { t } = useTranslation();
  const { profile } = useAuth();
  const { accountId, conversationId } = useParams();
  const [params, setParams] = useSearchParams();
  const showBot = showsBotConversations(profile);
  const view = viewFromParams(params, showBot);
  const account = Number(accountId);
  const selected = conversationId && Number.isInteger(Number(conversationId)) ? Number(conversationId) : undefined;

  useUnreadTitle(account, t('app.name'));
  useMarkSeen(account, selected);

  return (
    <div className={`inbox${selected ? ' inbox--has-selection' : ''}`}>
      <ConversationList
        accountId={account}
        view={view}
        showBot={showBot}
        selectedId={selected}
        onViewChange={(next: Partial<ListView>) =>
          setParams(paramsFromView({ ...view, ...next }), { replace: true })
        }
      />
      {selected ? (
        <ErrorBoundary resetKey={selected}>
          <ConversationView key={`${account}:${selected}`} accountId={account} conversationId={selected} />
        </ErrorBoundary>
      ) : (
        <section className="conversation conversation--empty">
          <p className="muted">{t('conversation.choose')}</p>
        </section>
      )}
    </div>
  );
}

/** "(3) Baton": the live chats with unread visitor messages, kept current by the socket's events. */
function useUnreadTitle(accountId: number, base: string) {
  const unread = useCounts(accountId, 'open')?.unread_count;
  useEffect(() => {
    document.title = titleWithCount(base, unread);
  }, [base, unread]);
  useEffect(
    () => () => {
      document.title = base;
    },
    [base],
  );
}
