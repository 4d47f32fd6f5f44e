import { learnerSearchText, normalizeForSearch } from '../domain/nameSearch';

/**
 * The stored search fields of learners and registrations: `search_text` as the server folds it
 * (`src/domain/nameSearch.ts`: lower case, no accents) and, for learners, `search_words`, the words
 * of it a multi-entry index serves prefix lookups from. An email is one word plus the later parts of its
 * name before the `@` (split at `. _ - +`), so `ann@`, `lee` and `ann.lee@ex` all find
 * `ann.lee@example.org`.
 *
 * IndexedDB writes one index entry per word, and an attendee import writes a learner per person,
 * so no word is kept that finds nothing more: a part the word starts with (`ann` of
 * `ann.lee@...`: every prefix of it is a prefix of the word), nor the domain's parts, which every
 * learner of an organisation shares. A search for `example` finds those learners by the
 * substring fallback of `findLearners` instead.
 */

export function wordsOf(text: string): string[] {
  const words = new Set<string>();
  for (const word of normalizeForSearch(text).split(' ')) {
    if (word === '') continue;
    words.add(word);
    const name = word.split('@', 1)[0]!;
    if (!/[._+-]/.test(name)) continue;
    for (const part of name.split(/[._+-]+/)) if (part && !word.startsWith(part)) words.add(part);
  }
  return [...words];
}

export function learnerSearchFields(learner: { first_name: string; last_name: string; email: string }): {
  search_text: string;
  search_words: string[];
} {
  const search_text = normalizeForSearch(`${learner.first_name} ${learner.last_name} ${learner.email}`);
  return { search_text, search_words: wordsOf(search_text) };
}

/**
 * A registration is found by its learner's name (the email and code have their own filters), as
 * a substring of `search_text` in the in-memory index (`src/registrations/searchIndex.ts`): no
 * prefix lookup reads a registration's words, so none are stored (records written before keep
 * theirs, unread), and each registration written is one array and its copy lighter.
 */
export function registrationSearchFields(learner: { first_name: string; last_name: string }): {
  search_text: string;
} {
  return { search_text: learnerSearchText(learner) };
}
