import { describe, expect, it } from 'vitest';
import { channelKey, definitionText, previewDocument, seatsState, toUnixSeconds } from './format';

describe('toUnixSeconds', () => {
  it('accepts seconds, milliseconds and ISO strings', () => {
    expect(toUnixSeconds(1_700_000_000)).toBe(1_700_000_000);
    expect(toUnixSeconds(1_700_000_000_123)).toBe(1_700_000_000);
    expect(toUnixSeconds('1700000000')).toBe(1_700_000_000);
    expect(toUnixSeconds('2023-11-14T22:13:20Z')).toBe(1_700_000_000);
  });
  it('is null for nothing or garbage', () => {
    expect(toUnixSeconds(null)).toBeNull();
    expect(toUnixSeconds('')).toBeNull();
    expect(toUnixSeconds('yesterday')).toBeNull();
  });
});

describe('seatsState', () => {
  it('counts the seats left', () => {
    expect(seatsState(3, 5)).toEqual({ full: false, left: 2 });
    expect(seatsState(5, 5)).toEqual({ full: true, left: 0 });
    expect(seatsState(6, 5)).toEqual({ full: true, left: 0 });
    expect(seatsState(6, null)).toEqual({ full: false, left: null });
  });
});

describe('previewDocument', () => {
  it('embeds the script and escapes the title', () => {
    const html = previewDocument('<script src="/widget.js" data-website-token="t"></script>', 'A <b> & "c"', 'Say hello');
    expect(html).toContain('data-website-token="t"');
    expect(html).toContain('A &lt;b&gt; &amp; &quot;c&quot;');
  });
});

describe('definitionText', () => {
  it('pretty-prints objects and JSON strings, keeps broken text', () => {
    expect(definitionText({ start: 'a' })).toBe('{\n  "start": "a"\n}');
    expect(definitionText('{"start":"a"}')).toBe('{\n  "start": "a"\n}');
    expect(definitionText('{oops')).toBe('{oops');
    expect(definitionText(null)).toBe('{}');
  });
});

describe('channelKey', () => {
  it('knows the widget in both spellings', () => {
    expect(channelKey('Channel::WebWidget')).toBe('web_widget');
    expect(channelKey('web_widget')).toBe('web_widget');
    expect(channelKey('Channel::Api')).toBe('api');
    expect(channelKey(null)).toBe('api');
  });
});
