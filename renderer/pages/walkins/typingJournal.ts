import type { WalkinFormValues } from '../../../src/db';

/**
 * The walk-in form's last keystroke, kept synchronously in localStorage until its IndexedDB write
 * has committed. A write is asynchronous: a reload or a closed window right after a keystroke can
 * end the page before it commits. The journal cannot be lost that way, so a form that finds one
 * when it opens takes it (it is never older than the stored draft: writes commit in order, and a
 * journal is removed only by the write of that same keystroke) and stores it again.
 */

export interface TypedDraft {
  form: WalkinFormValues;
  reporting_term: string;
  /** which keystroke this is; only that keystroke's committed write removes it */
  token: string;
}

const KEY = 'walkin.typing:';

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function keepTyped(id: string, draft: TypedDraft): void {
  try {
    storage()?.setItem(KEY + id, JSON.stringify(draft));
  } catch {
    // storage full or refused: the IndexedDB write still runs, as it did without a journal
  }
}

export function typedDraft(id: string): TypedDraft | null {
  const text = storage()?.getItem(KEY + id);
  if (!text) return null;
  try {
    const draft = JSON.parse(text) as Partial<TypedDraft>;
    return draft.form && typeof draft.reporting_term === 'string' && typeof draft.token === 'string'
      ? (draft as TypedDraft)
      : null;
  } catch {
    return null;
  }
}

/** after the write of keystroke `token` committed: a later keystroke's journal stays */
export function typedSaved(id: string, token: string): void {
  if (typedDraft(id)?.token === token) storage()?.removeItem(KEY + id);
}
