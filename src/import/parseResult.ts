/** What a cell parser gives: a value (maybe with a warning to show), or an error to show. */
export type ParseResult<T> = { ok: true; value: T; warning?: string } | { ok: false; error: string };

export function parsed<T>(value: T, warning?: string): ParseResult<T> {
  return warning === undefined ? { ok: true, value } : { ok: true, value, warning };
}

export function failed(error: string): { ok: false; error: string } {
  return { ok: false, error };
}
