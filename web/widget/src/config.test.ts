import { describe, expect, it } from 'vitest';
import { readConfig, socketUrl } from './config';
import { anonymousToIdentify, loadSession, saveSession, sessionFor, storageKey } from './store';

function script(attrs: Record<string, string>, src = ''): HTMLScriptElement {
  return { src, getAttribute: (name: string) => attrs[name] ?? null } as unknown as HTMLScriptElement;
}

describe('readConfig', () => {
  it('derives the server from the script src', () => {
    const config = readConfig(script({ 'data-website-token': 'tok' }, 'https://chat.example.com/widget.js'), 'https://shop.example.org/p', {});
    expect(config).toEqual({ token: 'tok', baseUrl: 'https://chat.example.com/', settings: {} });
  });

  it('keeps a path prefix and honours data-base-url', () => {
    expect(readConfig(script({ 'data-website-token': 't' }, 'https://h.example/baton/widget.js?v=2'), 'https://x/', null)?.baseUrl).toBe(
      'https://h.example/baton/',
    );
    expect(readConfig(script({ 'data-website-token': 't', 'data-base-url': 'https://api.example/chat' }, 'https://cdn/w.js'), 'https://x/', null)?.baseUrl).toBe(
      'https://api.example/chat/',
    );
  });

  it('needs a token', () => {
    expect(readConfig(script({}, 'https://h/widget.js'), 'https://x/', {})).toBeUndefined();
    expect(readConfig(null, 'https://x/', {})).toBeUndefined();
  });

  it('builds the visitor socket URL', () => {
    expect(socketUrl('https://h.example/baton/', 'p/q')).toBe('wss://h.example/baton/public/ws?pubsub_token=p%2Fq');
    expect(socketUrl('http://localhost:8080/', 'abc')).toBe('ws://localhost:8080/public/ws?pubsub_token=abc');
  });
});

class MemoryStorage {
  data = new Map<string, string>();
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
}

describe('session storage', () => {
  it('round-trips under baton:{token}', () => {
    const storage = new MemoryStorage() as unknown as Storage;
    saveSession(storage, 'tok', { source_id: 's', pubsub_token: 'p', conversation_id: 4 });
    expect((storage as unknown as MemoryStorage).data.has(storageKey('tok'))).toBe(true);
    expect(loadSession(storage, 'tok')).toEqual({ source_id: 's', pubsub_token: 'p', conversation_id: 4 });
    saveSession(storage, 'tok', undefined);
    expect(loadSession(storage, 'tok')).toBeUndefined();
  });

  it('ignores corrupt entries', () => {
    const storage = new MemoryStorage();
    storage.setItem('baton:tok', '{not json');
    expect(loadSession(storage as unknown as Storage, 'tok')).toBeUndefined();
    storage.setItem('baton:tok', '{"source_id":1}');
    expect(loadSession(storage as unknown as Storage, 'tok')).toBeUndefined();
  });

  it('only reuses a session of the same identified user', () => {
    const anonymous = { source_id: 's', pubsub_token: 'p' };
    const ada = { ...anonymous, identifier: 'ada' };
    expect(sessionFor(anonymous, undefined)).toBe(anonymous);
    expect(sessionFor(ada, 'ada')).toBe(ada);
    expect(sessionFor(ada, 'bob')).toBeUndefined();
    expect(sessionFor(ada, undefined)).toBeUndefined();
    expect(sessionFor(anonymous, 'ada')).toBeUndefined();
  });

  it('joins an anonymous session to the visitor who signed in, with a proof only', () => {
    const anonymous = { source_id: 's', pubsub_token: 'p' };
    const proven = { identifier: 'ada', identifier_hash: 'abc' };
    expect(anonymousToIdentify(anonymous, proven)).toBe(anonymous);
    expect(anonymousToIdentify(anonymous, { identifier: 'ada' })).toBeUndefined();
    expect(anonymousToIdentify({ ...anonymous, identifier: 'bob' }, proven)).toBeUndefined();
    expect(anonymousToIdentify(undefined, proven)).toBeUndefined();
    expect(anonymousToIdentify(anonymous, undefined)).toBeUndefined();
  });
});
