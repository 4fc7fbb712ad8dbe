// Turns a deserialized object into a typed record by its shape, so the exporter's files, native
// `Get-SPSecureStoreApplication | Export-Clixml` objects and hand-made `Select-Object` projections all read.
import type {
  ApplicationField,
  Claim,
  FarmRecord,
  LobSystemInstanceRecord,
  Origin,
  ProfilePropertyMappingRecord,
  SecureStoreApplicationRecord,
  SiteCollectionRecord,
} from '../model.js';
import { TARGET_APPLICATION_TYPES } from '../model.js';
import { asBoolean, asInteger, asList, asText, getProp, hasProp, hasTypeName, isObject, type PSObject, type PSValue } from './ps-value.js';
import { flatText, sharedText } from './kept-text.js';

export function toRecord(value: PSValue, origin: Origin): FarmRecord | null {
  if (!isObject(value)) return null;
  const targetApplication = getProp(value, 'TargetApplication');
  if (isObject(targetApplication)) return toApplication(targetApplication, value, origin);
  if (getProp(value, 'ApplicationId') !== undefined && (getProp(value, 'Type', 'ApplicationType') !== undefined || hasTypeName(value, 'TargetApplication'))) {
    return toApplication(value, value, origin);
  }
  if (getProp(value, 'Url') !== undefined && (hasAnyProp(value, SITE_LOCK_PROPS) || hasTypeName(value, 'SPSite') || hasTypeName(value, 'SPSiteAdministration'))) {
    return toSite(value, origin);
  }
  if (getProp(value, 'SsoApplicationId', 'SecondarySsoApplicationId') !== undefined || hasTypeName(value, 'LobSystemInstance')) {
    return toLobSystemInstance(value, origin);
  }
  if (getProp(value, 'ConnectionName') !== undefined && getProp(value, 'PropertyName') !== undefined) {
    return toProfileMapping(value, origin);
  }
  return null;
}

const SITE_LOCK_PROPS = ['ReadLocked', 'IsReadLocked', 'WriteLocked', 'ReadOnly', 'LockIssue'];

function hasAnyProp(value: PSObject, names: string[]): boolean {
  return names.some((name) => hasProp(value, name));
}

/** A text of an application, which is kept until the plan is written: stored compactly. */
const keptText = (value: PSValue | undefined): string | null => flatText(asText(value));
/** A text that repeats across applications (claim types, field names): one copy for all. */
const repeatedText = (value: PSValue | undefined): string | null => sharedText(asText(value));

function toApplication(app: PSObject, outer: PSObject, origin: Origin): SecureStoreApplicationRecord | null {
  const applicationId = keptText(getProp(app, 'ApplicationId')) ?? keptText(getProp(app, 'Name'));
  if (applicationId === null) return null;
  const fieldList = asList(getProp(outer, 'TargetApplicationFields', 'Fields') ?? getProp(app, 'TargetApplicationFields', 'Fields'));
  const claims = getProp(outer, 'TargetApplicationClaims', 'Claims') ?? getProp(app, 'TargetApplicationClaims');
  return {
    kind: 'secureStoreApplication',
    origin,
    applicationId,
    name: keptText(getProp(app, 'Name')),
    friendlyName: keptText(getProp(app, 'FriendlyName')),
    contactEmail: keptText(getProp(app, 'ContactEmail')),
    type: applicationType(getProp(app, 'Type', 'ApplicationType')),
    ticketTimeout: asInteger(getProp(app, 'TicketTimeout', 'TimeoutInMinutes')),
    credentialManagementUrl: keptText(getProp(app, 'CredentialManagementUrl', 'SetCredentialsUri')),
    fields: fieldList === null ? null : fieldList.filter(isObject).map(toField),
    administrators: claimList(getProp(claims, 'AdministratorClaims')),
    members: claimList(getProp(claims, 'GroupClaims')),
    ticketRedeemers: claimList(getProp(claims, 'TicketRedeemerClaims')),
  };
}

// The UI says "Group Restricted", the enum says RestrictedGroup; a number is a fallback only.
const TYPE_ALIASES: ReadonlyMap<string, string> = new Map([
  ...TARGET_APPLICATION_TYPES.map((t) => [t.toLowerCase(), t] as const),
  ['grouprestricted', 'RestrictedGroup'],
  ['individualrestricted', 'RestrictedIndividual'],
]);

function applicationType(value: PSValue | undefined): string | null {
  if (typeof value === 'number') return TARGET_APPLICATION_TYPES[value] ?? String(value);
  const text = asText(value);
  if (text === null) return null;
  const compact = text.replace(/[\s_-]/g, '').toLowerCase();
  if (TYPE_ALIASES.has(compact)) return TYPE_ALIASES.get(compact)!;
  if (/^\d+$/.test(compact)) return TARGET_APPLICATION_TYPES[Number(compact)] ?? text;
  return text;
}

function toField(field: PSObject): ApplicationField {
  return {
    name: repeatedText(getProp(field, 'Name')) ?? '',
    isMasked: asBoolean(getProp(field, 'IsMasked', 'Masked')) ?? false,
    // Names only: the numbers of SecureStoreCredentialType are not documented to be stable.
    credentialType: repeatedText(getProp(field, 'CredentialType', 'Type')) ?? '',
  };
}

function claimList(value: PSValue | undefined): Claim[] {
  return (asList(value) ?? []).flatMap((item) => {
    if (typeof item === 'string') return [{ claimType: null, claimIssuer: null, claimValue: null, encodedClaim: item }];
    if (!isObject(item)) return [];
    return [
      {
        claimType: repeatedText(getProp(item, 'ClaimType')),
        claimIssuer: repeatedText(getProp(item, 'ClaimIssuer', 'OriginalIssuer')),
        claimValue: keptText(getProp(item, 'ClaimValue', 'Value')),
        encodedClaim: keptText(getProp(item, 'EncodedClaim')),
      },
    ];
  });
}

function toSite(site: PSObject, origin: Origin): SiteCollectionRecord {
  return {
    kind: 'siteCollection',
    origin,
    id: asText(getProp(site, 'Id', 'SiteId')),
    url: asText(getProp(site, 'Url')) ?? '',
    readLocked: asBoolean(getProp(site, 'ReadLocked', 'IsReadLocked')),
    writeLocked: asBoolean(getProp(site, 'WriteLocked')),
    readOnly: asBoolean(getProp(site, 'ReadOnly')),
    lockIssue: asText(getProp(site, 'LockIssue')),
  };
}

function toLobSystemInstance(instance: PSObject, origin: Origin): LobSystemInstanceRecord {
  return {
    kind: 'lobSystemInstance',
    origin,
    lobSystem: asText(getProp(instance, 'LobSystem', 'LobSystemName')),
    name: asText(getProp(instance, 'Name', 'LobSystemInstance')) ?? '',
    ssoApplicationId: emptyToNull(asText(getProp(instance, 'SsoApplicationId'))),
    secondarySsoApplicationId: emptyToNull(asText(getProp(instance, 'SecondarySsoApplicationId'))),
  };
}

function toProfileMapping(mapping: PSObject, origin: Origin): ProfilePropertyMappingRecord {
  return {
    kind: 'profilePropertyMapping',
    origin,
    connectionName: asText(getProp(mapping, 'ConnectionName')) ?? '',
    connectionType: asText(getProp(mapping, 'ConnectionType')),
    propertyName: asText(getProp(mapping, 'PropertyName')) ?? '',
    propertyDisplayName: asText(getProp(mapping, 'PropertyDisplayName')),
    propertyMapping: asText(getProp(mapping, 'PropertyMapping')),
    direction: asText(getProp(mapping, 'Direction')),
    propertyLength: asInteger(getProp(mapping, 'PropertyLength')),
    propertyUsage: asInteger(getProp(mapping, 'PropertyUsage')),
    lobSystemInstance: emptyToNull(asText(getProp(mapping, 'LobSystemInstance'))),
    lobSystem: emptyToNull(asText(getProp(mapping, 'LobSystem'))),
  };
}

function emptyToNull(text: string | null): string | null {
  return text === null || text.trim() === '' ? null : text;
}
