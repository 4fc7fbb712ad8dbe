// Builders for hand-made CLIXML documents in tests, shaped as Export-Clixml writes them.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const CLIXML_NS = 'http://schemas.microsoft.com/powershell/2004/04';

export function objs(body: string): string {
  return `<Objs Version="1.1.0.1" xmlns="${CLIXML_NS}">\r\n${body}\r\n</Objs>`;
}

let refIds = 0;

/** A [pscustomobject] with note properties (`<MS>`). */
export function customObject(members: string, name?: string): string {
  const n = name === undefined ? '' : ` N="${name}"`;
  return `<Obj${n} RefId="${refIds++}"><TN RefId="${refIds++}"><T>System.Management.Automation.PSCustomObject</T><T>System.Object</T></TN><MS>${members}</MS></Obj>`;
}

export function enumObj(name: string, typeName: string, text: string, number: number): string {
  return `<Obj N="${name}" RefId="${refIds++}"><TN RefId="${refIds++}"><T>${typeName}</T><T>System.Enum</T><T>System.ValueType</T><T>System.Object</T></TN><ToString>${text}</ToString><I32>${number}</I32></Obj>`;
}

export function list(name: string, items: string[]): string {
  return `<Obj N="${name}" RefId="${refIds++}"><TN RefId="${refIds++}"><T>System.Object[]</T><T>System.Array</T><T>System.Object</T></TN><LST>${items.join('')}</LST></Obj>`;
}

export const s = (name: string, value: string) => `<S N="${name}">${value}</S>`;
export const nil = (name: string) => `<Nil N="${name}" />`;
export const b = (name: string, value: boolean) => `<B N="${name}">${value}</B>`;
export const i32 = (name: string, value: number) => `<I32 N="${name}">${value}</I32>`;

const TYPE_NUMBERS: Record<string, number> = {
  Individual: 0,
  Group: 1,
  IndividualWithTicketing: 2,
  GroupWithTicketing: 3,
  RestrictedIndividual: 4,
  RestrictedGroup: 5,
};

/** An application in the exporter's shape. */
export function exporterApp(app: { id: string; type: string; friendlyName?: string; email?: string | null; fields?: Array<[string, string, boolean]>; admins?: string[]; members?: string[]; timeout?: number }): string {
  const claim = (encoded: string) => customObject(s('ClaimType', 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role') + s('ClaimIssuer', 'Windows') + s('ClaimValue', encoded.split('|').pop()!) + s('EncodedClaim', encoded));
  return customObject(
    customObject(
      s('ApplicationId', app.id) +
        s('Name', app.id) +
        s('FriendlyName', app.friendlyName ?? app.id) +
        (app.email === null ? nil('ContactEmail') : s('ContactEmail', app.email ?? 'it@contoso.com')) +
        enumObj('Type', 'Microsoft.BusinessData.Infrastructure.SecureStore.TargetApplicationType', app.type, TYPE_NUMBERS[app.type] ?? 99) +
        i32('TicketTimeout', app.timeout ?? 0) +
        nil('CredentialManagementUrl'),
      'TargetApplication',
    ) +
      list(
        'TargetApplicationFields',
        (app.fields ?? [['Windows User Name', 'WindowsUserName', false], ['Windows Password', 'WindowsPassword', true]]).map(([name, type, masked]) =>
          customObject(s('Name', name) + b('IsMasked', masked) + enumObj('CredentialType', 'Microsoft.BusinessData.Infrastructure.SecureStore.SecureStoreCredentialType', type, 0)),
        ),
      ) +
      customObject(
        list('AdministratorClaims', (app.admins ?? ['i:0#.w|contoso\\spadmin']).map(claim)) +
          list('GroupClaims', (app.members ?? []).map(claim)) +
          list('TicketRedeemerClaims', []),
        'TargetApplicationClaims',
      ),
  );
}

export function site(site: { url: string; readLocked?: boolean | null; writeLocked?: boolean; readOnly?: boolean; lockIssue?: string | null; id?: string }): string {
  const read = site.readLocked === undefined ? '' : site.readLocked === null ? nil('ReadLocked') : b('ReadLocked', site.readLocked);
  return customObject(
    `<G N="Id">${site.id ?? '6f1d3c2a-0000-4000-8000-000000000001'}</G>` +
      s('Url', site.url) +
      read +
      b('WriteLocked', site.writeLocked ?? false) +
      b('ReadOnly', site.readOnly ?? false) +
      (site.lockIssue ? s('LockIssue', site.lockIssue) : nil('LockIssue')),
  );
}

export async function tempDir(prefix = 'farmscan-test-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Writes a CLIXML text in the given encoding, with the BOM Windows PowerShell writes for UTF-16. */
export async function writeClixml(file: string, text: string, encoding: 'utf8' | 'utf8bom' | 'utf16le' = 'utf8'): Promise<void> {
  if (encoding === 'utf16le') await writeFile(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  else if (encoding === 'utf8bom') await writeFile(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
  else await writeFile(file, text, 'utf8');
}

/** A user-profile property mapping in the exporter's shape; a BCS one names the LobSystemInstance it reads. */
export function profileMapping(connection: string, property: string, instance: string | null, type = instance === null ? 'ActiveDirectory' : 'BusinessDataCatalog'): string {
  return customObject(
    s('ConnectionName', connection) +
      s('ConnectionType', type) +
      s('PropertyName', property) +
      s('PropertyDisplayName', property) +
      s('PropertyMapping', property.toLowerCase()) +
      s('Direction', 'Import') +
      i32('PropertyLength', 50) +
      i32('PropertyUsage', 10) +
      (instance === null ? nil('LobSystemInstance') : s('LobSystemInstance', instance)),
  );
}
