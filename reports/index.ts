// The built-in reports, written in this order after every scan.
import customProfilePropertyMappings from './custom-profile-property-mappings.js';
import lockedSites from './locked-sites.js';
import scanErrors from './scan-errors.js';
import secureStoreApplications from './secure-store-applications.js';
import siteLocks from './site-locks.js';
import summaryCsv from './summary-csv.js';
import summaryHtml from './summary-html.js';
import type { Report } from './types.js';

export const builtInReports: readonly Report[] = [secureStoreApplications, lockedSites, customProfilePropertyMappings, siteLocks, scanErrors, summaryCsv, summaryHtml];
