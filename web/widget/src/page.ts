/** Where the visitor is, as the public API takes it: the page's address and the one before it. */
export interface PageView {
  page_url: string;
  referrer?: string;
}

/** The current page; `referrer` is the previous page of a real page load (browsers may leave it empty). */
export function currentPage(href: string = location.href, referrer: string = document.referrer): PageView {
  return referrer ? { page_url: href, referrer } : { page_url: href };
}

/**
 * Calls `onChange` with the new address whenever the page's URL changes without a page load: the history API
 * (single-page sites), back and forward, and `#` links. Returns a function that stops watching.
 */
export function watchNavigation(onChange: (href: string, previous: string) => void, win: Window = window): () => void {
  let last = win.location.href;
  const check = () => {
    const now = win.location.href;
    if (now === last) return;
    const previous = last;
    last = now;
    onChange(now, previous);
  };
  const history = win.history;
  const wrap = (name: 'pushState' | 'replaceState') => {
    const original = history[name];
    history[name] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      check();
      return result;
    };
    return () => {
      history[name] = original;
    };
  };
  const unwrapPush = wrap('pushState');
  const unwrapReplace = wrap('replaceState');
  win.addEventListener('popstate', check);
  win.addEventListener('hashchange', check);
  return () => {
    unwrapPush();
    unwrapReplace();
    win.removeEventListener('popstate', check);
    win.removeEventListener('hashchange', check);
  };
}

/** The token of a follow-up mail's link: `#baton_resume=<token>`. */
export function resumeToken(hash: string): string | undefined {
  const m = /(?:^#|&)baton_resume=([0-9]+\.[0-9]+\.[A-Za-z0-9_-]+)/.exec(hash);
  return m ? m[1] : undefined;
}
