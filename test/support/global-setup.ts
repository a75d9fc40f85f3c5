import { ensurePortalBuilt } from './browser';

/**
 * Builds the portal once, before any spec starts: the browser specs run in parallel workers, and each
 * building web/dist itself would have one spec serve a bundle another is halfway through rewriting.
 */
export default function globalSetup(): void {
  ensurePortalBuilt();
}
