import { readConfig } from './config';
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

function boot(): void {
  if (window.__batonWidget) return; // embedded twice
  const config = readConfig(script, location.href, window.batonSettings);
  if (!config) {
    console.warn('[baton] widget.js needs a data-website-token attribute');
    return;
  }
  window.__batonWidget = true;
  const locale = pickLocale(config.settings.locale, document.documentElement.lang, navigator.languages ?? [navigator.language]);
  const host = document.createElement('div');
  host.setAttribute('data-baton-widget', '');
  host.lang = locale;
  document.body.append(host);
  new Widget(config, textsFor(locale), host).start();
}

if (document.body) boot();
else document.addEventListener('DOMContentLoaded', boot, { once: true });
