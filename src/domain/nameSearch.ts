/** Letters NFKD does not take apart into a base letter and a mark. */
const FOLDS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/**
 * Text as name search compares it: accents removed, lower case, runs of spaces as one. The server
 * stores each registration's learner name this way (and indexes it), and folds the query the same
 * way, so `zoe` finds Zoë and `MULLER` finds Müller; the desktop searches its copy with the same function.
 */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => FOLDS[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim();
}

/** What a name search looks in: first and last name, and the full name, in one string. */
export function learnerSearchText(learner: { first_name: string; last_name: string }): string {
  return normalizeForSearch(`${learner.first_name} ${learner.last_name}`);
}

/** True when `query` names this learner (first, last or full name, as a substring). */
export function nameMatches(learner: { first_name: string; last_name: string }, query: string): boolean {
  return learnerSearchText(learner).includes(normalizeForSearch(query));
}
