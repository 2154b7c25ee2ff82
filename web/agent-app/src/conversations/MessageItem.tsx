import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { MessageType, type ClientMessage } from '../api/types';
import { formatMessageTime } from '../lib/format';
import { keys } from './api';
import { removeUnsent, type MessagesData } from './cache';
import { imageAttachments } from './images';
import { LocalImage } from './LocalImage';

export type MessageKind = 'visitor' | 'agent' | 'bot' | 'activity' | 'note';

/** Who a message comes from, as the agent workspace shows it. */
export function messageKind(m: ClientMessage): MessageKind {
  if (m.message_type === MessageType.Activity) return 'activity';
  if (m.private) return 'note';
  if (m.message_type === MessageType.Incoming) return 'visitor';
  if (m.sender_type === 'AgentBot' || m.sender?.type === 'agent_bot') return 'bot';
  return 'agent';
}

export function MessageItem({ message, onRetry }: { message: ClientMessage; onRetry: (m: ClientMessage) => void }) {
  const { t, i18n } = useTranslation();
  const kind = messageKind(message);
  const time = formatMessageTime(message.created_at, i18n.language);

  if (kind === 'activity') {
    return (
      <li className="message message--activity">
        <span>{message.content}</span> <time>{time}</time>
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
        {senderName && <span className="message__sender">{senderName}</span>}
        <time dateTime={new Date(message.created_at * 1000).toISOString()}>{time}</time>
      </div>
      <div className="message__bubble">
        {message.content && <p className="message__content">{message.content}</p>}
        <MessageImages message={message} />
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
