// scripts/'s import of the process slots, which live in lib/process-slots.mjs (the app uses them too;
// lib never imports from scripts). The standalone build copies lib/process-slots.mjs here.
export { processSlot, processSingleton, SLOTS } from '../lib/process-slots.mjs';
