import {
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type ClipboardEvent,
  type DragEvent,
  type FormEvent,
  type KeyboardEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import { filterCanned, insertCanned, moveActive, pickerAction, slashToken, type CannedResponse } from './canned';
import { CannedPicker, cannedOptionId, useCannedResponses } from './CannedPicker';
import './composer.css';
import { ImageTray } from './ImageTray';
import { filesOf, IMAGE_ACCEPT, partitionImages } from './images';

interface Props {
  accountId: number;
  maxLength: number;
  onSend: (content: string, isPrivate: boolean, files: File[]) => void;
  onTyping: () => void;
  onStopTyping: () => void;
}

export function ReplyBox({ accountId, maxLength, onSend, onTyping, onStopTyping }: Props) {
  const { t } = useTranslation();
  const [isNote, setNote] = useState(false);
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [files, setFiles] = useState<File[]>([]);
  const [refused, setRefused] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);
  const [active, setActive] = useState(0);
  // The slash token the agent closed with Escape (by where it starts): it stays closed until another.
  const [dismissed, setDismissed] = useState<number | null>(null);
  const id = useId();
  const listId = `${id}-canned`;
  const area = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const pendingCaret = useRef<number | null>(null);
  const canned = useCannedResponses(accountId);

  const length = [...text].length; // count code points, as the server does for limits
  const tooLong = length > maxLength;
  const canSend = (text.trim().length > 0 || files.length > 0) && !tooLong;

  const token = slashToken(text, caret);
  const options = token && token.start !== dismissed ? filterCanned(canned.data ?? [], token.query) : [];
  const open = options.length > 0;
  const highlighted = open ? Math.min(active, options.length - 1) : -1;

  useLayoutEffect(() => {
    if (pendingCaret.current === null || !area.current) return;
    area.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  });

  const edit = (value: string, at: number) => {
    const before = slashToken(text, caret);
    const after = slashToken(value, at);
    if (after?.query !== before?.query) setActive(0);
    if (after?.start !== dismissed) setDismissed(null);
    setText(value);
    setCaret(at);
  };

  const pick = (option: CannedResponse) => {
    if (!token) return;
    const next = insertCanned(text, token, option.content);
    pendingCaret.current = next.caret;
    setText(next.text);
    setCaret(next.caret);
    setActive(0);
    if (!isNote) onTyping();
    area.current?.focus();
  };

  const addFiles = (picked: File[]) => {
    if (picked.length === 0) return;
    const { images, rejected } = partitionImages(picked);
    setRefused(rejected.map((f) => f.name || f.type || '?'));
    if (images.length) setFiles((current) => [...current, ...images]);
  };

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!canSend) return;
    onSend(text.trim(), isNote, files);
    setText('');
    setCaret(0);
    setFiles([]);
    setRefused([]);
    onStopTyping();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return;
    const action = open ? pickerAction(e.key, e.shiftKey) : null;
    if (action) {
      e.preventDefault();
      if (action === 'next' || action === 'previous') setActive(moveActive(highlighted, action === 'next' ? 1 : -1, options.length));
      else if (action === 'pick') pick(options[highlighted]!);
      else {
        e.stopPropagation(); // Escape closes the picker only, not what surrounds the reply box
        setDismissed(token!.start);
      }
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      submit();
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const pasted = filesOf(e.clipboardData);
    if (pasted.length === 0) return;
    // A screenshot comes without text; copied content from some apps brings both, and the text still goes in.
    if (!e.clipboardData.getData('text/plain')) e.preventDefault();
    addFiles(pasted);
  };

  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

  return (
    <form
      className={`reply-box${isNote ? ' reply-box--note' : ''}${dragging ? ' reply-box--drop' : ''}`}
      onSubmit={submit}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDragging(false);
        addFiles(filesOf(e.dataTransfer));
      }}
    >
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
      <div className="reply-box__field">
        {open && (
          <CannedPicker id={listId} options={options} active={highlighted} onPick={pick} onHover={setActive} />
        )}
        <label htmlFor={id} className="visually-hidden">
          {isNote ? t('composer.note') : t('composer.reply')}
        </label>
        {/* A textarea may not take the combobox role; as a textbox it still owns the popup list
            (aria-controls, aria-activedescendant), which is how screen readers follow the picker. */}
        <textarea
          ref={area}
          id={id}
          rows={3}
          value={text}
          placeholder={isNote ? t('composer.placeholderNote') : t('composer.placeholderReply')}
          onChange={(e) => {
            edit(e.target.value, e.target.selectionStart ?? e.target.value.length);
            if (!isNote && e.target.value) onTyping();
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onBlur={onStopTyping}
          aria-invalid={tooLong || undefined}
          aria-describedby={`${id}-counter ${id}-canned-status`}
          aria-autocomplete="list"
          aria-haspopup="listbox"
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open ? cannedOptionId(listId, highlighted) : undefined}
        />
        <span id={`${id}-canned-status`} className="visually-hidden" aria-live="polite">
          {open ? t('canned.count', { count: options.length }) : ''}
        </span>
      </div>
      <ImageTray files={files} onRemove={(file) => setFiles((current) => current.filter((f) => f !== file))} />
      {refused.length > 0 && (
        <p className="reply-box__refused" role="alert">
          {t('images.refused', { names: refused.join(', ') })}
        </p>
      )}
      <div className="reply-box__footer">
        <input
          ref={fileInput}
          type="file"
          accept={IMAGE_ACCEPT}
          multiple
          hidden
          onChange={(e) => {
            addFiles(Array.from(e.target.files ?? []));
            e.target.value = ''; // the same file can be chosen again after removing it
          }}
        />
        <button
          type="button"
          className="button button--ghost reply-box__attach"
          aria-label={t('images.attach')}
          title={t('images.attach')}
          onClick={() => fileInput.current?.click()}
        >
          <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
            <path
              fill="currentColor"
              d="M5 4h14a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm0 2v9.6l3.3-3.3a1 1 0 0 1 1.4 0l2.3 2.3 4.3-4.3a1 1 0 0 1 1.4 0L19 11.6V6H5zm3.5 1.5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3z"
            />
          </svg>
        </button>
        <span className="muted reply-box__hint">
          {t('composer.hint')} · {t('canned.hint')}
        </span>
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
