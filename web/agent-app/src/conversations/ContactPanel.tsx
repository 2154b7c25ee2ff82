import { useTranslation } from 'react-i18next';
import type { Conversation } from '../api/types';
import { attributeLabel, attributeRows, conversationName } from './cache';

/** The contact (meta.sender) and the conversation's custom attributes (the bot's variables). */
export function ContactPanel({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const sender = conversation.meta.sender;
  const variables = attributeRows(conversation.custom_attributes);
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
              <dt>{attributeLabel(k)}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section>
        <h3>{t('panel.variables')}</h3>
        {variables.length === 0 ? (
          <p className="muted">{t('panel.noVariables')}</p>
        ) : (
          <dl className="facts">
            {variables.map(([k, v]) => (
              <div key={k}>
                <dt title={k}>{attributeLabel(k)}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>
    </aside>
  );
}
