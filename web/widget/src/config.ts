import type { BatonSettings } from './types';

export interface WidgetConfig {
  token: string;
  /** Base URL of the Baton server, ending in "/" (API and socket paths are relative to it). */
  baseUrl: string;
  settings: BatonSettings;
}

/**
 * Reads the embed: `<script src="https://host/widget.js" data-website-token="…">`. The server is
 * wherever widget.js came from (a path prefix such as https://host/chat/widget.js is kept);
 * `data-base-url` overrides that, e.g. when the script is served from a CDN.
 */
export function readConfig(script: HTMLScriptElement | null, pageUrl: string, settings: unknown): WidgetConfig | undefined {
  const token = script?.getAttribute('data-website-token')?.trim();
  if (!script || !token) return undefined;
  const override = script.getAttribute('data-base-url');
  const baseUrl = override ? new URL(override, pageUrl) : new URL('.', new URL(script.src || pageUrl, pageUrl));
  if (!baseUrl.pathname.endsWith('/')) baseUrl.pathname += '/';
  return { token, baseUrl: baseUrl.href, settings: (settings && typeof settings === 'object' ? settings : {}) as BatonSettings };
}

/** ws(s)://host/…/public/ws?pubsub_token=… for the visitor's event socket. */
export function socketUrl(baseUrl: string, pubsubToken: string): string {
  const url = new URL('public/ws', baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('pubsub_token', pubsubToken);
  return url.href;
}
