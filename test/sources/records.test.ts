import path from 'node:path';
import type { FarmRecord, SecureStoreApplicationRecord, SiteCollectionRecord } from '../../src/model.js';
import { readExportFile } from '../../src/sources/read-export-file.js';
import { b, customObject, exporterApp, i32, nil, objs, s, site, tempDir, writeClixml } from '../helpers/clixml.js';

async function records(body: string): Promise<FarmRecord[]> {
  const dir = await tempDir();
  const file = path.join(dir, 'x.xml');
  await writeClixml(file, objs(body), 'utf16le');
  const found: FarmRecord[] = [];
  await readExportFile(file, 'x.xml', (r) => found.push(r));
  return found;
}

// What `Get-SPSecureStoreApplication -ServiceContext $url -All | Export-Clixml apps.xml -Depth 4` writes:
// adapted properties under <Props>, .NET type names, enums as Obj with ToString.
const nativeApp = `
<Obj RefId="0">
  <TN RefId="0"><T>Microsoft.Office.SecureStoreService.Server.SPSecureStoreApplication</T><T>System.Object</T></TN>
  <ToString>Microsoft.Office.SecureStoreService.Server.SPSecureStoreApplication</ToString>
  <Props>
    <Obj N="TargetApplication" RefId="1">
      <TN RefId="1"><T>Microsoft.BusinessData.Infrastructure.SecureStore.TargetApplication</T><T>System.Object</T></TN>
      <Props>
        <S N="ApplicationId">SAPConnector</S>
        <S N="Name">SAPConnector</S>
        <S N="FriendlyName">SAP ERP connector</S>
        <S N="ContactEmail">sap-team@contoso.com</S>
        <Obj N="Type" RefId="2"><TN RefId="2"><T>Microsoft.BusinessData.Infrastructure.SecureStore.TargetApplicationType</T><T>System.Enum</T><T>System.ValueType</T><T>System.Object</T></TN><ToString>Individual</ToString><I32>0</I32></Obj>
        <I32 N="TicketTimeout">0</I32>
        <URI N="CredentialManagementUrl">https://portal.contoso.com/_layouts/SecureStoreSetCredentials.aspx?TargetAppId=SAPConnector</URI>
      </Props>
    </Obj>
    <Obj N="TargetApplicationFields" RefId="3">
      <TN RefId="3"><T>System.Collections.Generic.List\`1[[Microsoft.BusinessData.Infrastructure.SecureStore.TargetApplicationField]]</T><T>System.Object</T></TN>
      <LST>
        <Obj RefId="4"><TN RefId="4"><T>Microsoft.BusinessData.Infrastructure.SecureStore.TargetApplicationField</T><T>System.Object</T></TN>
          <Props><S N="Name">SAP User</S><B N="IsMasked">false</B><Obj N="CredentialType" RefId="5"><TN RefId="5"><T>Microsoft.BusinessData.Infrastructure.SecureStore.SecureStoreCredentialType</T><T>System.Enum</T><T>System.ValueType</T><T>System.Object</T></TN><ToString>UserName</ToString><I32>0</I32></Obj></Props>
        </Obj>
        <Obj RefId="6"><TNRef RefId="4" />
          <Props><S N="Name">SAP Password</S><B N="IsMasked">true</B><Obj N="CredentialType" RefId="7"><TNRef RefId="5" /><ToString>Password</ToString><I32>1</I32></Obj></Props>
        </Obj>
      </LST>
    </Obj>
    <Obj N="TargetApplicationClaims" RefId="8">
      <TN RefId="6"><T>Microsoft.BusinessData.Infrastructure.SecureStore.TargetApplicationClaims</T><T>System.Object</T></TN>
      <Props>
        <Obj N="AdministratorClaims" RefId="9"><TN RefId="7"><T>System.Collections.ObjectModel.ReadOnlyCollection\`1</T><T>System.Object</T></TN>
          <LST><Obj RefId="10"><TN RefId="8"><T>Microsoft.BusinessData.Infrastructure.SecureStore.SecureStoreServiceClaim</T><T>System.Object</T></TN>
            <Props><S N="ClaimType">http://schemas.microsoft.com/sharepoint/2009/08/claims/userlogonname</S><S N="ClaimIssuer">SharePoint</S><S N="ClaimValue">0#.w|contoso\\spadmin</S></Props></Obj></LST>
        </Obj>
        <Nil N="GroupClaims" />
        <Nil N="TicketRedeemerClaims" />
      </Props>
    </Obj>
  </Props>
</Obj>`;

describe('records from export shapes', () => {
  test('native Get-SPSecureStoreApplication objects', async () => {
    const [app] = (await records(nativeApp)) as SecureStoreApplicationRecord[];
    expect(app).toMatchObject({
      kind: 'secureStoreApplication',
      applicationId: 'SAPConnector',
      friendlyName: 'SAP ERP connector',
      contactEmail: 'sap-team@contoso.com',
      type: 'Individual',
      ticketTimeout: 0,
      credentialManagementUrl: 'https://portal.contoso.com/_layouts/SecureStoreSetCredentials.aspx?TargetAppId=SAPConnector',
      fields: [
        { name: 'SAP User', isMasked: false, credentialType: 'UserName' },
        { name: 'SAP Password', isMasked: true, credentialType: 'Password' },
      ],
      administrators: [{ claimType: 'http://schemas.microsoft.com/sharepoint/2009/08/claims/userlogonname', claimIssuer: 'SharePoint', claimValue: '0#.w|contoso\\spadmin', encodedClaim: null }],
      members: [],
      ticketRedeemers: [],
    });
    expect(app.origin).toEqual({ file: 'x.xml', line: 3, column: expect.any(Number) });
  });

  test("the exporter's objects, with encoded claims", async () => {
    const [app] = (await records(exporterApp({ id: 'HR', type: 'Group', members: ['c:0+.w|s-1-5-21-1-2-3-1105'], email: null }))) as SecureStoreApplicationRecord[];
    expect(app.type).toBe('Group');
    expect(app.contactEmail).toBeNull();
    expect(app.members).toEqual([expect.objectContaining({ encodedClaim: 'c:0+.w|s-1-5-21-1-2-3-1105' })]);
    expect(app.fields).toEqual([
      { name: 'Windows User Name', isMasked: false, credentialType: 'WindowsUserName' },
      { name: 'Windows Password', isMasked: true, credentialType: 'WindowsPassword' },
    ]);
  });

  test('a Select-Object projection of TargetApplication, with the type as a string or a number', async () => {
    const found = (await records(
      customObject(s('ApplicationId', 'A') + s('Type', 'Group Restricted') + i32('TicketTimeout', 3)) +
        customObject(s('ApplicationId', 'B') + i32('Type', 3)) +
        customObject(s('ApplicationId', 'C') + s('Type', 'Teleport')),
    )) as SecureStoreApplicationRecord[];
    expect(found.map((r) => [r.applicationId, r.type, r.fields])).toEqual([
      ['A', 'RestrictedGroup', null],
      ['B', 'GroupWithTicketing', null],
      ['C', 'Teleport', null],
    ]);
  });

  test('site collections: lock booleans, IsReadLocked, and a missing ReadLocked kept as unknown (null)', async () => {
    const found = (await records(
      site({ url: 'https://a', readLocked: true }) +
        site({ url: 'https://b', readLocked: null }) +
        site({ url: 'https://c' }) +
        customObject(s('Url', 'https://d') + b('IsReadLocked', false) + s('LockIssue', 'legal hold')),
    )) as SiteCollectionRecord[];
    expect(found.map((r) => [r.url, r.readLocked, r.lockIssue])).toEqual([
      ['https://a', true, null],
      ['https://b', null, null],
      ['https://c', null, null],
      ['https://d', false, 'legal hold'],
    ]);
  });

  test('BCS LobSystemInstances and profile property mappings', async () => {
    const found = await records(
      customObject(s('LobSystem', 'HR') + s('Name', 'HRSystemInstance') + s('SsoApplicationId', 'HRPayrollDB') + nil('SecondarySsoApplicationId')) +
        customObject(s('ConnectionName', 'HR Employee Data') + s('ConnectionType', 'BusinessDataCatalog') + s('PropertyName', 'CostCenter') + s('PropertyDisplayName', 'Cost center') + s('PropertyMapping', 'CostCenter') + s('Direction', 'Import') + i32('PropertyLength', 25) + i32('PropertyUsage', 1200) + s('LobSystemInstance', 'HRSystemInstance')),
    );
    expect(found[0]).toMatchObject({ kind: 'lobSystemInstance', name: 'HRSystemInstance', ssoApplicationId: 'HRPayrollDB', secondarySsoApplicationId: null });
    expect(found[1]).toMatchObject({ kind: 'profilePropertyMapping', connectionName: 'HR Employee Data', propertyName: 'CostCenter', propertyLength: 25, propertyUsage: 1200, lobSystemInstance: 'HRSystemInstance' });
  });

  test('objects of unknown shape are counted, not errors', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'x.xml');
    await writeClixml(file, objs(customObject(s('Something', 'else')) + '<S>a bare string</S>'));
    const result = await readExportFile(file, 'x.xml', () => {});
    expect(result).toMatchObject({ objects: 2, records: 0, unrecognized: 2 });
  });
});

test('a Nil value counts as present: an application whose ApplicationType is Nil is still an application', async () => {
  const found = await records(
    customObject(s('ApplicationId', 'NilType') + nil('ApplicationType')) +
      customObject(s('LobSystem', 'HR') + s('Name', 'Instance') + nil('SecondarySsoApplicationId')),
  );
  expect(found.map((r) => r.kind)).toEqual(['secureStoreApplication', 'lobSystemInstance']);
  expect((found[0] as SecureStoreApplicationRecord).type).toBeNull();
});
