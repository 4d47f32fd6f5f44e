import { describe, expect, it } from 'vitest';
import { DUPLICATE_ACTIVITY_ERROR } from '../../../src/contract';
import { activityKeyText, decideOutcomes } from '../../../src/domain/batchDuplicates';

const item = (mentor_id: string, activity_type: string, activity_date: string) => ({
  mentor_id,
  activity_type,
  activity_date,
});
const ok = { status: 'success' };
const dup = { status: 'failed', error: DUPLICATE_ACTIVITY_ERROR };

describe('duplicate rule', () => {
  it.each([
    {
      name: 'distinct items all succeed',
      registered: [],
      items: [
        item('mentor-482', 'peer_session', '2026-03-24'),
        item('mentor-510', 'peer_session', '2026-03-24'),
      ],
      outcomes: [ok, ok],
    },
    {
      name: 'a later item of the same batch repeating an earlier one fails',
      registered: [],
      items: [
        item('mentor-482', 'peer_session', '2026-03-24'),
        item('mentor-482', 'peer_session', '2026-03-24'),
      ],
      outcomes: [ok, dup],
    },
    {
      name: 'an already registered activity makes the item fail',
      registered: [item('mentor-590', 'workshop', '2026-03-24')],
      items: [item('mentor-590', 'workshop', '2026-03-24')],
      outcomes: [dup],
    },
    {
      name: 'another type on the same date is not a duplicate',
      registered: [item('mentor-590', 'workshop', '2026-03-24')],
      items: [item('mentor-590', 'peer_session', '2026-03-24')],
      outcomes: [ok],
    },
    {
      name: 'the next day is not a duplicate',
      registered: [item('mentor-590', 'workshop', '2026-03-24')],
      items: [item('mentor-590', 'workshop', '2026-03-25')],
      outcomes: [ok],
    },
    {
      name: 'another mentor is not a duplicate',
      registered: [item('mentor-590', 'workshop', '2026-03-24')],
      items: [item('mentor-591', 'workshop', '2026-03-24')],
      outcomes: [ok],
    },
    {
      name: 'mentor ids are compared exactly',
      registered: [item('mentor-590', 'workshop', '2026-03-24')],
      items: [item('Mentor-590', 'workshop', '2026-03-24')],
      outcomes: [ok],
    },
    {
      name: 'a third repeat fails too',
      registered: [],
      items: [
        item('m', 'workshop', '2026-03-24'),
        item('m', 'workshop', '2026-03-24'),
        item('m', 'workshop', '2026-03-24'),
      ],
      outcomes: [ok, dup, dup],
    },
  ])('$name', ({ registered, items, outcomes }) => {
    expect(decideOutcomes(items, new Set(registered.map(activityKeyText)))).toEqual(outcomes);
  });

  it('carries successes over so the next chunk sees them', () => {
    const registered = new Set<string>();
    decideOutcomes([item('m', 'workshop', '2026-03-24')], registered);
    expect(decideOutcomes([item('m', 'workshop', '2026-03-24')], registered)).toEqual([dup]);
  });

  it('keys cannot collide through the separator', () => {
    expect(activityKeyText(item('a', 'b_c', '2026-01-01'))).not.toBe(
      activityKeyText(item('a_b', 'c', '2026-01-01')),
    );
  });
});
