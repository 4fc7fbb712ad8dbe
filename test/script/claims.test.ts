import { principalFor } from '../../src/script/claims.js';
import { scriptSteps } from '../../src/script/steps.js';
import { buildPlan } from '../../src/plan/build.js';
import { resolveSteps } from '../../src/plan/decisions.js';
import { app, claim } from '../plan/records.js';

const GROUP_SID = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groupsid';
const LOGON = 'http://schemas.microsoft.com/sharepoint/2009/08/claims/userlogonname';
const EMAIL = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress';

describe('principalFor', () => {
  test.each(['Windows', 'windows', 'WINDOWS', 'AD AUTHORITY', 'ad authority', ' Windows '])('a Windows claim is rebuilt whatever the issuer spelling: %j', (issuer) => {
    expect(principalFor(claim(null, 'S-1-5-21-1-2-3-513', GROUP_SID, issuer))?.expression).toBe(
      "New-SPClaimsPrincipal -Identity 'S-1-5-21-1-2-3-513' -IdentityType WindowsSecurityGroupSid",
    );
    expect(principalFor(claim(null, 'CONTOSO\\chris', LOGON, issuer))?.expression).toBe("New-SPClaimsPrincipal -Identity 'CONTOSO\\chris' -IdentityType WindowsSamAccountName");
  });

  test('shapes that are not unambiguous stay out', () => {
    expect(principalFor(claim(null, 'chris', LOGON, 'Windows'))).toBeNull();
    expect(principalFor(claim(null, 'CONTOSO\\chris', LOGON, null))).toBeNull();
    expect(principalFor(claim(null, 'S-1-5-21-1-2-3-513', GROUP_SID, 'Forms:members'))).toBeNull();
    expect(principalFor(claim(null, 'Sales', 'http://schemas.contoso.com/claims/department', 'ClaimProvider:Dept'))).toBeNull();
    expect(principalFor(claim(null, 'chris@contoso.com', EMAIL, 'TrustedProvider:'))).toBeNull();
  });

  test('a trusted issuer claim goes through New-FarmscanTrustedPrincipal and names its issuer', () => {
    expect(principalFor(claim(null, 'chris@contoso.com', EMAIL, 'trustedprovider:ADFS'))).toEqual({
      expression: `New-FarmscanTrustedPrincipal 'chris@contoso.com' '${EMAIL}' 'ADFS'`,
      trustedIssuer: 'ADFS',
    });
  });

  test('an encoded claim is kept as is; a trusted one names its issuer', () => {
    expect(principalFor(claim('i:05.t|adfs|chris@contoso.com', 'chris@contoso.com', EMAIL, 'TrustedProvider:adfs'))).toEqual({
      expression: "New-SPClaimsPrincipal -EncodedClaim 'i:05.t|adfs|chris@contoso.com'",
      trustedIssuer: 'adfs',
    });
    expect(principalFor(claim('c:0+.w|s-1-5-21-1'))?.trustedIssuer).toBeNull();
  });
});

test('the script checks each trusted issuer once, whatever its case', () => {
  const plan = buildPlan({
    scanId: 's',
    generatedAt: '2026-12-07T00:00:00Z',
    targetPlatform: 'sharepoint-se',
    profileUses: new Map(),
    applications: [
      app('A', { members: [claim(null, 'x@contoso.com', EMAIL, 'TrustedProvider:adfs')] }),
      app('B', { members: [claim('c:0-.t|ADFS|Payroll')] }),
      app('C', { members: [claim('c:0-.t|okta|Payroll')] }),
    ],
  });
  expect(scriptSteps(resolveSteps(plan, null)).trustedIssuers).toEqual(['adfs', 'okta']);
});
