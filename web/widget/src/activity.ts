// Activity lines ("Anna joined") in the reader's language, from the key and arguments every activity message
// carries in content_attributes.activity. The texts are the server's own (server/src/main/resources/i18n), read
// at build time, so that the workspace, the widget and the server's `content` never disagree.
import en from '../../../server/src/main/resources/i18n/activity.properties?raw';
import de from '../../../server/src/main/resources/i18n/activity_de.properties?raw';
import fr from '../../../server/src/main/resources/i18n/activity_fr.properties?raw';
import it from '../../../server/src/main/resources/i18n/activity_it.properties?raw';

/** The `activity.*` entries of a properties file (UTF-8, one `key=text` a line), keyed without the prefix. */
export function parseActivityTexts(text: string): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (line.startsWith('#') || eq < 0) continue;
    const key = line.slice(0, eq).trim();
    if (key.startsWith('activity.')) texts[key.slice('activity.'.length)] = line.slice(eq + 1).trim();
  }
  return texts;
}

const BUNDLES: Record<string, Record<string, string>> = {
  en: parseActivityTexts(en),
  de: parseActivityTexts(de),
  fr: parseActivityTexts(fr),
  it: parseActivityTexts(it),
};

interface ActivityMessage {
  content?: string | null;
  content_attributes?: Record<string, unknown> | null;
}

/**
 * The message's activity line in `locale` (en, de, fr, it; "de-CH" reads German), else in English, else the
 * text the server wrote (`content`, in the account's language) for a key this build does not know.
 */
export function activityText(m: ActivityMessage, locale: string): string {
  const activity = m.content_attributes?.activity as { key?: unknown; args?: unknown } | undefined;
  const key = typeof activity?.key === 'string' ? activity.key : undefined;
  const language = locale.toLowerCase().split(/[-_]/)[0] ?? 'en';
  const template = key ? (BUNDLES[language]?.[key] ?? BUNDLES.en?.[key]) : undefined;
  if (!template) return m.content ?? '';
  const args = Array.isArray(activity?.args) ? activity.args : [];
  // Java's MessageFormat: {0} is an argument, '' an apostrophe.
  return template.replace(/\{(\d+)\}/g, (_, n: string) => String(args[Number(n)] ?? '')).replace(/''/g, "'");
}
