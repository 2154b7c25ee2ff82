import { readConfig } from './config';
import { PublicApi, type InboxInfo } from './api';
import { pickLocale, textsFor } from './i18n';
import { Widget } from './widget';

/** What the page may call once the widget is ready (the event `baton:ready` on window). */
export interface BatonApi {
  toggle(state?: 'open' | 'close'): void;
  setUser(identifier: string, user?: { name?: string; email?: string; identifier_hash?: string }): Promise<void>;
  setCustomAttributes(attributes: Record<string, unknown>): Promise<void>;
}

declare global {
  interface Window {
    batonSettings?: unknown;
    __batonWidget?: boolean;
    $baton?: BatonApi;
  }
}

// document.currentScript is only set while this script runs for the first time, so read it now.
const script =
  (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[data-website-token]');

/**
 * The inbox's language and appearance, from the browser session's copy (page views after the first cost no
 * request: the public API is rate limited per address, and many visitors can share one), else from the server.
 * Null when the server does not answer.
 */
async function inboxSettings(baseUrl: string, token: string): Promise<Pick<InboxInfo, 'locale' | 'look'> | null> {
  const key = `baton:inbox:${token}`;
  try {
    const kept = sessionStorage.getItem(key);
    if (kept) return JSON.parse(kept) as Pick<InboxInfo, 'locale' | 'look'>;
  } catch {
    /* storage blocked or unreadable: ask the server */
  }
  try {
    const { locale, look } = await new PublicApi(baseUrl, token).inboxInfo();
    try {
      sessionStorage.setItem(key, JSON.stringify({ locale, look }));
    } catch {
      /* storage blocked or full */
    }
    return { locale, look };
  } catch {
    return null; // try again on the next page
  }
}

async function boot(): Promise<void> {
  if (window.__batonWidget) return; // embedded twice
  const config = readConfig(script, location.href, window.batonSettings);
  if (!config) {
    console.warn('[baton] widget.js needs a data-website-token attribute');
    return;
  }
  window.__batonWidget = true;
  const settings = inboxSettings(config.baseUrl, config.token);
  // The launcher waits for the inbox's language at most 1.5 s; its appearance follows whenever it comes.
  const soon = new Promise<null>((resolve) => setTimeout(() => resolve(null), 1500));
  const fromInbox = config.settings.locale ? null : ((await Promise.race([settings, soon]))?.locale ?? null);
  const locale = pickLocale(config.settings.locale, fromInbox, document.documentElement.lang, navigator.languages ?? [navigator.language]);
  const host = document.createElement('div');
  host.setAttribute('data-baton-widget', '');
  host.lang = locale;
  document.body.append(host);
  const widget = new Widget(config, textsFor(locale), host, locale);
  widget.start();
  void settings.then((s) => s && widget.setLook(s.look));
  window.$baton = {
    toggle: (state) => widget.toggle(state),
    setUser: (identifier, user) => widget.setUser(identifier, user),
    setCustomAttributes: (attributes) => widget.setCustomAttributes(attributes),
  };
  window.dispatchEvent(new Event('baton:ready'));
}

if (document.body) void boot();
else document.addEventListener('DOMContentLoaded', () => void boot(), { once: true });
