import { notRebuiltReason, principalFor } from '../../src/script/claims.js';
import { renderScript } from '../../src/script/render.js';
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

describe('claims with a custom claim type character (U+01F5 and above, numbered per farm)', () => {
  const DEPT = 'http://schemas.contoso.com/claims/department';
  const custom = (encoded: string, ...rest: [string | null, string | null, string | null]) => claim(encoded, ...rest);

  test('a trusted issuer claim whose parts agree is rebuilt from its claim type URI, not from the character', () => {
    expect(principalFor(custom('c:0\u01f5.t|adfs|Sales', 'Sales', DEPT, 'TrustedProvider:adfs'))).toEqual({
      expression: `New-FarmscanTrustedPrincipal 'Sales' '${DEPT}' 'adfs'`,
      trustedIssuer: 'adfs',
    });
    // Value and issuer may be missing from the export: the encoded form gives them.
    expect(principalFor(custom('i:0\u0200.t|ADFS|E-1|x', null, DEPT, null))?.expression).toBe(`New-FarmscanTrustedPrincipal 'E-1|x' '${DEPT}' 'ADFS'`);
  });

  test.each([
    ['no claim type', custom('c:0\u01f5.t|adfs|Sales', 'Sales', null, 'TrustedProvider:adfs')],
    ['a claim provider', custom('c:0\u01f5.c|deptprovider|Sales', 'Sales', DEPT, 'ClaimProvider:deptprovider')],
    ['a Windows claim', custom('c:0\u01f5.w|sales', 'sales', DEPT, 'Windows')],
    ['a value that disagrees', custom('c:0\u01f5.t|adfs|Sales', 'Marketing', DEPT, 'TrustedProvider:adfs')],
    ['an issuer that disagrees', custom('c:0\u01f5.t|adfs|Sales', 'Sales', DEPT, 'TrustedProvider:okta')],
    ['no issuer part', custom('c:0\u01f5.t|Sales', 'Sales', DEPT, null)],
    // SharePoint writes flag and mode in lower case: one in upper case is not read, but still not handed over.
    ['an upper-case issuer mode', custom('c:0\u01f5.T|adfs|Sales', 'Sales', DEPT, 'TrustedProvider:adfs')],
    ['an upper-case identity flag', custom('I:0\u01f5.t|adfs|E1234', 'E1234', DEPT, 'TrustedProvider:adfs')],
    ['an astral claim type character', custom('c:0\u{1F600}.t|adfs', null, DEPT, null)],
    ['white space before the claim', custom(' i:0\u01f5.t|adfs|E1', 'E1', DEPT, 'TrustedProvider:adfs')],
  ])('%s: not rebuilt, and the reason names the claim', (_what, c) => {
    expect(principalFor(c)).toBeNull();
    expect(notRebuiltReason(c)).toContain(`the claim '${c.encodedClaim}'`);
    expect(notRebuiltReason(c)).toMatch(/custom claim type character/);
  });

  test('U+2028 and U+2029 (line terminators, which a plain . does not match) are caught as custom characters too', () => {
    for (const c of ['\u2028', '\u2029']) {
      expect(principalFor(custom(`i:0${c}.t|adfs|x`, 'x', DEPT, 'TrustedProvider:adfs'))?.expression).toBe(`New-FarmscanTrustedPrincipal 'x' '${DEPT}' 'adfs'`);
      expect(principalFor(custom(`i:0${c}.t|adfs|x`, 'x', null, 'TrustedProvider:adfs'))).toBeNull();
    }
  });

  test('a character below U+01F5 is a built-in one: the encoded claim is handed over as is', () => {
    expect(principalFor(claim('c:0\u01f4.t|adfs|Sales'))?.expression).toBe("New-SPClaimsPrincipal -EncodedClaim ('c:0' + [char]0x01F4 + '.t|adfs|Sales')");
    expect(principalFor(claim('c:0-.t|adfs|Sales'))?.expression).toBe("New-SPClaimsPrincipal -EncodedClaim 'c:0-.t|adfs|Sales'");
  });

  test('an application with one that cannot be rebuilt is left out with that reason; the script warns about it at run time', () => {
    const plan = buildPlan({
      scanId: 's',
      generatedAt: '2026-12-07T00:00:00Z',
      targetPlatform: 'sharepoint-se',
      profileUses: new Map(),
      applications: [
        app('Rebuilt', { members: [custom('c:0\u01f5.t|adfs|Sales', 'Sales', DEPT, 'TrustedProvider:adfs')] }),
        app('Provider', { members: [custom('c:0\u01f5.c|deptprovider|Sales', 'Sales', DEPT, 'ClaimProvider:deptprovider')] }),
      ],
    });
    const resolved = resolveSteps(plan, null);
    const script = scriptSteps(resolved);
    expect(script.steps.map((s) => s.resolved.step.applicationId)).toEqual(['Rebuilt']);
    expect(script.leftOut).toEqual([{ applicationId: 'Provider', reason: expect.stringContaining("'c:0\u01f5.c|deptprovider|Sales'") }]);
    expect(script.trustedIssuers).toEqual(['adfs']);
    const text = renderScript(plan, resolved);
    expect(text).toContain("Write-Warning ('Left out of this script: ' + (Format-FarmscanText 'Provider') + ': ' + (Format-FarmscanText ('the claim ");
    expect(text).not.toContain('-EncodedClaim (');
  });
});
