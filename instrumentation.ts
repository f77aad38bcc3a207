// Runs once when the server starts, before it takes requests: a malformed or missing setting stops
// the process with one line naming the variable, instead of failing on some reader's request later.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { checkStartup } = await import('./lib/startup');
  const problem = checkStartup();
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
