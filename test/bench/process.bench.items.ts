import type { ItemInput } from '../../src/contract';

/**
 * The process benchmark's items, shared by the Node and Chromium runs: about 5 % duplicates
 * (every 20th row repeats the row before it), the rest spread over mentors, types and days.
 */
export function generateItems(count: number): ItemInput[] {
  const items: ItemInput[] = [];
  for (let i = 0; i < count; i++) {
    const n = i % 20 === 19 ? i - 1 : i;
    const day = 1 + (n % 28);
    items.push({
      mentor_id: `mentor-${Math.floor(n / 28)}`,
      activity_type: n % 2 === 0 ? 'peer_session' : 'workshop',
      activity_date: `2026-03-${String(day).padStart(2, '0')}`,
      duration_minutes: 60,
      notes: 'Monday group session',
    });
  }
  return items;
}
