// The built-in reports, written in this order after every scan.
import scanErrors from './scan-errors.js';
import secureStoreApplications from './secure-store-applications.js';
import type { Report } from './types.js';

export const builtInReports: readonly Report[] = [secureStoreApplications, scanErrors];
