// Spring Security's SPA CSRF protection: the server puts the token in the readable
// XSRF-TOKEN cookie and expects it back in the X-XSRF-TOKEN header on unsafe requests.

export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_HEADER = 'X-XSRF-TOKEN';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** Reads one cookie from a `document.cookie`-style string; undefined if absent. */
export function readCookie(cookieString: string, name: string): string | undefined {
  for (const part of cookieString.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/** The CSRF header to add for a request, or an empty object for safe methods / no cookie. */
export function csrfHeaders(method: string, cookieString: string): Record<string, string> {
  if (isSafeMethod(method)) return {};
  const token = readCookie(cookieString, CSRF_COOKIE);
  return token ? { [CSRF_HEADER]: token } : {};
}
