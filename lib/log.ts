/** One JSON line per event on stderr: easy to grep locally, easy to ship in production. */
export function logEvent(level: 'info' | 'warn' | 'error', event: string, context: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...context }, (_k, v) =>
    v instanceof Error ? { name: v.name, message: v.message } : v,
  );
  if (level === 'info') console.log(line);
  else console.error(line);
}
