// The script `farmscan script` writes, under pwsh against simulated Secure Store cmdlets that record each call.
import { pesterSuite } from './pester-suite.js';

pesterSuite(['script']);
