/** Timestamps arrive as Unix seconds, milliseconds or ISO strings; → Unix seconds or null. */
export function toUnixSeconds(value: number | string | null | undefined): number | null {
  if (value == null || value === '') return null;
  if (typeof value === 'number') return value > 1e12 ? Math.floor(value / 1000) : value;
  if (/^\d+$/.test(value)) return toUnixSeconds(Number(value));
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

/** Seats line state: how many are used, and whether another licensed agent fits. */
export function seatsState(used: number, total: number | null | undefined): { full: boolean; left: number | null } {
  if (total == null) return { full: false, left: null };
  const left = Math.max(0, total - used);
  return { full: left === 0, left };
}

/** Widget snippet for a "try it" page: a full HTML document with the inbox's script. */
export function previewDocument(script: string, title: string, text: string, lang = 'en'): string {
  const esc = (v: string) => v.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  return `<!doctype html><html lang="${esc(lang)}"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;color:#1d2330;background:#f4f5f7}</style></head>
<body><h1>${esc(title)}</h1><p>${esc(text)}</p>${script}</body></html>`;
}

/** The definition as pretty JSON for the editor (the server may hand it back as a string). */
export function definitionText(definition: unknown): string {
  if (typeof definition === 'string') {
    try {
      return JSON.stringify(JSON.parse(definition), null, 2);
    } catch {
      return definition;
    }
  }
  return JSON.stringify(definition ?? {}, null, 2);
}

/** `Channel::WebWidget`, `web_widget` → `web_widget`; everything else is an API channel. */
export function channelKey(type: string | null | undefined): 'web_widget' | 'api' {
  return /web_?widget/i.test(type ?? '') ? 'web_widget' : 'api';
}
