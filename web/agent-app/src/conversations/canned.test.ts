import { describe, expect, it } from 'vitest';
import { filterCanned, insertCanned, moveActive, pickerAction, slashToken, type CannedResponse } from './canned';

const canned = (id: number, short_code: string, content: string): CannedResponse => ({ id, short_code, content });
const LIST = [
  canned(1, 'thanks', 'Thank you for your message!'),
  canned(2, 'hours', 'We are open Monday to Friday, 8 to 18.'),
  canned(3, 'shipping', 'Shipping takes 2 to 3 days; thanks for waiting.'),
  canned(4, 'bye', 'Goodbye and have a nice day.'),
];
const codes = (list: CannedResponse[]) => list.map((c) => c.short_code);

describe('slashToken', () => {
  it('finds a slash at the start of the text with what follows it up to the caret', () => {
    expect(slashToken('/tha', 4)).toEqual({ start: 0, end: 4, query: 'tha' });
  });

  it('finds a slash at the start of a later word', () => {
    expect(slashToken('Hello /ho', 9)).toEqual({ start: 6, end: 9, query: 'ho' });
    expect(slashToken('Hi\n/b', 5)).toEqual({ start: 3, end: 5, query: 'b' });
  });

  it('opens on the slash alone, with an empty query', () => {
    expect(slashToken('Hello /', 7)).toEqual({ start: 6, end: 7, query: '' });
  });

  it('ignores a slash inside a word or a URL', () => {
    expect(slashToken('and/or', 6)).toBeNull();
    expect(slashToken('see https://x.test/a', 20)).toBeNull();
  });

  it('closes once the word ends', () => {
    expect(slashToken('/thanks ', 8)).toBeNull();
    expect(slashToken('no slash', 8)).toBeNull();
    expect(slashToken('', 0)).toBeNull();
  });

  it('takes the whole word when the caret is inside it, the query only up to the caret', () => {
    expect(slashToken('x /thanks y', 5)).toEqual({ start: 2, end: 9, query: 'th' });
  });
});

describe('filterCanned', () => {
  it('lists all by short code for an empty query', () => {
    expect(codes(filterCanned(LIST, ''))).toEqual(['bye', 'hours', 'shipping', 'thanks']);
  });

  it('ranks short codes starting with the query first, then containing it, then content', () => {
    // "thanks" starts with "th"; "shipping" only mentions "thanks" in its content.
    expect(codes(filterCanned(LIST, 'th'))).toEqual(['thanks', 'shipping']);
    // "ours" is inside the code "hours"; "your" in the content of "thanks" matches "ou" too.
    expect(codes(filterCanned(LIST, 'ou'))).toEqual(['hours', 'thanks']);
  });

  it('ignores case', () => {
    expect(codes(filterCanned(LIST, 'MONDAY'))).toEqual(['hours']);
  });

  it('finds nothing for an unknown query', () => {
    expect(filterCanned(LIST, 'zzz')).toEqual([]);
  });

  it('shows at most the limit', () => {
    expect(filterCanned(LIST, '', 2)).toHaveLength(2);
  });
});

describe('insertCanned', () => {
  it('replaces the /code token with the content and puts the caret after it and a space', () => {
    const text = 'Hello /tha';
    expect(insertCanned(text, slashToken(text, 10)!, 'Thank you!')).toEqual({ text: 'Hello Thank you! ', caret: 17 });
  });

  it('keeps the text after the token and adds no second space', () => {
    const text = '/by see you';
    expect(insertCanned(text, slashToken(text, 3)!, 'Goodbye.')).toEqual({ text: 'Goodbye. see you', caret: 8 });
  });
});

describe('moveActive', () => {
  it('moves down and up and wraps around', () => {
    expect(moveActive(0, 1, 3)).toBe(1);
    expect(moveActive(2, 1, 3)).toBe(0);
    expect(moveActive(0, -1, 3)).toBe(2);
  });

  it('starts at the first or the last option when none is highlighted', () => {
    expect(moveActive(-1, 1, 3)).toBe(0);
    expect(moveActive(-1, -1, 3)).toBe(2);
  });

  it('highlights nothing in an empty list', () => {
    expect(moveActive(0, 1, 0)).toBe(-1);
  });
});

describe('pickerAction', () => {
  it('moves with the arrow keys', () => {
    expect(pickerAction('ArrowDown', false)).toBe('next');
    expect(pickerAction('ArrowUp', false)).toBe('previous');
  });

  it('inserts with Enter and Tab, closes with Escape', () => {
    expect(pickerAction('Enter', false)).toBe('pick');
    expect(pickerAction('Tab', false)).toBe('pick');
    expect(pickerAction('Escape', false)).toBe('close');
  });

  it('leaves Shift+Enter and ordinary keys to the text', () => {
    expect(pickerAction('Enter', true)).toBeNull();
    expect(pickerAction('Tab', true)).toBeNull();
    expect(pickerAction('a', false)).toBeNull();
    expect(pickerAction(' ', false)).toBeNull();
  });
});
