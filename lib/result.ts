/** An expected outcome: a value, or a named error a caller can map to a status code. */
export type Result<T, E extends string> =
  | { ok: true; value: T }
  | { ok: false; error: E; fieldErrors?: Record<string, string[] | undefined> };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const err = <E extends string>(
  error: E,
  fieldErrors?: Record<string, string[] | undefined>,
): { ok: false; error: E; fieldErrors?: Record<string, string[] | undefined> } =>
  fieldErrors ? { ok: false, error, fieldErrors } : { ok: false, error };
