import { describe, expect, it } from 'vitest';
import { typingNames } from './typing';

describe('typingNames', () => {
  it('names the visitor by their name, else by the name the list shows', () => {
    expect(typingNames([{ id: 5, name: 'Vera', type: 'contact' }], 1, 'Nora (Acme)', 'Someone')).toEqual(['Vera']);
    expect(typingNames([{ id: 5, name: ' ', type: 'contact' }], 1, 'Nora (Acme)', 'Someone')).toEqual(['Nora (Acme)']);
  });

  it('names another agent, and leaves out the agent who reads', () => {
    const typing = [
      { id: 1, name: 'Me', type: 'user' },
      { id: 2, name: 'Otto', type: 'user' },
      { id: 3, name: '', type: 'user' },
    ];
    expect(typingNames(typing, 1, 'Visitor #4', 'Someone')).toEqual(['Otto', 'Someone']);
  });
});
