import { describe, expect, it } from 'vitest';
import { currentPage, resumeToken, watchNavigation } from './page';

/** A window with just what watchNavigation uses: location, history and events. */
function fakeWindow(href: string) {
  const events = new EventTarget();
  const win = {
    location: { href },
    history: {
      pushState(_state: unknown, _unused: string, url?: string | URL | null) {
        if (url) win.location.href = new URL(String(url), win.location.href).href;
      },
      replaceState(_state: unknown, _unused: string, url?: string | URL | null) {
        if (url) win.location.href = new URL(String(url), win.location.href).href;
      },
    },
    addEventListener: events.addEventListener.bind(events),
    removeEventListener: events.removeEventListener.bind(events),
    dispatchEvent: events.dispatchEvent.bind(events),
  };
  return win;
}

describe('currentPage', () => {
  it('tells the page and, when the browser knows it, the page before', () => {
    expect(currentPage('https://shop.example/help', 'https://search.example/?q=shop')).toEqual({
      page_url: 'https://shop.example/help',
      referrer: 'https://search.example/?q=shop',
    });
    expect(currentPage('https://shop.example/help', '')).toEqual({ page_url: 'https://shop.example/help' });
  });
});

describe('watchNavigation', () => {
  it('reports each new address of a single-page site once, with the one before', () => {
    const win = fakeWindow('https://shop.example/');
    const seen: [string, string][] = [];
    const stop = watchNavigation((href, previous) => seen.push([href, previous]), win as unknown as Window);
    win.history.pushState({}, '', '/help/returns');
    win.history.replaceState({}, '', '/help/returns'); // same address: nothing
    win.location.href = 'https://shop.example/help/returns#contact';
    win.dispatchEvent(new Event('hashchange'));
    win.location.href = 'https://shop.example/';
    win.dispatchEvent(new Event('popstate'));
    expect(seen).toEqual([
      ['https://shop.example/help/returns', 'https://shop.example/'],
      ['https://shop.example/help/returns#contact', 'https://shop.example/help/returns'],
      ['https://shop.example/', 'https://shop.example/help/returns#contact'],
    ]);
    stop();
    win.history.pushState({}, '', '/pricing');
    expect(seen).toHaveLength(3);
  });
});

describe('resumeToken', () => {
  it('reads the token of a follow-up link and nothing else', () => {
    expect(resumeToken('#baton_resume=12.1800000000.abc-_XYZ')).toBe('12.1800000000.abc-_XYZ');
    expect(resumeToken('#section&baton_resume=3.4.sig')).toBe('3.4.sig');
    expect(resumeToken('#section')).toBeUndefined();
    expect(resumeToken('#baton_resume=<script>')).toBeUndefined();
  });
});
