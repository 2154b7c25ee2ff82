import { useQueries, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http';
import { formatAge } from '../lib/format';
import {
  adminKeys,
  createStory,
  deleteStory,
  fetchAutomation,
  fetchInboxes,
  fetchStories,
  patchStory,
  publishStory,
  type Inbox,
  type Story,
} from './api';
import { groupStoryErrors, showPath, stepLine, type StoryErrorGroup } from './errors';
import { definitionText, previewDocument, toUnixSeconds } from './format';
import { DeleteButton, Field, FormError, Loading, PageHead, useSave, useSettings } from './ui';
import { askSteps, CONTACT_FIELDS, withContactField, type ContactField } from './contactFields';
import { storyLanguages, storyTexts, textIn, withLanguage, withText } from './storyTexts';
import { LANGUAGE_NAMES, SUPPORTED_LANGUAGES, toSupported, type Language } from '../i18n/languages';

/** A small story to start from, in the admin's language. */
const starter = (t: (key: string, options?: Record<string, string>) => string) => ({
  start: 'greet',
  steps: {
    greet: { type: 'message', text: t('settings.stories.starter.greet'), next: 'ask_name' },
    ask_name: { type: 'ask', text: t('settings.stories.starter.askName'), variable: 'first_name', next: 'handoff' },
    handoff: {
      type: 'handoff',
      text: t('settings.stories.starter.connecting'),
      exits: { handled: 'bye', declined: 'bye', no_agent: 'bye' },
    },
    // The story's own {{variable}} syntax, kept literally.
    bye: { type: 'end', text: t('settings.stories.starter.bye', { first_name: '{{first_name}}' }) },
  },
});

export function StoriesPage() {
  const { t, i18n } = useTranslation();
  const { accountId, canEdit } = useSettings();
  const stories = useQuery({ queryKey: adminKeys.stories(accountId), queryFn: () => fetchStories(accountId) });
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  // What a just-created story's editor says first ("Saved." / "Published.").
  const [flash, setFlash] = useState<string | null>(null);
  const current = typeof editing === 'number' ? stories.data?.find((x) => x.id === editing) : undefined;

  return (
    <section className="settings-page">
      <PageHead
        title={t('settings.stories.title')}
        intro={t('settings.stories.intro')}
        action={
          canEdit && (
            <button type="button" className="button button--primary" onClick={() => setEditing('new')}>
              {t('settings.stories.new')}
            </button>
          )
        }
      />
      <Loading query={stories} />
      {stories.data && (
        <div className="card table-card">
          <table className="table">
            <thead>
              <tr>
                <th>{t('settings.stories.name')}</th>
                <th>{t('settings.stories.state')}</th>
                <th>{t('settings.stories.updated')}</th>
                <th aria-label={t('settings.actions')} />
              </tr>
            </thead>
            <tbody>
              {stories.data.map((s) => {
                const updated = toUnixSeconds(s.updated_at);
                return (
                  <tr key={s.id} className={editing === s.id ? 'table__row--selected' : undefined}>
                    <td>
                      <strong>{s.name}</strong>
                    </td>
                    <td>
                      {s.published_version != null ? (
                        <span className="chip chip--published">{t('settings.stories.published', { version: s.published_version })}</span>
                      ) : (
                        <span className="chip chip--draft">{t('settings.stories.draft')}</span>
                      )}
                    </td>
                    <td className="muted">{updated ? formatAge(updated, i18n.language) : '–'}</td>
                    <td className="table__actions">
                      <button type="button" className="button" onClick={() => setEditing(s.id)}>
                        {canEdit ? t('settings.edit') : t('settings.view')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {stories.data.length === 0 && <p className="muted empty">{t('settings.stories.empty')}</p>}
        </div>
      )}
      {editing === 'new' && <StoryEditor
          key="new"
          accountId={accountId}
          canEdit
          onClose={(id, notice) => {
            setFlash(notice ?? null);
            setEditing(id ?? null);
          }}
        />}
      {current && <StoryEditor
          key={current.id}
          accountId={accountId}
          story={current}
          canEdit={canEdit}
          initialNotice={flash}
          onClose={() => {
            setFlash(null);
            setEditing(null);
          }}
        />}
      {current && <TryIt accountId={accountId} story={current} />}
    </section>
  );
}

function StoryEditor({
  accountId,
  story,
  canEdit,
  initialNotice,
  onClose,
}: {
  accountId: number;
  story?: Story;
  canEdit: boolean;
  initialNotice?: string | null;
  onClose: (id?: number, notice?: string) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(story?.name ?? '');
  const [text, setText] = useState(() => definitionText(story ? story.definition : starter(t)));
  const [parseError, setParseError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(initialNotice ?? null);
  const editor = useRef<HTMLTextAreaElement>(null);
  const created = useRef<number | null>(null);
  const keys = [adminKeys.stories(accountId)];

  const parse = (): unknown | undefined => {
    try {
      const value: unknown = JSON.parse(text);
      setParseError(null);
      return value;
    } catch (e) {
      setParseError((e as Error).message);
      return undefined;
    }
  };

  const save = useSave(
    async ({ definition, publish }: { definition: unknown; publish: boolean }) => {
      // A new story that was created but failed to publish is patched from then on, not created twice.
      const id = story?.id ?? created.current;
      const saved = id != null ? await patchStory(accountId, id, { name, definition }) : await createStory(accountId, { name, definition });
      if (id == null && saved?.id != null) created.current = saved.id;
      if (publish) await publishStory(accountId, saved?.id ?? id!);
      return { saved, publish };
    },
    keys,
    ({ saved, publish }) => {
      const text = publish ? t('settings.stories.publishedNotice') : t('settings.saved');
      setNotice(text);
      if (!story) onClose(saved?.id ?? created.current ?? undefined, text);
    },
  );
  const remove = useSave(() => deleteStory(accountId, story!.id), keys, () => onClose());
  const storyErrors: StoryErrorGroup[] = useMemo(
    () => (save.error instanceof ApiError ? groupStoryErrors(save.error.fieldErrors.filter((e) => e.field !== 'name')) : []),
    [save.error],
  );
  // The problems are listed above the definition, out of view after pressing Save at the bottom: bring them in.
  const problems = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (storyErrors.length === 0) return;
    problems.current?.scrollIntoView?.({ block: 'start', behavior: 'smooth' });
    problems.current?.focus({ preventScroll: true });
  }, [storyErrors]);

  const submit = (publish: boolean) => {
    setNotice(null);
    const definition = parse();
    if (definition !== undefined) save.mutate({ definition, publish });
  };

  const jumpTo = (step: string | null) => {
    const el = editor.current;
    if (!el) return;
    const line = step ? stepLine(text, step) : 1;
    if (!line) return;
    const lines = text.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    el.focus();
    el.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
    const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 20;
    el.scrollTop = Math.max(0, (line - 4) * lineHeight);
  };

  return (
    <form
      className="card form"
      onSubmit={(e) => {
        e.preventDefault();
        submit(false);
      }}
    >
      <div className="card__head">
        <h2>{story ? story.name : t('settings.stories.new')}</h2>
        <button type="button" className="button button--ghost" onClick={() => onClose()} aria-label={t('settings.close')}>
          ✕
        </button>
      </div>
      <fieldset disabled={!canEdit}>
        <Field label={t('settings.stories.name')} name="name" errors={save.fieldErrors}>
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </Field>
        {storyErrors.length > 0 && (
          <div className="story-errors" role="alert" ref={problems} tabIndex={-1}>
            <h3>{t('settings.stories.problems', { count: storyErrors.reduce((n, g) => n + g.items.length, 0) })}</h3>
            <ul>
              {storyErrors.map((group) => (
                <li key={group.step ?? ''}>
                  {group.step ? (
                    <button type="button" className="link-button story-errors__step" onClick={() => jumpTo(group.step)}>
                      {t('settings.stories.step', { step: group.step })}
                    </button>
                  ) : (
                    <span className="story-errors__step">{t('settings.stories.wholeStory')}</span>
                  )}
                  <ul>
                    {group.items.map((item, i) => {
                      // A missing translation in the admin's words: "Missing in Deutsch".
                      const language = toSupported(item.path.split('.').pop());
                      const message = item.code === 'missing_translation' && language
                        ? t('settings.stories.languages.missing', { language: LANGUAGE_NAMES[language] })
                        : item.message;
                      return (
                        <li key={i}>
                          {showPath(item.path, message) && <code>{item.path}</code>} {message}
                        </li>
                      );
                    })}
                  </ul>
                </li>
              ))}
            </ul>
          </div>
        )}
        <Field
          label={t('settings.stories.definition')}
          name="definition"
          errors={parseError ? { definition: t('settings.stories.notJson', { error: parseError }) } : {}}
          hint={t('settings.stories.definitionHint')}
        >
          <textarea
            ref={editor}
            className="json-editor"
            spellCheck={false}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setNotice(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Tab' && !e.shiftKey) {
                e.preventDefault();
                const el = e.currentTarget;
                const { selectionStart: s, selectionEnd: end } = el;
                const next = `${text.slice(0, s)}  ${text.slice(end)}`;
                setText(next);
                requestAnimationFrame(() => el.setSelectionRange(s + 2, s + 2));
              }
            }}
          />
        </Field>
        <ContactFieldsPanel text={text} onChange={(next) => { setText(next); setNotice(null); }} />
        <LanguagesPanel text={text} onChange={(next) => { setText(next); setNotice(null); }} />
        {storyErrors.length === 0 && <FormError error={save.error ?? remove.error} fields={['name', 'definition']} />}
        {storyErrors.length > 0 && remove.error && <FormError error={remove.error} fields={[]} />}
        {canEdit && (
          <div className="form-actions form-actions--split">
            <span className="form-actions">
              {story && <DeleteButton onConfirm={() => remove.mutate(undefined)} pending={remove.isPending} />}
              <button
                type="button"
                className="button"
                onClick={() => {
                  const value = parse();
                  if (value !== undefined) setText(JSON.stringify(value, null, 2));
                }}
              >
                {t('settings.stories.format')}
              </button>
            </span>
            <span className="form-actions">
              {notice && (
                <span className="muted" role="status">
                  {notice}
                </span>
              )}
              <button type="submit" className="button" disabled={save.isPending}>
                {save.isPending ? t('settings.saving') : t('settings.save')}
              </button>
              <button type="button" className="button button--primary" disabled={save.isPending} onClick={() => submit(true)}>
                {t('settings.stories.publish')}
              </button>
            </span>
          </div>
        )}
      </fieldset>
    </form>
  );
}

/** Which contact field each question's answer is also saved to; edits the definition's `contact_field`. */
function ContactFieldsPanel({ text, onChange }: { text: string; onChange: (text: string) => void }) {
  const { t } = useTranslation();
  const definition = useMemo(() => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }, [text]);
  const steps = askSteps(definition);
  if (steps.length === 0) return null;
  return (
    <fieldset className="story-contact-fields">
      <legend>{t('settings.stories.contactFields.title')}</legend>
      <p className="muted">{t('settings.stories.contactFields.hint')}</p>
      <table className="table">
        <thead>
          <tr>
            <th>{t('settings.stories.contactFields.step')}</th>
            <th>{t('settings.stories.contactFields.variable')}</th>
            <th>{t('settings.stories.contactFields.saveAs')}</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((step) => (
            <tr key={step.id}>
              <td><code>{step.id}</code></td>
              <td><code>{step.variable}</code></td>
              <td>
                <select
                  aria-label={t('settings.stories.contactFields.saveAsFor', { step: step.id })}
                  value={step.contactField ?? ''}
                  onChange={(e) => {
                    const field = (CONTACT_FIELDS as readonly string[]).includes(e.target.value)
                      ? (e.target.value as ContactField)
                      : null;
                    onChange(JSON.stringify(withContactField(definition, step.id, field), null, 2));
                  }}
                >
                  <option value="">{t('settings.stories.contactFields.none')}</option>
                  {CONTACT_FIELDS.map((f) => (
                    <option key={f} value={f}>{t(`settings.stories.contactFields.field.${f}`)}</option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </fieldset>
  );
}

/**
 * The story's texts in one of its languages, edited in place (ADR 0054): the language tabs, "Add language", and for
 * each step its texts and buttons; a missing translation is an empty field the server will name.
 */
function LanguagesPanel({ text, onChange }: { text: string; onChange: (text: string) => void }) {
  const { t, i18n } = useTranslation();
  const definition = useMemo(() => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }, [text]);
  const languages = storyLanguages(definition);
  const [chosen, setChosen] = useState<Language | null>(null);
  const language = chosen && languages.includes(chosen) ? chosen : languages[0];
  const texts = storyTexts(definition);
  if (texts.length === 0) return null;
  const uiLanguage = toSupported(i18n.language) ?? 'en';
  const addable = SUPPORTED_LANGUAGES.filter((l) => !languages.includes(l));
  const write = (next: unknown) => onChange(JSON.stringify(next, null, 2));
  return (
    <fieldset className="story-languages">
      <legend>{t('settings.stories.languages.title')}</legend>
      <p className="muted">{t('settings.stories.languages.hint')}</p>
      <div className="copy-row">
        {languages.length > 0 && (
          <div role="tablist" aria-label={t('settings.stories.languages.title')} className="story-languages__tabs">
            {languages.map((l) => (
              <button
                key={l}
                type="button"
                role="tab"
                aria-selected={l === language}
                className={`button${l === language ? ' button--primary' : ''}`}
                onClick={() => setChosen(l)}
              >
                {LANGUAGE_NAMES[l]}
              </button>
            ))}
          </div>
        )}
        {addable.length > 0 && (
          <select
            aria-label={t('settings.stories.languages.add')}
            value=""
            onChange={(e) => {
              const added = addable.find((l) => l === e.target.value);
              if (!added) return;
              write(withLanguage(definition, added, languages[0] ?? uiLanguage));
              setChosen(added);
            }}
          >
            <option value="">{t('settings.stories.languages.add')}</option>
            {addable.map((l) => (
              <option key={l} value={l}>{LANGUAGE_NAMES[l]}</option>
            ))}
          </select>
        )}
      </div>
      {language && (
        <table className="table">
          <thead>
            <tr>
              <th>{t('settings.stories.contactFields.step')}</th>
              <th>{t('settings.stories.languages.text', { language: LANGUAGE_NAMES[language] })}</th>
            </tr>
          </thead>
          <tbody>
            {texts.map((item) => {
              const value = textIn(item.value, language);
              const label = `${item.step} · ${item.field} (${LANGUAGE_NAMES[language]})`;
              return (
                <tr key={`${item.step}.${item.field}`}>
                  <td>
                    <code>{item.step}</code> <span className="muted">{item.field}</span>
                  </td>
                  <td>
                    <textarea
                      aria-label={label}
                      rows={item.field.startsWith('options') ? 1 : 2}
                      value={value}
                      aria-invalid={value.trim() === '' || undefined}
                      placeholder={t('settings.stories.languages.missing', { language: LANGUAGE_NAMES[language] })}
                      onChange={(e) => write(withText(definition, item.step, item.field, language, e.target.value))}
                    />
                    {typeof item.value === 'string' && languages.length > 1 && (
                      <span className="muted">{t('settings.stories.languages.shared')}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </fieldset>
  );
}

/** Runs the widget of an inbox in a preview page; inboxes whose automation runs this story come first. */
function TryIt({ accountId, story }: { accountId: number; story: Story }) {
  const { t, i18n } = useTranslation();
  const inboxes = useQuery({ queryKey: adminKeys.inboxes(accountId), queryFn: () => fetchInboxes(accountId) });
  const widgets = (inboxes.data ?? []).filter((i) => i.web_widget_script);
  const automations = useQueries({
    queries: widgets.map((inbox) => ({
      queryKey: adminKeys.automation(accountId, inbox.id),
      queryFn: () => fetchAutomation(accountId, inbox.id),
    })),
  });
  const running = widgets.filter((_, i) => automations[i]?.data?.story_id === story.id);
  const [chosen, setChosen] = useState<number | null>(null);
  const [run, setRun] = useState(0);
  const inbox: Inbox | undefined = widgets.find((i) => i.id === chosen) ?? running[0];

  return (
    <section className="card">
      <h2>{t('settings.stories.tryIt')}</h2>
      <p className="muted">
        {story.published_version == null
          ? t('settings.stories.tryItUnpublished')
          : running.length
            ? t('settings.stories.tryItIntro')
            : t('settings.stories.tryItNoInbox')}
      </p>
      {widgets.length > 0 && (
        <div className="copy-row">
          <select aria-label={t('settings.stories.tryItInbox')} value={inbox?.id ?? ''} onChange={(e) => setChosen(Number(e.target.value) || null)}>
            <option value="">{t('settings.stories.chooseInbox')}</option>
            {widgets.map((i) => (
              <option key={i.id} value={i.id}>
                {running.includes(i) ? `${i.name} ✓` : i.name}
              </option>
            ))}
          </select>
          {inbox && (
            <button type="button" className="button" onClick={() => setRun(run + 1)}>
              {t('settings.stories.reload')}
            </button>
          )}
          <a className="button button--ghost" href="/demo" target="_blank" rel="noreferrer">
            {t('settings.stories.openDemo')}
          </a>
        </div>
      )}
      {inbox?.web_widget_script && (
        <iframe
          key={`${inbox.id}:${run}`}
          className="preview-frame"
          title={t('settings.stories.tryIt')}
          srcDoc={previewDocument(inbox.web_widget_script, inbox.name, t('settings.stories.previewText'), i18n.language)}
        />
      )}
    </section>
  );
}
