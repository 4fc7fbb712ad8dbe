// A claim from the plan → the New-SPClaimsPrincipal call that recreates it. The exported encoded claim is
// preferred (no name is re-resolved by guesswork); without one, only two shapes are rebuilt, because their
// meaning is unambiguous: a Windows group SID and a Windows DOMAIN\account logon name.
import type { Claim } from '../model.js';
import { psEnum, psString } from './ps-literal.js';

const GROUP_SID_CLAIM = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groupsid';
const USER_LOGON_NAME_CLAIM = 'http://schemas.microsoft.com/sharepoint/2009/08/claims/userlogonname';
const IDENTITY_TYPES = ['WindowsSecurityGroupSid', 'WindowsSamAccountName'] as const;

/** The PowerShell expression for the principal, or null when it cannot be rebuilt safely. */
export function principalExpression(claim: Claim): string | null {
  if (claim.encodedClaim !== null && claim.encodedClaim.trim() !== '') {
    return `New-SPClaimsPrincipal -EncodedClaim ${psString(claim.encodedClaim)}`;
  }
  const value = claim.claimValue ?? '';
  const issuer = claim.claimIssuer;
  if (claim.claimType === GROUP_SID_CLAIM && /^S-1-[0-9]+(-[0-9]+)+$/.test(value) && (issuer === null || issuer === 'Windows' || issuer === 'AD AUTHORITY')) {
    return identity(value, 'WindowsSecurityGroupSid');
  }
  if (claim.claimType === USER_LOGON_NAME_CLAIM && issuer === 'Windows' && /^[^\\\s]+\\[^\\\s]+$/.test(value)) {
    return identity(value, 'WindowsSamAccountName');
  }
  return null;
}

function identity(value: string, type: (typeof IDENTITY_TYPES)[number]): string {
  return `New-SPClaimsPrincipal -Identity ${psString(value)} -IdentityType ${psEnum(type, IDENTITY_TYPES)}`;
}
