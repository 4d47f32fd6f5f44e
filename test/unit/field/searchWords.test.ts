import { describe, expect, it } from 'vitest';
import { learnerSearchFields, wordsOf } from '../../../src/search/searchText';

/** The prefix lookup of `findLearners`: every typed word starts one of the learner's words. */
const findsByPrefix = (words: readonly string[], typed: string) =>
  typed.split(' ').every((t) => words.some((w) => w.startsWith(t)));

describe('the words a learner is found by while typing', () => {
  it('holds an email once, with the later parts of its name, not its domain', () => {
    // each word is an index entry written per learner: 3 here, where the domain's parts and the
    // name's first part (a prefix of the email itself) made 6
    expect(
      learnerSearchFields({ first_name: 'Ann', last_name: 'Lee', email: 'ann.lee@example.org' }).search_words,
    ).toEqual(['ann', 'lee', 'ann.lee@example.org']);
    expect(wordsOf('person1@example.org')).toEqual(['person1@example.org']);
    expect(wordsOf('Anne-Marie jean_luc+desk@mail.example.org')).toEqual([
      'anne-marie',
      'marie',
      'jean_luc+desk@mail.example.org',
      'luc',
      'desk',
    ]);
  });

  it('still finds a learner by every prefix of a name, of the email and of its later name parts', () => {
    const words = learnerSearchFields({
      first_name: 'Zoë',
      last_name: 'Müller-Lee',
      email: 'zoe.muller+x@example.org',
    }).search_words;
    const typed = [
      'zo',
      'zoe',
      'zoe.mu',
      'zoe.muller+x@ex',
      'mull',
      'lee',
      'muller',
      'x',
      'müller-l',
      'zo lee',
    ];
    for (const t of typed)
      expect(findsByPrefix(words, t.normalize('NFKD').replace(/\p{M}/gu, '')), t).toBe(true);
    expect(findsByPrefix(words, 'example')).toBe(false);
  });
});
