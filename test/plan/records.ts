// Test records built by hand (the sample export is not a dependency of these tests).
import type { Claim, SecureStoreApplicationRecord } from '../../src/model.js';

export function claim(encodedClaim: string | null, claimValue: string | null = null, claimType: string | null = null, claimIssuer: string | null = null): Claim {
  return { claimType, claimIssuer, claimValue, encodedClaim };
}

export const ADMINS = [claim('i:0#.w|contoso\\sp-admin')];
export const MEMBERS = [claim('c:0+.w|s-1-5-21-1004336348-1177238915-682003330-1104')];

export function app(applicationId: string, overrides: Partial<SecureStoreApplicationRecord> = {}): SecureStoreApplicationRecord {
  return {
    kind: 'secureStoreApplication',
    origin: { file: 'export/SecureStore.xml', line: 10, column: 3 },
    applicationId,
    name: applicationId,
    friendlyName: `${applicationId} (friendly)`,
    contactEmail: 'sp-admin@contoso.com',
    type: 'Group',
    ticketTimeout: 10,
    credentialManagementUrl: null,
    fields: [
      { name: 'Windows User Name', isMasked: false, credentialType: 'WindowsUserName' },
      { name: 'Windows Password', isMasked: true, credentialType: 'WindowsPassword' },
    ],
    administrators: ADMINS,
    members: MEMBERS,
    ticketRedeemers: [],
    ...overrides,
  };
}
