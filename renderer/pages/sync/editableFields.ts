/**
 * The parts of a refused request the coordinator can fix by hand: its top-level text fields
 * (coordinator id, label, cancellation reason). Ids the app chose itself and the item list stay
 * as they are: items are fixed by importing them again.
 */

const FIXED_FIELDS = new Set(['client_batch_id', 'run_id']);

export function editableFields(body: unknown): Record<string, string> {
  if (typeof body !== 'object' || body === null) return {};
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string' && !FIXED_FIELDS.has(name)) fields[name] = value;
  }
  return fields;
}

/** The body with the edited text fields put back; an emptied optional field is left out. */
export function withEditedFields(body: unknown, edited: Record<string, string>): Record<string, unknown> {
  const next: Record<string, unknown> = typeof body === 'object' && body !== null ? { ...body } : {};
  for (const [name, value] of Object.entries(edited)) {
    if (value.trim() === '') delete next[name];
    else next[name] = value.trim();
  }
  return next;
}

/** `coordinator_id` -> `Coordinator id` */
export function fieldLabel(name: string): string {
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
