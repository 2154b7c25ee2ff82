import { describe, expect, it } from 'vitest';
import { askSteps, withContactField } from './contactFields';

const story = {
  start: 'name',
  steps: {
    name: { type: 'ask', text: 'Name?', variable: 'first_name', contact_field: 'name', next: 'mail' },
    mail: { type: 'ask', text: 'Mail?', variable: 'email', validate: 'email', next: 'menu' },
    menu: { type: 'choice', text: 'Pick', options: [{ title: 'A', next: 'bye' }] },
    odd: { type: 'ask', text: 'x', variable: 'x', contact_field: 'company', next: 'bye' },
    bye: { type: 'end' },
  },
};

describe('contact fields of a story', () => {
  it('lists the ask steps with the contact field they write, unknown fields as none', () => {
    expect(askSteps(story)).toEqual([
      { id: 'name', variable: 'first_name', contactField: 'name' },
      { id: 'mail', variable: 'email', contactField: null },
      { id: 'odd', variable: 'x', contactField: null },
    ]);
  });

  it('lists nothing for what is not a story', () => {
    expect(askSteps(null)).toEqual([]);
    expect(askSteps({ steps: [] })).toEqual([]);
  });

  it('sets and removes a mapping on one step without changing the others or the original', () => {
    const mapped = withContactField(story, 'mail', 'email') as typeof story;
    expect(mapped.steps.mail).toEqual({ ...story.steps.mail, contact_field: 'email' });
    expect(mapped.steps.name).toBe(story.steps.name);
    expect('contact_field' in story.steps.mail).toBe(false);
    const cleared = withContactField(mapped, 'name', null) as { steps: Record<string, object> };
    expect(cleared.steps.name).not.toHaveProperty('contact_field');
  });

  it('leaves a definition without that step as it is', () => {
    expect(withContactField(story, 'nowhere', 'name')).toBe(story);
  });
});
