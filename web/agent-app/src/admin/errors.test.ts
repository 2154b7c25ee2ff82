import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http';
import { showPath, errorFor, fieldErrorsOf, formErrorText, groupStoryErrors, normaliseField, splitList, stepLine } from './errors';

const problem = (errors: { field: string; code: string; message: string }[], extra: Record<string, unknown> = {}) =>
  new ApiError(422, { status: 422, detail: 'Validation failed', code: 'validation_failed', errors, ...extra });

describe('field errors', () => {
  it('maps each field to its first message', () => {
    const e = problem([
      { field: 'name', code: 'blank', message: 'must not be blank' },
      { field: 'name', code: 'too_long', message: 'too long' },
      { field: 'channel.website_url', code: 'invalid', message: 'not a URL' },
    ]);
    expect(fieldErrorsOf(e)).toEqual({ name: 'must not be blank', 'channel.website_url': 'not a URL' });
  });

  it('puts known codes in the user language', () => {
    const e = problem([
      { field: 'name', code: 'required', message: 'name is required' },
      { field: 'email', code: 'format', message: 'not an email' },
    ]);
    const de = (code: string) => (code === 'required' ? 'Pflichtfeld.' : undefined);
    expect(fieldErrorsOf(e, de)).toEqual({ name: 'Pflichtfeld.', email: 'not an email' });
  });

  it('normalises bracket notation', () => {
    expect(normaliseField('channel[website_url]')).toBe('channel.website_url');
    expect(normaliseField('allowed_origins[1]')).toBe('allowed_origins.1');
  });

  it('shows nested errors at their parent field', () => {
    const errors = fieldErrorsOf(problem([{ field: 'allowed_origins[1]', code: 'invalid', message: 'bad origin' }]));
    expect(errorFor(errors, 'allowed_origins')).toBe('bad origin');
    expect(errorFor(errors, 'allowed')).toBeUndefined();
  });

  it('is empty for non-API errors', () => {
    expect(fieldErrorsOf(new Error('offline'))).toEqual({});
    expect(fieldErrorsOf(null)).toEqual({});
  });
});

describe('formErrorText', () => {
  it('stays quiet when every field error is shown at its field', () => {
    const e = problem([{ field: 'name', code: 'blank', message: 'must not be blank' }]);
    expect(formErrorText(e, ['name'], 'x')).toBeUndefined();
  });

  it('reports field errors the form does not show', () => {
    const e = problem([{ field: 'secret', code: 'blank', message: 'missing' }]);
    expect(formErrorText(e, ['name'], 'x')).toBe('Validation failed secret: missing');
  });

  it('does not repeat a message the detail already gives', () => {
    const e = new ApiError(422, {
      status: 422,
      detail: 'a page pattern has 1 to 500 characters',
      errors: [{ field: 'patterns', code: 'format', message: 'a page pattern has 1 to 500 characters' }],
    });
    expect(formErrorText(e, ['rules'], 'x')).toBe('a page pattern has 1 to 500 characters');
  });

  it('translates known codes', () => {
    const e = new ApiError(409, { status: 409, code: 'licence_seats_exhausted', detail: 'No seat' });
    expect(formErrorText(e, [], 'x', { licence_seats_exhausted: 'All seats are taken.' })).toBe('All seats are taken.');
    expect(formErrorText(e, [], 'x')).toBe('No seat');
  });

  it('uses the message of other errors', () => {
    expect(formErrorText(new Error('offline'), [], 'x')).toBe('offline');
    expect(formErrorText(undefined, [], 'x')).toBeUndefined();
  });
});

describe('groupStoryErrors', () => {
  it('groups by step and keeps story-wide errors first', () => {
    const groups = groupStoryErrors([
      { field: 'steps.ask_name.next', code: 'unknown_step', message: 'no step "x"' },
      { field: 'start', code: 'missing', message: 'no start' },
      { field: 'steps[welcome].buttons[0].goto', code: 'unknown_step', message: 'no step "y"' },
      { field: 'definition.steps.ask_name.text', code: 'blank', message: 'empty' },
    ]);
    expect(groups.map((g) => g.step)).toEqual([null, 'ask_name', 'welcome']);
    expect(groups[0]!.items[0]!.path).toBe('start');
    expect(groups[1]!.items.map((i) => i.path)).toEqual(['next', 'text']);
    expect(groups[2]!.items[0]!.path).toBe('buttons.0.goto');
  });

  it('treats a bare step field as the step itself', () => {
    expect(groupStoryErrors([{ field: 'steps.end', code: 'unreachable', message: 'unreachable' }])).toEqual([
      { step: 'end', items: [{ field: 'steps.end', path: '', code: 'unreachable', message: 'unreachable' }] },
    ]);
  });

  it('is empty without errors', () => {
    expect(groupStoryErrors([])).toEqual([]);
  });
});

describe('helpers', () => {
  it('finds the line of a step', () => {
    const json = JSON.stringify({ start: 'a', steps: { a: { next: 'b' }, b: {} } }, null, 2);
    expect(stepLine(json, 'b')).toBe(json.split('\n').findIndex((l) => l.includes('"b": {')) + 1);
    expect(stepLine(json, 'zzz')).toBeUndefined();
  });

  it('splits lists', () => {
    expect(splitList('https://a.example, https://b.example\n\n  agent ')).toEqual(['https://a.example', 'https://b.example', 'agent']);
  });
});

describe('showPath', () => {
  it('leaves out a path the message already names', () => {
    expect(showPath('next', 'next names no step: x')).toBe(false);
    expect(showPath('options.0.next', 'next names no step: x')).toBe(false);
    expect(showPath('options.0.next', 'no such step')).toBe(true);
    expect(showPath('', 'anything')).toBe(false);
  });
});
