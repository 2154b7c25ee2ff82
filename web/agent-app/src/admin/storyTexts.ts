// A story's texts per language (ADR 0054, docs/stories.md): a text is one string for every language, or an object
// with a string per language the story lists in `languages`.

import { SUPPORTED_LANGUAGES, type Language } from '../i18n/languages';

/** One text of a story: a step's `text`, `retry` or `subject`, or a button's title (`options.0.title`). */
export interface StoryText {
  step: string;
  field: string;
  value: string | Record<string, string>;
}

const TEXT_FIELDS = ['text', 'retry', 'subject'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string | Record<string, string> {
  return typeof value === 'string' || isObject(value);
}

/** The story's languages, in its order (none: one text per field). */
export function storyLanguages(definition: unknown): Language[] {
  if (!isObject(definition) || !Array.isArray(definition.languages)) return [];
  return definition.languages.filter((l): l is Language => (SUPPORTED_LANGUAGES as readonly string[]).includes(l as string));
}

/** Every text of the story, step by step in the order they are written. */
export function storyTexts(definition: unknown): StoryText[] {
  if (!isObject(definition) || !isObject(definition.steps)) return [];
  return Object.entries(definition.steps).flatMap(([step, body]) => {
    if (!isObject(body)) return [];
    const texts: StoryText[] = TEXT_FIELDS.filter((f) => isText(body[f])).map((f) => ({ step, field: f, value: body[f] as StoryText['value'] }));
    if (Array.isArray(body.options)) {
      body.options.forEach((option, i) => {
        if (isObject(option) && isText(option.title)) texts.push({ step, field: `options.${i}.title`, value: option.title });
      });
    }
    return texts;
  });
}

/** The text in this language: a plain string serves every language; '' when the translation is missing. */
export function textIn(value: StoryText['value'], language: string): string {
  return typeof value === 'string' ? value : (value[language] ?? '');
}

/**
 * A copy of the definition with the text in `language` set. A plain string becomes a text per language, the old
 * string kept for the story's other languages.
 */
export function withText(definition: unknown, step: string, field: string, language: string, text: string): unknown {
  if (!isObject(definition) || !isObject(definition.steps) || !isObject(definition.steps[step])) return definition;
  const languages = storyLanguages(definition);
  const update = (old: unknown): Record<string, string> => {
    if (isObject(old)) return { ...(old as Record<string, string>), [language]: text };
    const base = typeof old === 'string' ? old : '';
    return Object.fromEntries(languages.map((l) => [l, l === language ? text : base]));
  };
  const body: Record<string, unknown> = { ...definition.steps[step] };
  const option = /^options\.(\d+)\.title$/.exec(field);
  if (option && Array.isArray(body.options)) {
    const index = Number(option[1]);
    body.options = body.options.map((o, i) => (i === index && isObject(o) ? { ...o, title: update(o.title) } : o));
  } else {
    body[field] = update(body[field]);
  }
  return { ...definition, steps: { ...definition.steps, [step]: body } };
}

/**
 * A copy of the definition that also speaks `language`; a story without languages starts with `first` (the
 * language its plain texts are written in). The new language's texts are for the admin to write: until then the
 * server names each as a missing translation.
 */
export function withLanguage(definition: unknown, language: Language, first: Language): unknown {
  if (!isObject(definition)) return definition;
  const current = storyLanguages(definition);
  const languages = current.length ? current : [first];
  if (languages.includes(language)) return { ...definition, languages };
  const { languages: _old, ...rest } = definition;
  return { languages: [...languages, language], ...rest };
}
