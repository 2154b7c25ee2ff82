import { describe, expect, it } from 'vitest';
import { accentOf } from './look';

describe('accentOf', () => {
  it('keeps white text on a dark accent and darkens it for hover', () => {
    expect(accentOf('#0F8A5F')).toEqual({ accent: '#0f8a5f', dark: '#0c714e', on: '#ffffff' });
  });

  it('switches to dark text on a light accent, where white would be unreadable', () => {
    expect(accentOf('#ffe000')?.on).toBe('#1d2330');
    expect(accentOf('#f5f5f5')?.on).toBe('#1d2330');
  });

  it('ignores anything that is not #rrggbb', () => {
    for (const bad of [null, undefined, '', 'red', '#fff', '#12345g', 'url(x)', '#123456;color:red']) expect(accentOf(bad)).toBeNull();
  });
});
