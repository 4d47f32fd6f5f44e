import { DEFAULT_ACTIVITY_TYPES } from '../contract';
import { importKind, type ImportKindId } from './importKinds';
import { writeWorkbook, type OutputCell } from './workbookWriter';

export const TEMPLATE_FILE_NAMES: Readonly<Record<ImportKindId, string>> = {
  registrations: 'registrations-template.xlsx',
  mentor_roster: 'mentor-roster-template.xlsx',
  attendees: 'people-for-an-event-template.xlsx',
};

const FORMAT_HINTS: Readonly<Record<string, string>> = {
  id: 'Text, at most 64 characters',
  text: 'Optional text, at most 1000 characters',
  name: 'Text, at most 200 characters',
  email: 'Optional email address',
  date: 'A date cell, or text such as 2026-03-25 or 25/03/2026 (the day/month order is a setting)',
  duration: 'Whole minutes from 1 to 1440: 90, 1:30 or 1h 30m',
  activity_type: 'One of the configured types',
  person_text: 'Text',
  extra_time: 'Optional whole minutes: 30, 1h or 0 for none',
  date_time:
    "Optional, with a venue: the date and time on the venue's clock, such as 02/04/2026 09:00 (a file may instead have a Date column and a Time column)",
  time_of_day: "The time of day on the venue's clock, such as 09:00 or 9am",
};

const SHEET_NAMES: Readonly<Record<ImportKindId, string>> = {
  registrations: 'Registrations',
  mentor_roster: 'Mentor roster',
  attendees: 'People',
};

/**
 * The template a coordinator downloads: the kind's headers, one example row, and a second sheet
 * that explains each column (the import reads the first sheet).
 */
export function buildTemplate(
  kindId: ImportKindId,
  activityTypes: readonly string[] = DEFAULT_ACTIVITY_TYPES,
) {
  const kind = importKind(kindId);
  // a field's split parts are another way to write it, not more columns to fill
  const parts = new Set(Object.values(kind.splitFields ?? {}).flat());
  const fields = kind.fields.filter((f) => !parts.has(f.key));
  const headers = fields.map((f) => f.label);
  const example: OutputCell[] = fields.map((f) => kind.example[f.key] ?? null);
  const help: OutputCell[][] = [['Column', 'Required', 'What to write']];
  for (const field of fields) {
    const hint =
      field.parser === 'activity_type'
        ? `One of: ${activityTypes.join(', ')}`
        : (FORMAT_HINTS[field.parser] ?? '');
    help.push([field.label, field.required ? 'yes' : 'no', hint]);
  }
  return writeWorkbook([
    {
      name: SHEET_NAMES[kindId],
      rows: [headers, example],
      widths: headers.map((h) => Math.max(14, h.length + 2)),
    },
    { name: 'How to fill in', rows: help, widths: [28, 10, 80] },
  ]);
}
