import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Conversation } from '../api/types';
import { formatMessageTime } from '../lib/format';
import { attributeRows, conversationName, variableLabel } from './cache';
import { useContactConversations } from './hooks';
import { displayValue } from '../contacts/attributes';
import { useDefinitions } from '../contacts/hooks';
import { ConversationAttributesEditor } from '../contacts/ConversationAttributesEditor';

/** The contact (meta.sender) and the conversation's custom attributes (the bot's variables). */
export function ContactPanel({ conversation }: { conversation: Conversation }) {
  const { t, i18n } = useTranslation();
  const sender = conversation.meta.sender;
  const definitions = useDefinitions(conversation.account_id);
  const allVariables = attributeRows(conversation.custom_attributes);
  // Defined conversation attributes are edited below; the rest (the bot's variables) are listed.
  const variables = allVariables.filter(([k]) => !definitions.byKey('conversation_attribute', k));
  // A defined attribute shows its display name and its value in words (checkbox, date); others as before.
  const label = (model: 'contact_attribute' | 'conversation_attribute', key: string) =>
    definitions.byKey(model, key)?.attribute_display_name ?? variableLabel(key, t);
  const value = (model: 'contact_attribute' | 'conversation_attribute', key: string, raw: unknown, text: string) => {
    const definition = definitions.byKey(model, key);
    return definition ? displayValue(definition, raw, i18n.language, t('contacts.yes'), t('contacts.no')) : text;
  };
  const contactAttributes = attributeRows(sender.custom_attributes);
  const pseudonym = conversationName(conversation);
  const contactRows: [string, string | null | undefined][] = [
    [t('panel.name'), sender.name],
    [t('panel.pseudonym'), pseudonym && pseudonym !== sender.name ? pseudonym : null],
    [t('panel.email'), sender.email],
    [t('panel.phone'), sender.phone_number],
    [t('panel.identifier'), sender.identifier],
  ];

  return (
    <aside className="side-panel" aria-label={t('panel.title')}>
      <section>
        <h3>{t('panel.contact')}</h3>
        <dl className="facts">
          {contactRows
            .filter(([, v]) => v)
            .map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          {contactAttributes.map(([k, v]) => (
            <div key={`c:${k}`}>
              <dt title={k}>{label('contact_attribute', k)}</dt>
              <dd>{value('contact_attribute', k, sender.custom_attributes[k], v)}</dd>
            </div>
          ))}
        </dl>
        {sender?.id && (
          <Link to={`/accounts/${conversation.account_id}/contacts/${sender.id}`} className="side-panel__link">
            {t('panel.openContact')}
          </Link>
        )}
      </section>
      <section>
        <h3>{t('panel.variables')}</h3>
        {variables.length === 0 ? (
          <p className="muted">{t('panel.noVariables')}</p>
        ) : (
          <dl className="facts">
            {variables.map(([k, v]) => (
              <div key={k}>
                <dt title={k}>{label('conversation_attribute', k)}</dt>
                <dd>{value('conversation_attribute', k, conversation.custom_attributes?.[k], v)}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>
      <section>
        <ConversationAttributesEditor conversation={conversation} definitions={definitions.conversation} />
      </section>
      <PreviousConversations conversation={conversation} />
    </aside>
  );
}

/** The contact's other conversations in the inboxes the agent sees, newest first, each a link. */
function PreviousConversations({ conversation }: { conversation: Conversation }) {
  const { t, i18n } = useTranslation();
  const accountId = conversation.account_id;
  const query = useContactConversations(accountId, conversation.meta.sender?.id);
  const others = (query.data?.pages.flatMap((p) => p.payload) ?? []).filter((c) => c.id !== conversation.id);

  return (
    <section aria-labelledby="previous-conversations">
      <h3 id="previous-conversations">{t('worklist.previous.title')}</h3>
      {query.isPending ? (
        <p className="muted">{t('app.loading')}</p>
      ) : query.isError ? (
        <p className="muted" role="alert">
          {t('worklist.previous.error')}{' '}
          <button type="button" className="link-button" onClick={() => void query.refetch()}>
            {t('app.retry')}
          </button>
        </p>
      ) : others.length === 0 ? (
        <p className="muted">{t('worklist.previous.none')}</p>
      ) : (
        <ul className="previous-conversations">
          {others.map((c) => (
            <li key={c.id}>
              <Link to={`/accounts/${accountId}/conversations/${c.id}`} className="previous-conversations__item">
                <span className="previous-conversations__title">
                  {t('worklist.previous.item', { id: c.id })}
                  <span className={`chip chip--status-${c.status}`}>{t(`worklist.status.${c.status}`)}</span>
                </span>
                <span className="previous-conversations__preview">{c.messages[0]?.content?.trim() || ''}</span>
                <time dateTime={new Date(c.created_at * 1000).toISOString()} className="muted">
                  {formatMessageTime(c.created_at, i18n.language)}
                </time>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {query.hasNextPage && (
        <button
          type="button"
          className="button button--ghost"
          disabled={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {query.isFetchingNextPage ? t('inbox.loadingMore') : t('worklist.previous.more')}
        </button>
      )}
    </section>
  );
}
