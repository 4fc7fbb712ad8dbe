// The exporter (samples/Export-FarmInventory.ps1) under pwsh against the simulated farm, and the real
// Export-Clixml fixtures; the smoke test of the Pester set-up itself.
import { pesterSuite } from './pester-suite.js';

pesterSuite(['smoke', 'exporter']);
