// scripts/server.mjs's import of the logger configuration, which lives in lib/logger.mjs (the app
// uses it too; lib never imports from scripts). The standalone build copies lib/logger.mjs here.
export { createLogger } from '../lib/logger.mjs';
