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
import { asBoolean, asInteger, asList, asText, hasTypeName, isObject, propOf, type PSObject, type PSValue } from './ps-value.js';
// Property keys are lower-cased names (ps-value.ts): PowerShell's names are case-insensitive.
import { emptyToNull, flatText, sharedText } from './kept-text.js';
import { FlatObject } from './flat-object.js';
import { flatSite, SITE_LOCK_PROPS } from './flat-records.js';
import { ssoApplicationIds } from './sso-application-ids.js';
import { isExportInfo, toExportInfo } from './export-info.js';

export function toRecord(value: PSValue, origin: Origin): FarmRecord | null {
  if (!isObject(value)) return null;
  if (value instanceof FlatObject) {
    const site = flatSite(value, origin);
    if (site !== null) return site;
  }
  const targetApplication = propOf(value, 'targetapplication');
  if (isObject(targetApplication)) return toApplication(targetApplication, value, origin);
  if (propOf(value, 'applicationid') !== undefined && (propOf(value, 'type', 'applicationtype') !== undefined || hasTypeName(value, 'TargetApplication'))) {
    return toApplication(value, value, origin);
  }
  if (propOf(value, 'url') !== undefined && (hasAnyProp(value, SITE_LOCK_PROPS) || hasTypeName(value, 'SPSite') || hasTypeName(value, 'SPSiteAdministration'))) {
    return toSite(value, origin);
  }
  if (propOf(value, 'ssoapplicationid', 'secondaryssoapplicationid') !== undefined || hasTypeName(value, 'LobSystemInstance')) {
    return toLobSystemInstance(value, origin);
  }
  if (propOf(value, 'connectionname') !== undefined && propOf(value, 'propertyname') !== undefined) {
    return toProfileMapping(value, origin);
  }
  if (isExportInfo(value)) return toExportInfo(value, origin);
  return null;
}

/** `keys` lower-cased. */
function hasAnyProp(value: PSObject, keys: string[]): boolean {
  return keys.some((key) => value.props.has(key));
}

/** A text of an application, which is kept until the plan is written: stored compactly. */
const keptText = (value: PSValue | undefined): string | null => flatText(asText(value));
/** A text that repeats across applications (claim types, field names): one copy for all. */
const repeatedText = (value: PSValue | undefined): string | null => sharedText(asText(value));

function toApplication(app: PSObject, outer: PSObject, origin: Origin): SecureStoreApplicationRecord | null {
  const applicationId = keptText(propOf(app, 'applicationid')) ?? keptText(propOf(app, 'name'));
  if (applicationId === null) return null;
  const fieldList = asList(propOf(outer, 'targetapplicationfields', 'fields') ?? propOf(app, 'targetapplicationfields', 'fields'));
  const claims = propOf(outer, 'targetapplicationclaims', 'claims') ?? propOf(app, 'targetapplicationclaims');
  return {
    kind: 'secureStoreApplication',
    origin,
    applicationId,
    name: keptText(propOf(app, 'name')),
    friendlyName: keptText(propOf(app, 'friendlyname')),
    contactEmail: keptText(propOf(app, 'contactemail')),
    type: applicationType(propOf(app, 'type', 'applicationtype')),
    ticketTimeout: asInteger(propOf(app, 'tickettimeout', 'timeoutinminutes')),
    credentialManagementUrl: keptText(propOf(app, 'credentialmanagementurl', 'setcredentialsuri')),
    fields: fieldList === null ? null : fieldList.filter(isObject).map(toField),
    administrators: claimList(propOf(claims, 'administratorclaims')),
    members: claimList(propOf(claims, 'groupclaims')),
    ticketRedeemers: claimList(propOf(claims, 'ticketredeemerclaims')),
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
    name: repeatedText(propOf(field, 'name')) ?? '',
    isMasked: asBoolean(propOf(field, 'ismasked', 'masked')) ?? false,
    // Names only: the numbers of SecureStoreCredentialType are not documented to be stable.
    credentialType: repeatedText(propOf(field, 'credentialtype', 'type')) ?? '',
  };
}

function claimList(value: PSValue | undefined): Claim[] {
  return (asList(value) ?? []).flatMap((item) => {
    if (typeof item === 'string') return [{ claimType: null, claimIssuer: null, claimValue: null, encodedClaim: item }];
    if (!isObject(item)) return [];
    return [
      {
        claimType: repeatedText(propOf(item, 'claimtype')),
        claimIssuer: repeatedText(propOf(item, 'claimissuer', 'originalissuer')),
        claimValue: keptText(propOf(item, 'claimvalue', 'value')),
        encodedClaim: keptText(propOf(item, 'encodedclaim')),
      },
    ];
  });
}

function toSite(site: PSObject, origin: Origin): SiteCollectionRecord {
  return {
    kind: 'siteCollection',
    origin,
    id: asText(propOf(site, 'id', 'siteid')),
    url: asText(propOf(site, 'url')) ?? '',
    readLocked: asBoolean(propOf(site, 'readlocked', 'isreadlocked')),
    writeLocked: asBoolean(propOf(site, 'writelocked')),
    readOnly: asBoolean(propOf(site, 'readonly')),
    lockIssue: asText(propOf(site, 'lockissue')),
    contentDatabase: emptyToNull(asText(propOf(site, 'contentdatabase'))),
    contentDatabaseReadOnly: asBoolean(propOf(site, 'contentdatabasereadonly')),
  };
}

function toLobSystemInstance(instance: PSObject, origin: Origin): LobSystemInstanceRecord {
  return {
    kind: 'lobSystemInstance',
    origin,
    lobSystem: asText(propOf(instance, 'lobsystem', 'lobsystemname')),
    name: asText(propOf(instance, 'name', 'lobsysteminstance')) ?? '',
    ssoApplicationId: emptyToNull(asText(propOf(instance, 'ssoapplicationid'))),
    secondarySsoApplicationId: emptyToNull(asText(propOf(instance, 'secondaryssoapplicationid'))),
    ssoApplicationIds: ssoApplicationIds(instance),
  };
}

function toProfileMapping(mapping: PSObject, origin: Origin): ProfilePropertyMappingRecord {
  return {
    kind: 'profilePropertyMapping',
    origin,
    connectionName: asText(propOf(mapping, 'connectionname')) ?? '',
    connectionType: asText(propOf(mapping, 'connectiontype')),
    propertyName: asText(propOf(mapping, 'propertyname')) ?? '',
    propertyDisplayName: asText(propOf(mapping, 'propertydisplayname')),
    propertyMapping: asText(propOf(mapping, 'propertymapping')),
    direction: asText(propOf(mapping, 'direction')),
    propertyLength: asInteger(propOf(mapping, 'propertylength')),
    propertyUsage: asInteger(propOf(mapping, 'propertyusage')),
    lobSystemInstance: emptyToNull(asText(propOf(mapping, 'lobsysteminstance'))),
    lobSystem: emptyToNull(asText(propOf(mapping, 'lobsystem'))),
  };
}

