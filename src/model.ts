// The typed records the sources produce and the scanners read. Values come from the export as they
// were, with nulls kept as null; interpretation (classification, lock state) belongs to the scanners.

/** Where a record came from, for error messages and report ordering. */
export interface Origin {
  file: string;
  line: number;
  column: number;
}

/** Secure Store's TargetApplicationType names, as the object model's ToString writes them. */
export const TARGET_APPLICATION_TYPES = [
  'Individual',
  'Group',
  'IndividualWithTicketing',
  'GroupWithTicketing',
  'RestrictedIndividual',
  'RestrictedGroup',
] as const;
export type TargetApplicationType = (typeof TARGET_APPLICATION_TYPES)[number];

/** SecureStoreCredentialType names (2010 API plus the 2013+ certificate types). */
export const CREDENTIAL_TYPES = [
  'UserName',
  'Password',
  'Pin',
  'Key',
  'Generic',
  'WindowsUserName',
  'WindowsPassword',
  'Certificate',
  'CertificatePassword',
] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

export interface Claim {
  claimType: string | null;
  claimIssuer: string | null;
  claimValue: string | null;
  /** The encoded form (`c:0+.w|s-1-5-21-…`) when the export has it; replay and script prefer it. */
  encodedClaim: string | null;
}

export interface ApplicationField {
  name: string;
  isMasked: boolean;
  /** The credential type name; kept as exported (may be unknown) so the scanner can report it. */
  credentialType: string;
}

export interface SecureStoreApplicationRecord {
  kind: 'secureStoreApplication';
  origin: Origin;
  applicationId: string;
  name: string | null;
  friendlyName: string | null;
  contactEmail: string | null;
  /** The type as exported: an enum name, a number turned into its name, or an unknown value kept raw. */
  type: string | null;
  ticketTimeout: number | null;
  credentialManagementUrl: string | null;
  /** Null when the export had no field list (a Select-Object projection of TargetApplication alone). */
  fields: ApplicationField[] | null;
  administrators: Claim[];
  members: Claim[];
  ticketRedeemers: Claim[];
}

export interface SiteCollectionRecord {
  kind: 'siteCollection';
  origin: Origin;
  id: string | null;
  url: string;
  /** null when missing from the export: SPSite.ReadLocked throws on exactly the No Access sites. */
  readLocked: boolean | null;
  writeLocked: boolean | null;
  readOnly: boolean | null;
  lockIssue: string | null;
  /** The content database the export read the site from (the exporter writes one file a database). */
  contentDatabase: string | null;
  /**
   * True when that database is read-only: SharePoint then reports ReadOnly and WriteLocked for every site
   * in it (SPSite.ReadOnly, ms465794), which says nothing about a lock an administrator set.
   */
  contentDatabaseReadOnly: boolean | null;
}

/** A BCS LobSystemInstance and the Secure Store applications it authenticates through. */
export interface LobSystemInstanceRecord {
  kind: 'lobSystemInstance';
  origin: Origin;
  lobSystem: string | null;
  name: string;
  ssoApplicationId: string | null;
  secondarySsoApplicationId: string | null;
  /**
   * Every Secure Store application a property named `*SsoApplicationId` of the instance or of its LobSystem
   * names (WebServiceSsoApplicationId, WsdlFetchSsoApplicationId, …, the two above included), once each.
   */
  ssoApplicationIds: string[];
}

/** One property mapping of a user-profile synchronization connection (SMAT's columns plus the BCS link). */
export interface ProfilePropertyMappingRecord {
  kind: 'profilePropertyMapping';
  origin: Origin;
  connectionName: string;
  connectionType: string | null;
  propertyName: string;
  propertyDisplayName: string | null;
  propertyMapping: string | null;
  direction: string | null;
  propertyLength: number | null;
  propertyUsage: number | null;
  /** For a BCS connection: the LobSystemInstance whose entity it reads. */
  lobSystemInstance: string | null;
  lobSystem: string | null;
}

/** ExportInfo.xml: the exporter's record of its run; its warnings say what the export lacks. */
export interface ExportInfoRecord {
  kind: 'exportInfo';
  origin: Origin;
  exporterVersion: string | null;
  warnings: string[];
}

export type FarmRecord =
  | SecureStoreApplicationRecord
  | SiteCollectionRecord
  | LobSystemInstanceRecord
  | ProfilePropertyMappingRecord
  | ExportInfoRecord;

export type RecordKind = FarmRecord['kind'];
export type RecordOf<K extends RecordKind> = Extract<FarmRecord, { kind: K }>;

export const RECORD_KINDS: readonly RecordKind[] = [
  'secureStoreApplication',
  'siteCollection',
  'lobSystemInstance',
  'profilePropertyMapping',
  'exportInfo',
];
