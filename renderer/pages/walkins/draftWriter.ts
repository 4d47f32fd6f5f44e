/**
 * Writes the walk-in form's keystrokes to the local database one write at a time, and when
 * keystrokes come faster than writes commit, the next write stores only the latest of them: each
 * write stores the whole form, so the ones in between would be overwritten before anything could
 * read them, and queueing them made every keystroke wait behind all the earlier ones.
 */

export interface DraftWriter<Draft> {
  /** stores `draft` as soon as the write in progress has committed */
  save(draft: Draft): void;
  /** resolves once every draft saved so far is stored (or its write failed) */
  idle(): Promise<void>;
}

export function draftWriter<Draft>(
  write: (draft: Draft) => Promise<void>,
  onError: (cause: unknown) => void,
): DraftWriter<Draft> {
  let pending: { draft: Draft } | null = null;
  let running: Promise<void> | null = null;

  const drain = async () => {
    while (pending) {
      const { draft } = pending;
      pending = null;
      try {
        await write(draft);
      } catch (cause) {
        onError(cause);
      }
    }
    running = null;
  };

  return {
    save(draft) {
      pending = { draft };
      running ??= drain();
    },
    idle: () => running ?? Promise.resolve(),
  };
}
