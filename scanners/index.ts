// The built-in scanners. The runner knows none by name; it runs what this list (and --scanner) gives it.
import type { Scanner } from '../src/scan/types.js';
import exportInfo from './export-info.js';
import lockedSites from './locked-sites.js';
import profileMappings from './profile-mappings.js';
import secureStore from './secure-store.js';

export const builtInScanners: readonly Scanner<any>[] = [secureStore, lockedSites, profileMappings, exportInfo];
