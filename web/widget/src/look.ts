/** The colours the widget derives from the inbox's accent colour (#rrggbb), or null for anything else. */
export interface Accent {
  accent: string;
  /** Hover shade: the accent 18% towards black. */
  dark: string;
  /** Text on the accent: white, or near-black when white would be hard to read (WCAG contrast). */
  on: string;
}

const HEX = /^#([0-9a-f]{6})$/i;
const DARK_TEXT = '#1d2330';

function channels(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Relative luminance (WCAG 2.x) of a colour given as channels 0–255. */
function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

export function accentOf(color: string | null | undefined): Accent | null {
  if (!color || !HEX.test(color.trim())) return null;
  const accent = color.trim().toLowerCase();
  const rgb = channels(accent);
  const dark = '#' + rgb.map((c) => Math.round(c * 0.82).toString(16).padStart(2, '0')).join('');
  const l = luminance(rgb);
  const on = contrast(l, 1) >= contrast(l, luminance(channels(DARK_TEXT))) ? '#ffffff' : DARK_TEXT;
  return { accent, dark, on };
}
