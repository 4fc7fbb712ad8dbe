// A claim from the plan → the New-SPClaimsPrincipal call that recreates it. The exported encoded claim is
// preferred (no name is re-resolved by guesswork); without one, only shapes whose meaning is unambiguous
// are rebuilt: a Windows group SID, a Windows DOMAIN\account logon name (issuer "Windows" or Secure
// Store's "AD AUTHORITY", in any case), and a claim of a trusted identity token issuer, which the script
// rebuilds from its value, type and issuer once it has checked that the issuer exists on the target.
// An encoded claim whose claim type character is a custom one (U+01F5 and above: SharePoint numbers custom
// claim types per farm, in the order the farm met them) is not handed over as is, since the target may
// read another claim type from the same character: it is rebuilt from its claim type URI when it is a
// trusted issuer's claim whose parts agree, and otherwise left out with a reason naming it.
// https://www.wictorwilen.se/blog/how-claims-encoding-works-in-sharepoint-2010/ (the character numbering)
import type { Claim } from '../model.js';
import { psEnum, psString } from './ps-literal.js';

const GROUP_SID_CLAIM = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groupsid';
const USER_LOGON_NAME_CLAIM = 'http://schemas.microsoft.com/sharepoint/2009/08/claims/userlogonname';
const IDENTITY_TYPES = ['WindowsSecurityGroupSid', 'WindowsSamAccountName'] as const;
const WINDOWS_ISSUERS = ['windows', 'ad authority'];
const TRUSTED_PREFIX = 'trustedprovider:';
/** `i:05.t|adfs|chris@contoso.com`: the issuer's name sits between the first two bars after `.t`. */
const ENCODED_TRUSTED = /^[ic]:0.\.t\|([^|]+)\|/isu;
/** Identity flag, claim type character, value type character, issuer mode, and the rest after the bar. */
const ENCODED_PARTS = /^([ic]):0(.)(.)([a-z])\|(.*)$/su;
/** The claim type character, whatever the rest: a custom one is caught even in a claim ENCODED_PARTS does not read (an upper-case flag or mode, which SharePoint never writes). */
const ENCODED_TYPE_CHAR = /^[ic]:0(.)/isu;
/** The first claim type character SharePoint gives a custom claim type. */
const FIRST_CUSTOM_TYPE_CHAR = 0x01f5;

export interface Principal {
  /** The PowerShell expression that yields the SPClaim. */
  expression: string;
  /** The trusted identity token issuer it needs on the target, or null. */
  trustedIssuer: string | null;
}

/** The principal for a claim, or null when it cannot be rebuilt safely. */
export function principalFor(claim: Claim): Principal | null {
  if (claim.encodedClaim !== null && claim.encodedClaim.trim() !== '') {
    const custom = customTypeClaim(claim.encodedClaim);
    if (custom !== null) return rebuiltCustom(claim, custom);
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

interface CustomTypeClaim {
  mode: string;
  rest: string;
}

/** The parts of an encoded claim whose claim type character is a custom one (mode '' if they cannot be read), or null. */
function customTypeClaim(encoded: string): CustomTypeClaim | null {
  // Leading white space must not hide the character (whether the target's decoder trims it is unknown).
  const type = ENCODED_TYPE_CHAR.exec(encoded.trimStart());
  if (type === null || (type[1].codePointAt(0) ?? 0) < FIRST_CUSTOM_TYPE_CHAR) return null;
  const parts = ENCODED_PARTS.exec(encoded);
  return parts === null ? { mode: '', rest: '' } : { mode: parts[4], rest: parts[5] };
}

/**
 * A custom-type trusted issuer claim rebuilt from its claim type URI, value and issuer: only when the
 * claim has its type, and its value and issuer (where given) agree with the encoded form.
 */
function rebuiltCustom(claim: Claim, custom: CustomTypeClaim): Principal | null {
  const bar = custom.rest.indexOf('|');
  if (custom.mode !== 't' || bar < 1 || !claim.claimType || claim.claimType.trim() === '') return null;
  const name = custom.rest.slice(0, bar);
  const value = custom.rest.slice(bar + 1);
  if (value === '' || (claim.claimValue !== null && claim.claimValue !== value)) return null;
  if (claim.claimIssuer !== null && claim.claimIssuer.toLowerCase() !== `${TRUSTED_PREFIX}${name.toLowerCase()}`) return null;
  return { expression: `New-FarmscanTrustedPrincipal ${psString(value)} ${psString(claim.claimType)} ${psString(name)}`, trustedIssuer: name };
}

/** Why principalFor gave null for a claim: the reason its application is left out. */
export function notRebuiltReason(claim: Claim): string {
  const encoded = claim.encodedClaim;
  if (encoded !== null && encoded.trim() !== '' && customTypeClaim(encoded) !== null) {
    return (
      `the claim '${encoded}' has a custom claim type character (U+01F5 and above are numbered per farm, so the ` +
      'target may read another claim type from it) and cannot be rebuilt unambiguously: only a trusted issuer claim with its ' +
      'claimType, and a value and issuer that agree with the encoded form, is; give the claim in a create decision (docs/decisions.md)'
    );
  }
  // No double quote: the reason is also said by the script, whose text has none of its own.
  return 'a member or administrator claim has no encoded form (encodedClaim) and cannot be rebuilt safely; give it in a create decision (docs/decisions.md)';
}
