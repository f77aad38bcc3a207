import { disconnectDb } from '@/lib/db/client';

/**
 * Runs a command's `main` and exits with the status it returns, closing the database first, so
 * that no pool keeps the process alive; a crash prints the error and exits with `crashCode`.
 */
export function runCommand(main: () => Promise<number>, crashCode = 1): void {
  main().then(
    async (code) => {
      await disconnectDb();
      process.exit(code);
    },
    async (error: unknown) => {
      console.error(error);
      await disconnectDb();
      process.exit(crashCode);
    },
  );
}
