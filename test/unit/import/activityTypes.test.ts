import { describe, expect, it } from 'vitest';
import { activityTypeMatcher } from '../../../src/import/activityTypes';
import type { CellValue } from '../../../src/import/cells';

describe('activity types', () => {
  const match = activityTypeMatcher(['peer_session', 'workshop']);

  it.each([
    ['peer_session', 'peer_session'],
    ['Peer session', 'peer_session'],
    ['peer-session', 'peer_session'],
    ['PEER SESSION', 'peer_session'],
    ['  Peer   Session ', 'peer_session'],
    ['PeerSession', 'peer_session'],
    ['peersession', 'peer_session'],
    ['Peer sessions', 'peer_session'],
    ['Workshop', 'workshop'],
    ['Workshops', 'workshop'],
    ['WORK-SHOP', 'workshop'],
  ])('%j is %s', (text, type) => {
    expect(match(text)).toEqual({ ok: true, value: type });
  });

  it.each([
    ['Lecture', 'Unknown activity type "Lecture"; allowed: peer_session, workshop'],
    ['peer', 'Unknown activity type "peer"; allowed: peer_session, workshop'],
    [null, 'Activity type is required'],
    [
      { kind: 'excel-error', text: '#REF!' },
      'The cell shows the spreadsheet error #REF!, not an activity type',
    ],
  ] as [CellValue, string][])('%j is refused with "%s"', (cell, error) => {
    expect(match(cell)).toEqual({ ok: false, error });
  });

  it('follows the configured list', () => {
    const custom = activityTypeMatcher(['peer_session', 'workshop', 'field_visit']);
    expect(custom('Field visit')).toEqual({ ok: true, value: 'field_visit' });
    expect(match('Field visit')).toMatchObject({ ok: false });
  });
});
