import { describe, expect, it } from 'vitest';
import { LatestWrite } from '../../../src/walkins/latestWrite';

/**
 * The draft worker's queue: one write per walk-in in flight, and behind it only the latest
 * draft, so every keystroke is in the first write that starts after it.
 */
describe('the draft queue', () => {
  it('writes the first draft at once and, behind it, only the latest one', () => {
    const queue = new LatestWrite<string>();
    expect(queue.offer('w1', 'A')).toBe('A');
    expect(queue.offer('w1', 'Ad')).toBeNull();
    expect(queue.offer('w1', 'Ada')).toBeNull();
    expect(queue.settled('w1')).toBe('Ada');
    expect(queue.settled('w1')).toBeNull();
    // nothing in flight any more: the next keystroke is written at once
    expect(queue.offer('w1', 'Ada ')).toBe('Ada ');
  });

  it('keeps each walk-in to itself', () => {
    const queue = new LatestWrite<string>();
    expect(queue.offer('w1', 'A')).toBe('A');
    expect(queue.offer('w2', 'B')).toBe('B');
    expect(queue.offer('w1', 'Ad')).toBeNull();
    expect(queue.settled('w2')).toBeNull();
    expect(queue.settled('w1')).toBe('Ad');
  });

  it('writes the waiting draft after a write that failed', () => {
    const queue = new LatestWrite<string>();
    queue.offer('w1', 'A');
    queue.offer('w1', 'Ad');
    // the caller settles a failed write the same way: the later draft holds every keystroke
    expect(queue.settled('w1')).toBe('Ad');
  });
});
