// Writes a remediation plan for the Pester tests of the generated script, through the built library
// (dist/, as `npm test` builds it): node New-TestPlan.mjs hostile|claims|credentials|custom-claims <plan.json>
//   hostile  every value of test/script/hostile.ts, plus payloads that would create a file in
//            $env:FARMSCAN_PWNED if any of them ran, as ids, names, fields, contacts and claims
//   claims   claims without an encoded form: Windows ones under each spelling of the issuer, and a
//            trusted issuer's user and role claims
//   custom-claims  claims whose claim type character is a custom one (U+01F5 = department on the source
//            farm): a trusted issuer claim that can be rebuilt from its type, and two that cannot
//   credentials  every SecureStoreCredentialType as an unmasked field, and two fields whose names differ
//            only in case
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const { buildPlan } = await import(pathToFileURL(path.join(root, 'dist/src/plan/build.js')).href);
const { writePlan } = await import(pathToFileURL(path.join(root, 'dist/src/plan/write.js')).href);

/** The one list of hostile values, read from the TypeScript tests' own file. */
async function hostileValues() {
  const source = readFileSync(path.join(root, 'test/script/hostile.ts'), 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  return (await import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`)).HOSTILE;
}

const touch = (name) => `New-Item -ItemType File -Path (Join-Path $env:FARMSCAN_PWNED ${name})`;
export const NEW_ITEM = [
  `$(${touch('dollar')})`,
  `"$(${touch('dq')})"`,
  `\u201c$(${touch('curly')})\u201d`,
  `'; ${touch('sq')}; '`,
  `\u2019; ${touch('rsq')}; \u2018`,
  `\u201b; ${touch('rev')}; \u201a`,
  `\`$(${touch('tick')})`,
  `x\n${touch('newline')}\n#`,
  `x\r\n${touch('crlf')}`,
  `<# ${touch('block')} #> ${touch('block2')}`,
  `# x\n${touch('hash')}`,
  `\u00c5\u00df\u20ac\u4e2d ${touch('nonascii')} \ud83d\udd10`,
];

const GROUP_SID = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groupsid';
const LOGON = 'http://schemas.microsoft.com/sharepoint/2009/08/claims/userlogonname';
const EMAIL = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress';
const ROLE = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role';
const claim = (encodedClaim, claimValue = null, claimType = null, claimIssuer = null) => ({ claimType, claimIssuer, claimValue, encodedClaim });

function app(applicationId, overrides) {
  return {
    kind: 'secureStoreApplication',
    origin: { file: 'SecureStoreApplications.xml', line: 1, column: 1 },
    applicationId,
    name: applicationId,
    friendlyName: `${applicationId} (friendly)`,
    contactEmail: 'sp-admin@contoso.com',
    type: 'Group',
    ticketTimeout: null,
    credentialManagementUrl: null,
    fields: [
      { name: 'Windows User Name', isMasked: false, credentialType: 'WindowsUserName' },
      { name: 'Windows Password', isMasked: true, credentialType: 'WindowsPassword' },
    ],
    administrators: [claim('i:0#.w|contoso\\sp-admin')],
    members: [claim('c:0+.w|s-1-5-21-1-2-3-1104')],
    ticketRedeemers: [],
    ...overrides,
  };
}

async function hostileApps() {
  const values = [...(await hostileValues()), ...NEW_ITEM];
  const at = (i) => values[i % values.length];
  // Field names must not be empty (the cmdlet's -Name is mandatory); every other value may be.
  const named = (i) => at(i) || 'empty';
  return values.filter((v) => v !== '').map((id, i) =>
    app(id, {
      name: at(i + 1),
      friendlyName: at(i + 2),
      contactEmail: at(i + 3) || null,
      fields: [
        { name: named(i + 4), isMasked: false, credentialType: 'UserName' },
        { name: `${named(i + 5)} (2)`, isMasked: true, credentialType: 'Password' },
      ],
      administrators: [claim(`i:0#.w|${at(i + 6)}`)],
      members: [claim(`c:0+.w|${at(i + 7)}`), claim(`c:0-.t|adfs|${at(i + 8)}`)],
    }),
  );
}

function claimApps() {
  const sid = (n) => `S-1-5-21-10-20-30-${n}`;
  return [
    app('Windows-Spellings', {
      administrators: [claim(null, 'CONTOSO\\sp-admin', LOGON, 'windows'), claim(null, 'CONTOSO\\sp-ops', LOGON, 'AD AUTHORITY')],
      members: [claim(null, sid(513), GROUP_SID, 'Windows'), claim(null, sid(514), GROUP_SID, 'ad authority'), claim(null, sid(515), GROUP_SID, null), claim(null, 's-1-5-21-10-20-30-516', GROUP_SID, 'WINDOWS')],
    }),
    app('Trusted-Claims', {
      administrators: [claim(null, 'chris@contoso.com', EMAIL, 'TrustedProvider:adfs')],
      members: [claim(null, 'Payroll Operators', ROLE, 'trustedprovider:ADFS')],
    }),
  ];
}

function credentialApps() {
  const field = (name, credentialType, isMasked = false) => ({ name, isMasked, credentialType });
  return [
    app('Secret-Types', {
      fields: [
        field('User', 'UserName'),
        field('Password', 'Password'),
        field('PIN', 'Pin'),
        field('Key', 'Key'),
        field('Generic', 'Generic'),
        field('Windows User Name', 'WindowsUserName'),
        field('Windows Password', 'WindowsPassword'),
        field('Certificate', 'Certificate'),
        field('Certificate Password', 'CertificatePassword'),
        field('Masked Generic', 'Generic', true),
      ],
    }),
    app('Case-Fields', { fields: [field('Account', 'UserName'), field('account', 'UserName'), field('Secret', 'Password', true)] }),
  ];
}

export const DEPARTMENT = 'http://schemas.contoso.com/claims/department';
function customClaimApps() {
  return [
    app('Custom-Trusted', { members: [claim('c:0\u01f5.t|adfs|Sales', 'Sales', DEPARTMENT, 'TrustedProvider:adfs')] }),
    app('Custom-Provider', { members: [claim('c:0\u01f5.c|deptprovider|Sales', 'Sales', DEPARTMENT, 'ClaimProvider:deptprovider')] }),
    app('Custom-NoType', { administrators: [claim('i:0\u01f5.t|adfs|E1234')] }),
  ];
}

const [mode, out] = process.argv.slice(2);
const modes = { hostile: hostileApps, claims: claimApps, credentials: credentialApps, 'custom-claims': customClaimApps };
const applications = Object.hasOwn(modes, mode) ? await modes[mode]() : null;
if (!applications || !out) {
  process.stderr.write('usage: node New-TestPlan.mjs hostile|claims|credentials|custom-claims <plan.json>\n');
  process.exit(2);
}
await writePlan(out, buildPlan({ scanId: `TEST-${mode}`, generatedAt: '2026-12-07T00:00:00.000Z', targetPlatform: 'sharepoint-se', applications, profileUses: new Map() }));
