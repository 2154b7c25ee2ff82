import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  maxLength: number;
  onSend: (content: string, isPrivate: boolean) => void;
  onTyping: () => void;
  onStopTyping: () => void;
}

export function ReplyBox({ maxLength, onSend, onTyping, onStopTyping }: Props) {
  const { t } = useTranslation();
  const [isNote, setNote] = useState(false);
  const [text, setText] = useState('');
  const id = useId();
  const length = [...text].length; // count code points, as the server does for limits
  const tooLong = length > maxLength;
  const canSend = text.trim().length > 0 && !tooLong;

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!canSend) return;
    onSend(text.trim(), isNote);
    setText('');
    onStopTyping();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <form className={`reply-box${isNote ? ' reply-box--note' : ''}`} onSubmit={submit}>
      <div className="reply-box__modes" role="radiogroup" aria-label={t('composer.mode')}>
        <button
          type="button"
          role="radio"
          aria-checked={!isNote}
          className={`mode${!isNote ? ' mode--active' : ''}`}
          onClick={() => setNote(false)}
        >
          {t('composer.reply')}
        </button>
        <button
          type="button"
          role="radio"
          aria-checked={isNote}
          className={`mode mode--note${isNote ? ' mode--active' : ''}`}
          onClick={() => {
            setNote(true);
            onStopTyping(); // notes are invisible to the visitor, so no typing indicator either
          }}
        >
          {t('composer.note')}
        </button>
      </div>
      <label htmlFor={id} className="visually-hidden">
        {isNote ? t('composer.note') : t('composer.reply')}
      </label>
      <textarea
        id={id}
        rows={3}
        value={text}
        placeholder={isNote ? t('composer.placeholderNote') : t('composer.placeholderReply')}
        onChange={(e) => {
          setText(e.target.value);
          if (!isNote && e.target.value) onTyping();
        }}
        onKeyDown={onKeyDown}
        onBlur={onStopTyping}
        aria-invalid={tooLong || undefined}
        aria-describedby={`${id}-counter`}
      />
      <div className="reply-box__footer">
        <span className="muted reply-box__hint">{t('composer.hint')}</span>
        <span id={`${id}-counter`} className={`counter${tooLong ? ' counter--over' : ''}`} role={tooLong ? 'alert' : undefined}>
          {tooLong ? t('composer.tooLong', { max: maxLength }) : t('composer.counter', { count: length, max: maxLength })}
        </span>
        <button type="submit" className="button button--primary" disabled={!canSend}>
          {isNote ? t('composer.addNote') : t('composer.send')}
        </button>
      </div>
    </form>
  );
}
