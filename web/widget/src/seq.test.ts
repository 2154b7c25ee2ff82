import { describe, expect, it } from 'vitest';
import { SeqTracker } from './seq';

describe('SeqTracker', () => {
  it('resumes a conversation known only by id from its start', () => {
    const seqs = new SeqTracker();
    seqs.observe(5, 0);
    expect(seqs.snapshot()).toEqual({ '5': 0 });
    // what was replayed from the start passes once, then its duplicates are dropped
    expect(seqs.accept(5, 1)).toBe(true);
    expect(seqs.accept(5, 1)).toBe(false);
  });

  it('never lowers what is known', () => {
    const seqs = new SeqTracker();
    seqs.observe(5, 7);
    seqs.observe(5, 0);
    expect(seqs.snapshot()).toEqual({ '5': 7 });
  });
});
