import { describe, expect, it } from 'vitest';
import { draftWriter } from '../../../renderer/pages/walkins/draftWriter';

/** A write the test commits by hand, as a slow IndexedDB transaction would. */
function slowStore() {
  const stored: string[] = [];
  const waiting: Array<() => void> = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const write = (draft: string) =>
    new Promise<void>((resolve) => {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      waiting.push(() => {
        inFlight--;
        stored.push(draft);
        resolve();
      });
    });
  const commitNext = async () => {
    waiting.shift()?.();
    // let the writer see the commit and start its next write
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { stored, write, commitNext, mostInFlight: () => mostInFlight, waiting: () => waiting.length };
}

describe('the walk-in draft writer', () => {
  it('stores the last keystroke typed while a write was running, skipping the ones in between', async () => {
    const store = slowStore();
    const writer = draftWriter(store.write, (cause) => {
      throw cause;
    });
    writer.save('A');
    writer.save('Ad');
    writer.save('Ada');
    await store.commitNext();
    await store.commitNext();
    await writer.idle();
    expect(store.stored).toEqual(['A', 'Ada']);
    expect(store.mostInFlight()).toBe(1);
  });

  it('is idle only once the last draft is stored, and writes again after a failed write', async () => {
    const store = slowStore();
    const errors: unknown[] = [];
    let fail = true;
    const writer = draftWriter(
      async (draft: string) => {
        if (fail) {
          fail = false;
          throw new Error('disk full');
        }
        await store.write(draft);
      },
      (cause) => errors.push(cause),
    );
    writer.save('A');
    writer.save('Ad');
    let idle = false;
    void writer.idle().then(() => (idle = true));
    for (let i = 0; i < 5; i++) await Promise.resolve();
    // the failed write is over and the next one runs: not idle until it commits
    expect(store.waiting()).toBe(1);
    expect(idle).toBe(false);
    await store.commitNext();
    await writer.idle();
    expect(idle).toBe(true);
    expect(store.stored).toEqual(['Ad']);
    expect(errors).toHaveLength(1);
  });
});
