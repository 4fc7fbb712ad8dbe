// A claim from the plan → the New-SPClaimsPrincipal call that recreates it. The exported encoded claim is
// preferred (no name is re-resolved by guesswork); without one, only shapes whose meaning is unambiguous
// are rebuilt: a Windows group SID, a Windows DOMAIN\account logon name (issuer "Windows" or Secure
// Store's "AD AUTHORITY", in any case), and a claim of a trusted identity token issuer, which the script
// rebuilds from its value, type and issuer once it has checked that the issuer exists on the target.
import type { Claim } from '../model.js';
import { psEnum, psString } from './ps-literal.js';

const GROUP_SID_CLAIM = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groupsid';
const USER_LOGON_NAME_CLAIM = 'http://schemas.microsoft.com/sharepoint/2009/08/claims/userlogonname';
const IDENTITY_TYPES = ['WindowsSecurityGroupSid', 'WindowsSamAccountName'] as const;
const WINDOWS_ISSUERS = ['windows', 'ad authority'];
const TRUSTED_PREFIX = 'trustedprovider:';
/** `i:05.t|adfs|chris@contoso.com`: the issuer's name sits between the first two bars after `.t`. */
const ENCODED_TRUSTED = /^[ic]:0.\.t\|([^|]+)\|/i;

export interface Principal {
  /** The PowerShell expression that yields the SPClaim. */
  expression: string;
  /** The trusted identity token issuer it needs on the target, or null. */
  trustedIssuer: string | null;
}

/** The principal for a claim, or null when it cannot be rebuilt safely. */
export function principalFor(claim: Claim): Principal | null {
  if (claim.encodedClaim !== null && claim.encodedClaim.trim() !== '') {
    const trusted = ENCODED_TRUSTED.exec(claim.encodedClaim);
    return { expression: `New-SPClaimsPrincipal -EncodedClaim ${psString(claim.encodedClaim)}`, trustedIssuer: trusted ? trusted[1] : null };
  }
  const value = claim.claimValue ?? '';
  const issuer = claim.claimIssuer;
  const windows = issuer !== null && WINDOWS_ISSUERS.includes(issuer.trim().toLowerCase());
  if (claim.claimType === GROUP_SID_CLAIM && /^S-1-[0-9]+(-[0-9]+)+$/i.test(value) && (issuer === null || windows)) {
    return identity(value, 'WindowsSecurityGroupSid');
  }
  if (claim.claimType === USER_LOGON_NAME_CLAIM && windows && /^[^\\\s]+\\[^\\\s]+$/.test(value)) {
    return identity(value, 'WindowsSamAccountName');
  }
  if (issuer !== null && issuer.toLowerCase().startsWith(TRUSTED_PREFIX) && claim.claimType && value !== '') {
    const name = issuer.slice(TRUSTED_PREFIX.length);
    if (name.trim() === '') return null;
    return { expression: `New-FarmscanTrustedPrincipal ${psString(value)} ${psString(claim.claimType)} ${psString(name)}`, trustedIssuer: name };
  }
  return null;
}

function identity(value: string, type: (typeof IDENTITY_TYPES)[number]): Principal {
  return { expression: `New-SPClaimsPrincipal -Identity ${psString(value)} -IdentityType ${psEnum(type, IDENTITY_TYPES)}`, trustedIssuer: null };
}
