import { readConfig } from './config';
import { PublicApi } from './api';
import { pickLocale, textsFor } from './i18n';
import { Widget } from './widget';

declare global {
  interface Window {
    batonSettings?: unknown;
    __batonWidget?: boolean;
  }
}

// document.currentScript is only set while this script runs for the first time, so read it now.
const script =
  (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[data-website-token]');

/**
 * The inbox's language, if the server answers soon; the launcher does not wait longer for it. Kept for
 * the browser session, so that page views after the first cost no request (the public API is rate
 * limited per address, and many visitors can share one).
 */
async function inboxLocale(baseUrl: string, token: string): Promise<string | null> {
  const key = `baton:inbox-locale:${token}`;
  try {
    const kept = sessionStorage.getItem(key);
    if (kept !== null) return kept || null;
  } catch {
    /* storage blocked: ask the server */
  }
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 1500));
  const info = new PublicApi(baseUrl, token).inboxInfo().then((i) => i.locale ?? '', () => undefined);
  const locale = await Promise.race([info, timeout]);
  if (locale === undefined) return null; // no answer: try again on the next page
  try {
    sessionStorage.setItem(key, locale);
  } catch {
    /* storage blocked or full */
  }
  return locale || null;
}

async function boot(): Promise<void> {
  if (window.__batonWidget) return; // embedded twice
  const config = readConfig(script, location.href, window.batonSettings);
  if (!config) {
    console.warn('[baton] widget.js needs a data-website-token attribute');
    return;
  }
  window.__batonWidget = true;
  const fromInbox = config.settings.locale ? null : await inboxLocale(config.baseUrl, config.token);
  const locale = pickLocale(config.settings.locale, fromInbox, document.documentElement.lang, navigator.languages ?? [navigator.language]);
  const host = document.createElement('div');
  host.setAttribute('data-baton-widget', '');
  host.lang = locale;
  document.body.append(host);
  new Widget(config, textsFor(locale), host).start();
}

if (document.body) void boot();
else document.addEventListener('DOMContentLoaded', () => void boot(), { once: true });
