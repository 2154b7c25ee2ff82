import { useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConversationActions } from '../actions/ConversationActions';
import { ApiError } from '../api/http';
import type { Conversation } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { initials } from '../lib/format';
import { useTyping } from '../realtime/RealtimeProvider';
import { typingNames } from '../realtime/typing';
import { conversationName, flattenMessages } from './cache';
import { ContactPanel } from './ContactPanel';
import { EndDialog, endErrorText } from './EndDialog';
import { allowedActions } from '../actions/rules';
import {
  useAccountSettings,
  useConversation,
  useFollowUp,
  useMessages,
  useSendMessage,
  useToggleStatus,
  useTypingNotifier,
} from './hooks';
import { MessageItem } from './MessageItem';
import { ReplyBox } from './ReplyBox';

interface Props {
  accountId: number;
  conversationId: number;
}

export function ConversationView({ accountId, conversationId }: Props) {
  const { t } = useTranslation();
  const conversation = useConversation(accountId, conversationId);

  if (conversation.isPending) {
    return (
      <section className="conversation conversation--empty">
        <p className="muted">{t('app.loading')}</p>
      </section>
    );
  }
  if (conversation.isError) {
    const notFound = conversation.error instanceof ApiError && [403, 404].includes(conversation.error.status);
    return (
      <section className="conversation conversation--empty" role="alert">
        <p>{notFound ? t('conversation.notFound') : conversation.error.message}</p>
        {!notFound && (
          <button type="button" className="button" onClick={() => void conversation.refetch()}>
            {t('app.retry')}
          </button>
        )}
      </section>
    );
  }
  return <LoadedConversation accountId={accountId} conversation={conversation.data} />;
}

function LoadedConversation({ accountId, conversation }: { accountId: number; conversation: Conversation }) {
  const { t } = useTranslation();
  const { profile } = useAuth();
  const { maxMessageLength, data: account } = useAccountSettings(accountId);
  const toggle = useToggleStatus(accountId, conversation);
  const { send, retry } = useSendMessage(profile, accountId, conversation.id);
  const typingNotifier = useTypingNotifier(accountId, conversation.id);
  const [ending, setEnding] = useState(false);
  const [panel, setPanel] = useState(true);
  const sender = conversation.meta.sender;
  const name = conversationName(conversation) || t('inbox.visitor', { id: sender.id });
  const allowed = allowedActions(conversation, profile.accounts.find((a) => a.id === accountId)?.role);
  const lastChange = toggle.variables?.status;

  return (
    <div className={`conversation-area${panel ? ' conversation-area--panel' : ''}`}>
      <section className="conversation" aria-label={name}>
        <header className="conversation__head">
          <span className={`avatar avatar--${conversation.owner}`} aria-hidden="true">
            {initials(name)}
          </span>
          <div className="conversation__title">
            <h2>{name}</h2>
            <p className="muted">
              {[
                name !== sender.name ? sender.name : null,
                sender.email,
                sender.phone_number,
                t(conversation.meta.channel === 'Channel::Api' ? 'conversation.channel.api' : 'conversation.channel.web'),
              ]
                .filter(Boolean)
                .join(' · ')}
            </p>
            <div className="conversation__chips">
              <span className={`chip chip--status-${conversation.status}`}>{t(`conversation.status.${conversation.status}`)}</span>
              <span className={`chip chip--${conversation.owner}`}>{t(`conversation.owner.${conversation.owner}`)}</span>
              <span className="chip">
                {conversation.meta.assignee
                  ? t('conversation.assignee', { name: conversation.meta.assignee.available_name || conversation.meta.assignee.name })
                  : t('conversation.unassigned')}
              </span>
            </div>
          </div>
          <div className="conversation__actions">
            {allowed.reopen && (
              <button type="button" className="button" disabled={toggle.isPending} onClick={() => toggle.mutate({ status: 'open' })}>
                {t('conversation.reopen')}
              </button>
            )}
            {
              <>
                {allowed.handBack && (
                  <button
                    type="button"
                    className="button button--bot"
                    disabled={toggle.isPending}
                    onClick={() => toggle.mutate({ status: 'pending' })}
                  >
                    {t('conversation.handBack')}
                  </button>
                )}
                {allowed.resolve && (
                  <button
                    type="button"
                    className="button button--success"
                    disabled={toggle.isPending}
                    onClick={() => {
                      toggle.reset();
                      setEnding(true);
                    }}
                  >
                    {t('conversation.end')}
                  </button>
                )}
              </>
            }
            <button
              type="button"
              className="button button--ghost"
              aria-pressed={panel}
              aria-label={t('panel.toggle')}
              title={t('panel.toggle')}
              onClick={() => setPanel((p) => !p)}
            >
              <svg className="icon" viewBox="0 0 24 24" aria-hidden="true">
                <path d="M4 4h16a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm10 2v12h6V6h-6zM4 6v12h8V6H4z" />
              </svg>
            </button>
          </div>
        </header>
        <ConversationActions accountId={accountId} conversation={conversation} />
        {toggle.isSuccess && lastChange === 'open' && toggle.data && 'owner' in toggle.data && (
          <p className="banner banner--info" role="status">
            {t(toggle.data.owner === 'agent' ? 'conversation.reopenedToYou' : 'conversation.reopenedToQueue')}
          </p>
        )}
        {toggle.error && !ending && lastChange !== 'resolved' && (
          <p className="banner banner--error" role="alert">
            {endErrorText(toggle.error, t)}
          </p>
        )}

        <MessageList accountId={accountId} conversationId={conversation.id} onRetry={retry} />
        <TypingIndicator conversationId={conversation.id} selfId={profile.id} visitorName={name} />
        <FollowUpLine accountId={accountId} conversationId={conversation.id} email={conversation.meta.sender.email} />
        <ReplyBox
          accountId={accountId}
          maxLength={maxMessageLength}
          onSend={send}
          onTyping={typingNotifier.typed}
          onStopTyping={typingNotifier.stop}
        />
      </section>
      {panel && <ContactPanel conversation={conversation} />}
      {ending && (
        <EndDialog
          accountId={accountId}
          required={Boolean(account?.wrap_up_required)}
          pending={toggle.isPending}
          error={lastChange === 'resolved' ? toggle.error : null}
          onClose={() => setEnding(false)}
          onEnd={(reason) =>
            toggle.mutate(
              reason === undefined ? { status: 'resolved' } : { status: 'resolved', wrap_up_reason_id: reason },
              { onSuccess: () => setEnding(false) },
            )
          }
        />
      )}
    </div>
  );
}

function MessageList({
  accountId,
  conversationId,
  onRetry,
}: {
  accountId: number;
  conversationId: number;
  onRetry: Parameters<typeof MessageItem>[0]['onRetry'];
}) {
  const { t } = useTranslation();
  const query = useMessages(accountId, conversationId);
  const messages = flattenMessages(query.data);
  const followUp = useFollowUp(accountId, conversationId, messages[messages.length - 1]?.id);
  const mailed = new Set(followUp?.email_message_ids ?? []);
  const scroller = useRef<HTMLDivElement>(null);
  const snapshot = useRef({ height: 0, top: 0, atBottom: true, first: undefined as number | undefined, count: 0 });

  // Keep the view anchored: stick to the bottom for new messages when the agent is there,
  // and keep the visible messages still when older ones are prepended above.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const before = snapshot.current;
    const first = messages[0]?.id;
    if (before.count > 0 && first !== before.first && messages.length > before.count && !before.atBottom) {
      el.scrollTop = before.top + (el.scrollHeight - before.height);
    } else if (before.atBottom || before.count === 0) {
      el.scrollTop = el.scrollHeight;
    }
    snapshot.current = { ...before, height: el.scrollHeight, top: el.scrollTop, first, count: messages.length };
  });

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    snapshot.current.top = el.scrollTop;
    snapshot.current.height = el.scrollHeight;
    snapshot.current.atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    if (el.scrollTop < 80 && query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
  };

  return (
    <div className="messages" ref={scroller} onScroll={onScroll}>
      {query.isPending ? (
        <p className="list-status muted">{t('app.loading')}</p>
      ) : query.isError ? (
        <div className="list-status" role="alert">
          <p>{query.error.message}</p>
          <button type="button" className="button" onClick={() => void query.refetch()}>
            {t('app.retry')}
          </button>
        </div>
      ) : (
        <>
          <div className="messages__top">
            {query.isFetchingNextPage ? (
              <span className="muted">{t('conversation.loadingOlder')}</span>
            ) : query.hasNextPage ? (
              <button type="button" className="link-button" onClick={() => void query.fetchNextPage()}>
                {t('conversation.loadOlder')}
              </button>
            ) : (
              <span className="muted">{messages.length ? t('conversation.beginning') : t('conversation.noMessages')}</span>
            )}
          </div>
          <ol className="messages__list" aria-label={t('conversation.messagesLabel')} aria-live="polite">
            {messages.map((m) => (
              <MessageItem
                key={m.echo_id ? `e:${m.echo_id}` : `i:${m.id}`}
                message={m}
                onRetry={onRetry}
                byEmail={mailed.has(m.id)}
              />
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

/** "Nora is typing…": a visitor without a name of their own goes by the name the list shows (pseudonym, "Visitor #12"). */
function TypingIndicator({ conversationId, selfId, visitorName }: { conversationId: number; selfId: number; visitorName: string }) {
  const { t } = useTranslation();
  const names = typingNames(useTyping(conversationId), selfId, visitorName, t('conversation.someone'));
  return (
    <div className="typing" aria-live="polite">
      {names.length > 0 && t('conversation.typing', { name: names.join(', ') })}
    </div>
  );
}

/** Above the reply box while the visitor is away and the conversation is followed up by e-mail: where a reply goes. */
function FollowUpLine({ accountId, conversationId, email }: { accountId: number; conversationId: number; email?: string | null }) {
  const { t } = useTranslation();
  const query = useMessages(accountId, conversationId);
  const messages = flattenMessages(query.data);
  const followUp = useFollowUp(accountId, conversationId, messages[messages.length - 1]?.id);
  if (!followUp?.replies_by_email) return null;
  return (
    <p className="follow-up-line" role="status">
      <span aria-hidden="true">✉ </span>
      {email ? t('followUp.repliesByEmailTo', { email }) : t('followUp.repliesByEmail')}
    </p>
  );
}
