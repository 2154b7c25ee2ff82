import { describe, expect, it } from 'vitest';
import { csrfHeaders, readCookie } from './csrf';

describe('readCookie', () => {
  it('finds a cookie among others and decodes it', () => {
    const cookies = 'theme=dark; XSRF-TOKEN=abc%3D%3D123; other=1';
    expect(readCookie(cookies, 'XSRF-TOKEN')).toBe('abc==123');
    expect(readCookie(cookies, 'theme')).toBe('dark');
  });

  it('does not match on a name suffix or prefix', () => {
    expect(readCookie('MY-XSRF-TOKEN=nope; XSRF-TOKEN-OLD=no', 'XSRF-TOKEN')).toBeUndefined();
  });

  it('keeps "=" inside values and survives malformed encoding', () => {
    expect(readCookie('XSRF-TOKEN=a=b', 'XSRF-TOKEN')).toBe('a=b');
    expect(readCookie('XSRF-TOKEN=%E0%A4%A', 'XSRF-TOKEN')).toBe('%E0%A4%A');
  });

  it('handles an empty cookie string', () => {
    expect(readCookie('', 'XSRF-TOKEN')).toBeUndefined();
  });
});

describe('csrfHeaders', () => {
  const cookies = 'SESSION=s; XSRF-TOKEN=tok';

  it('adds the header to unsafe methods', () => {
    for (const method of ['POST', 'put', 'PATCH', 'DELETE']) {
      expect(csrfHeaders(method, cookies)).toEqual({ 'X-XSRF-TOKEN': 'tok' });
    }
  });

  it('leaves safe methods alone', () => {
    for (const method of ['GET', 'head', 'OPTIONS']) expect(csrfHeaders(method, cookies)).toEqual({});
  });

  it('sends nothing when there is no token yet', () => {
    expect(csrfHeaders('POST', 'SESSION=s')).toEqual({});
  });
});
