import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { MessageType, type ClientMessage } from '../api/types';
import { formatMessageTime } from '../lib/format';
import { keys } from './api';
import { removeUnsent, type MessagesData } from './cache';
import { imageAttachments } from './images';
import { LocalImage } from './LocalImage';
import { activityText } from '../../../widget/src/activity';
import { articlesOf, cardsOf, formOf, safeUrl, type Submitted } from '../../../widget/src/rich';

export type MessageKind = 'visitor' | 'agent' | 'bot' | 'activity' | 'note';

/** Who a message comes from, as the agent workspace shows it. */
export function messageKind(m: ClientMessage): MessageKind {
  if (m.message_type === MessageType.Activity) return 'activity';
  if (m.private) return 'note';
  if (m.message_type === MessageType.Incoming) return 'visitor';
  if (m.sender_type === 'AgentBot' || m.sender?.type === 'agent_bot') return 'bot';
  return 'agent';
}

export function MessageItem({
  message,
  onRetry,
  byEmail = false,
}: {
  message: ClientMessage;
  onRetry: (m: ClientMessage) => void;
  /** It went to the visitor, or came from them, by e-mail (follow-up). */
  byEmail?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const kind = messageKind(message);
  const time = formatMessageTime(message.created_at, i18n.language);

  if (kind === 'activity') {
    return (
      <li className="message message--activity">
        <span>{activityText(message, i18n.language)}</span> <time>{time}</time>
      </li>
    );
  }

  const items = message.content_type === 'input_select' ? (message.content_attributes.items ?? []) : [];
  const senderName = kind === 'bot' ? message.sender?.name || t('message.bot') : message.sender?.name;

  return (
    <li
      className={`message message--${kind}${message.pending ? ' message--pending' : ''}${message.failed ? ' message--failed' : ''}`}
    >
      <div className="message__meta">
        {kind === 'bot' && <span className="chip chip--bot">{t('message.bot')}</span>}
        {kind === 'note' && <span className="chip chip--note">{t('message.note')}</span>}
        {byEmail && (
          <span className="chip chip--email" title={t('followUp.byEmailTitle')}>
            <span aria-hidden="true">✉ </span>
            {t('followUp.byEmail')}
          </span>
        )}
        {senderName && <span className="message__sender">{senderName}</span>}
        <time dateTime={new Date(message.created_at * 1000).toISOString()}>{time}</time>
      </div>
      <div className="message__bubble">
        {message.content && <p className="message__content">{message.content}</p>}
        <MessageImages message={message} />
        <RichContent message={message} />
        {items.length > 0 && (
          <ul className="message__choices" aria-label={t('message.buttons')}>
            {items.map((item) => (
              <li key={item.value}>{item.title}</li>
            ))}
          </ul>
        )}
      </div>
      {message.pending && <div className="message__status">{t('message.sending')}</div>}
      {message.failed && (
        <div className="message__status message__status--error" role="alert">
          {t('message.failed')}
          {message.error && <> {t(`images.errors.${message.error}`)}</>}{' '}
          {message.final ? (
            <DiscardButton message={message} />
          ) : (
            <button type="button" className="link-button" onClick={() => onRetry(message)}>
              {t('message.retry')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

/**
 * The message's images as thumbnails; a click opens the full image in a new tab. An unconfirmed
 * message shows the files from memory until the server's copy (with its URLs) replaces it.
 */
function MessageImages({ message }: { message: ClientMessage }) {
  const { t } = useTranslation();
  const images = imageAttachments(message.attachments);
  if (images.length > 0) {
    return (
      <ul className="message__images" aria-label={t('images.inMessage', { count: images.length })}>
        {images.map((image, index) => (
          <li key={image.id}>
            <a href={image.data_url} target="_blank" rel="noopener noreferrer" title={t('images.open')}>
              <img
                className="message__image"
                src={image.thumb_url || image.data_url}
                alt={t('images.alt', { n: index + 1 })}
                loading="lazy"
              />
            </a>
          </li>
        ))}
      </ul>
    );
  }
  if (!message.files?.length) return null;
  return (
    <ul className="message__images" aria-label={t('images.inMessage', { count: message.files.length })}>
      {message.files.map((file, index) => (
        <li key={index}>
          <LocalImage file={file} alt={t('images.alt', { n: index + 1 })} className="message__image" />
        </li>
      ))}
    </ul>
  );
}

/** Removes a message the server refused for good from the list (it was never stored). */
function DiscardButton({ message }: { message: ClientMessage }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <button
      type="button"
      className="link-button"
      onClick={() =>
        queryClient.setQueryData<MessagesData>(keys.messages(message.account_id, message.conversation_id), (data) =>
          removeUnsent(data, message.echo_id!),
        )
      }
    >
      {t('images.discard')}
    </button>
  );
}

const str = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** A link that leaves the workspace: http(s) only, in a new tab; anything else is shown as text. */
function OutLink({ href, children }: { href: unknown; children: React.ReactNode }) {
  const url = safeUrl(href);
  return url ? (
    <a href={url} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ) : (
    <>{children}</>
  );
}

/** A bot's cards, article links and form fields, and the visitor's answers to a form (Chatwoot's content types). */
export function RichContent({ message }: { message: ClientMessage }) {
  const { t } = useTranslation();
  const cards = cardsOf(message);
  const articles = articlesOf(message);
  const fields = formOf(message);
  const raw = message.content_attributes.submitted_values;
  const submitted = (Array.isArray(raw) ? raw : []) as Submitted[];
  if (!cards.length && !articles.length && !fields.length && !submitted.length) return null;
  return (
    <div className="message__rich">
      {cards.map((card, i) => (
        <div className="message__card" key={i}>
          <strong>{str(card.title)}</strong>
          {str(card.description) && <p>{str(card.description)}</p>}
          <ul className="message__choices">
            {(Array.isArray(card.actions) ? card.actions : []).map((action, j) => (
              <li key={j}>
                {action.type === 'link' ? <OutLink href={action.uri}>{str(action.text)}</OutLink> : str(action.text)}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {articles.length > 0 && (
        <ul className="message__articles">
          {articles.map((article, i) => (
            <li key={i}>
              <OutLink href={article.link}>{str(article.title)}</OutLink>
              {str(article.description) && <span> — {str(article.description)}</span>}
            </li>
          ))}
        </ul>
      )}
      {fields.length > 0 && (
        <ul className="message__choices">
          {fields.map((field) => (
            <li key={field.name}>{str(field.label) || field.name}</li>
          ))}
        </ul>
      )}
      {submitted.length > 0 && (
        <dl className="message__answers" aria-label={t('message.answers')}>
          {submitted.map((v, i) => (
            <div key={i}>
              <dt>{str(v.title) || str(v.name)}</dt>
              <dd>{str(v.value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
