import { buildPlan } from '../../src/plan/build.js';
import { resolveSteps, type ResolvedSteps } from '../../src/plan/decisions.js';
import type { RemediationPlan } from '../../src/plan/types.js';
import { encodeScript, renderScript } from '../../src/script/render.js';
import { scriptSteps } from '../../src/script/steps.js';
import { app, claim } from '../plan/records.js';
import { decodeCp1252 } from './cp1252.js';
import { HOSTILE } from './hostile.js';
import { stringValues, textOutsideLiterals, tokenize } from './ps-tokenizer.js';

const GROUP_SID = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groupsid';
const hostileIds = HOSTILE.filter((s) => s !== '');

function hostilePlan(): RemediationPlan {
  return buildPlan({
    scanId: 'scan \u2019; Start-Process PWNED.exe; #',
    generatedAt: '2026-11-23T10:00:00Z\r\n# PWNED',
    targetPlatform: 'sharepoint-se',
    profileUses: new Map(),
    applications: hostileIds.map((id, i) =>
      app(id, {
        name: HOSTILE[(i + 1) % HOSTILE.length],
        friendlyName: HOSTILE[(i + 2) % HOSTILE.length],
        contactEmail: HOSTILE[(i + 3) % HOSTILE.length] || null,
        fields: [
          // An empty field name leaves its step out (tested below), so it is not one of these.
          { name: HOSTILE[(i + 4) % HOSTILE.length] || 'empty', isMasked: false, credentialType: 'UserName' },
          { name: HOSTILE[(i + 5) % HOSTILE.length] || 'empty', isMasked: true, credentialType: 'Password' },
        ],
        administrators: [claim(`i:0#.w|${HOSTILE[(i + 6) % HOSTILE.length]}`)],
        members: [claim(`c:0+.w|${HOSTILE[(i + 7) % HOSTILE.length]}`)],
      }),
    ),
  });
}

/** How PowerShell would read the bytes: UTF-8 after a BOM, else the ANSI code page (cp1252). */
function readAsPowerShell(bytes: Buffer): string {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return bom ? new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(3)) : decodeCp1252(bytes);
}

describe('renderScript with hostile names', () => {
  const plan = hostilePlan();
  const resolved = resolveSteps(plan, null);
  const bytes = encodeScript(renderScript(plan, resolved));

  test('every hostile application is scripted (none was silently dropped)', () => {
    expect(resolved.leftOut).toEqual([]);
    expect(scriptSteps(resolved).steps).toHaveLength(hostileIds.length);
  });

  test('UTF-8 with BOM, CRLF line ends, and pure ASCII after the BOM', () => {
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const body = bytes.subarray(3);
    expect(body.every((b) => b < 0x80)).toBe(true);
    const text = body.toString('latin1');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  test.each([
    ['with the BOM (UTF-8)', (b: Buffer) => readAsPowerShell(b)],
    ['without the BOM (cp1252, as PowerShell 5.1)', (b: Buffer) => readAsPowerShell(b.subarray(3))],
  ])('read %s: no payload outside literals, every value decodes to the original', (_how, read) => {
    const tokens = tokenize(read(bytes));
    const outside = textOutsideLiterals(tokens);
    expect(outside).not.toMatch(/PWNED|Start-Process|calc/i);
    expect(tokens.filter((t) => t.kind === 'expandable' || t.kind === 'herestring')).toEqual([]);
    // Literals in code, and the psString() renderings the header comments quote ids with.
    const inComments = tokens.flatMap((t) => (t.kind === 'comment' ? stringValues(tokenize(t.text.slice(1))) : []));
    const values = new Set([...stringValues(tokens), ...inComments]);
    for (const value of hostileIds) expect(values).toContain(value);
    for (const { definition } of plan.steps) {
      const expected = [
        definition.applicationId,
        definition.friendlyName || definition.name || definition.applicationId,
        ...(definition.contactEmail ? [definition.contactEmail] : []),
        ...definition.fields.map((f) => f.name),
        ...[...definition.administrators, ...definition.members].map((c) => c.encodedClaim),
      ];
      for (const value of expected) expect(values).toContain(value);
    }
    expect(values).toContain(plan.scanId);
    expect(values).toContain(plan.generatedAt);
  });

});

describe('script layout', () => {
  const plan = buildPlan({
    scanId: 'scan-7',
    generatedAt: '2026-11-23T10:00:00Z',
    targetPlatform: 'sharepoint-se',
    profileUses: new Map(),
    applications: [
      app('A', { type: 'RestrictedGroup' }),
      app('B', { type: 'Individual', members: [] }),
      app('C', { members: [claim(null, 'S-1-5-21-10-20-30-513', GROUP_SID, 'Windows')], administrators: [] }),
      app('D', { members: [claim(null, 'Sales Moscow', 'http://schemas.contoso.com/claims/department', 'ClaimProvider:ContosoDeptProvider')] }),
      app('E', { type: 'Group' }),
    ],
  });
  const resolved = resolveSteps(plan, { schemaVersion: 1, decisions: [{ applicationId: 'E', action: 'skip' }] });
  const text = renderScript(plan, resolved);
  const lines = text.split('\r\n');

  test('comment header first, then CmdletBinding/param, then Stop and StrictMode', () => {
    const firstCode = lines.findIndex((l) => l !== '' && !l.startsWith('#'));
    expect(lines[firstCode]).toBe('[CmdletBinding(SupportsShouldProcess)]');
    expect(lines[firstCode + 1]).toBe('param(');
    expect(lines).toContain('    [Parameter(Mandatory)][string]$SiteUrl,');
    expect(lines).toContain('    [hashtable]$Credentials = @{}');
    const stop = lines.indexOf("$ErrorActionPreference = 'Stop'");
    expect(stop).toBeGreaterThan(firstCode);
    expect(lines[stop + 1]).toBe('Set-StrictMode -Version Latest');
    expect(lines.slice(0, firstCode).join('\n')).toContain("# Plan ScanID: 'scan-7'");
  });

  test('the header names the rights the running account needs, before any code', () => {
    const header = lines.slice(0, lines.indexOf('[CmdletBinding(SupportsShouldProcess)]')).join('\n');
    expect(header).toContain('# Rights the account running it needs:');
    expect(header).toMatch(/Farm Administrators group membership, and SharePoint shell access \(Add-SPShellAdmin\)/);
    expect(header).toMatch(/Full Control on the Secure Store Service application/);
    expect(header).toMatch(/a master key for the Secure Store \(Generate New Key\)/);
  });

  test('the header lists what runs, what is left out and what is skipped', () => {
    const header = lines.slice(0, lines.indexOf('[CmdletBinding(SupportsShouldProcess)]')).join('\n');
    expect(header).toMatch(/# Applications it creates \(2\):\n#   1\. 'A'\n#   2\. 'C'\n/);
    expect(header).toMatch(/# Left out \(2\):[^]*#   1\. 'B'\n#   2\. 'D'\n/);
    expect(header).toMatch(/# Skipped by decision \(1\):\n#   1\. 'E'\n/);
  });

  test('a claim without an encoded form: a Windows group SID is rebuilt, a claim provider\'s claim is left out', () => {
    expect(text).toContain("(New-SPClaimsPrincipal -Identity 'S-1-5-21-10-20-30-513' -IdentityType WindowsSecurityGroupSid)");
    expect(text).not.toContain('Sales Moscow');
    expect(scriptSteps(resolved).leftOut.find((n) => n.applicationId === 'D')?.reason).toMatch(/no encoded form/);
  });

  test('each application: fields and principals, then the comparison or the create, then credentials', () => {
    const a = text.slice(text.indexOf("$appId = 'A'"), text.indexOf("$appId = 'C'"));
    const order = [
      "(New-SPSecureStoreApplicationField -Name 'Windows User Name' -Type WindowsUserName -Masked:$false),",
      "(New-SPSecureStoreApplicationField -Name 'Windows Password' -Type WindowsPassword -Masked:$true)",
      "(New-SPClaimsPrincipal -EncodedClaim 'i:0#.w|contoso\\sp-admin')",
      "(New-SPClaimsPrincipal -EncodedClaim 'c:0+.w|s-1-5-21-1004336348-1177238915-682003330-1104')",
      'if ($existingApps.ContainsKey($appId)) {',
      "    if (Test-FarmscanExisting $existingApps[$appId] $appId 'A (friendly)' 'sp-admin@contoso.com' $fields $administrators $members) {",
      '        $existing++',
      '        $different++',
      "$PSCmdlet.ShouldProcess(",
      "(Get-FarmscanSecret $appId 'Windows User Name' $false),",
      "(Get-FarmscanSecret $appId 'Windows Password' $true)",
      "$target = New-SPSecureStoreTargetApplication -Name $appId -FriendlyName 'A (friendly)' -ContactEmail 'sp-admin@contoso.com' -ApplicationType RestrictedGroup",
      'New-SPSecureStoreApplication -ServiceContext $SiteUrl -TargetApplication $target -Fields $fields -Administrator $administrators -CredentialsOwnerGroup $members | Out-Null',
      '$existingApps[$appId] = $null',
      'Set-FarmscanCredentials $appId $values',
    ];
    const positions = order.map((s) => a.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
    // C has no administrators: an empty list to compare with, and the parameter left off the create.
    const c = text.slice(text.indexOf("$appId = 'C'"));
    expect(c).toContain('\r\n    $administrators = @()\r\n');
    expect(c).toContain('-TargetApplication $target -Fields $fields -CredentialsOwnerGroup $members');
  });

  test('applications differing, not built or left out are counted, and any of them ends the script with exit code 3', () => {
    expect(lines).toContain('$different = 0');
    expect(lines).toContain('$notBuilt = 0');
    expect(lines).toContain('$leftOut = 2');
    expect(lines).toContain('if ($existingApps.Count -gt 0) { $secureStore = Open-FarmscanStore }');
    const summary = lines.findIndex((l) => l.startsWith("Write-Output ('Created ' + $created"));
    expect(lines[summary]).toBe(
      "Write-Output ('Created ' + $created + ', already present ' + $existing + ', different from the plan ' + $different + " +
        "', left alone for a claim or field this farm could not make ' + $notBuilt + ', left out of this script ' + $leftOut + '.')",
    );
    expect(lines[summary + 1]).toBe('if ($different -gt 0 -or $notBuilt -gt 0 -or $leftOut -gt 0) { exit 3 }');
    expect(lines[summary + 2]).toBe('');
    expect(lines.filter((l) => /^\s*if .*\{ exit /.test(l))).toEqual([lines[summary + 1]]);
    // Nothing left out: the count is 0, so only a difference or a claim not made ends it with 3.
    const skips = ['B', 'D', 'E'].map((applicationId) => ({ applicationId, action: 'skip' as const }));
    const none = renderScript(plan, resolveSteps(plan, { schemaVersion: 1, decisions: skips })).split('\r\n');
    expect(none).toContain('$leftOut = 0');
    expect(none.filter((l) => l.startsWith('Write-Warning (\'Left out of this script: '))).toEqual([]);
    // The comparison reads fields and claims only: no credential call is in the script but the mapping.
    expect(text).not.toMatch(/GetCredentials|GetRestrictedCredentials/);
  });

  test('the header says when the script ends with exit code 3', () => {
    const header = lines.slice(0, lines.indexOf('[CmdletBinding(SupportsShouldProcess)]')).join('\n');
    expect(header).toContain(
      '# Exit code 3: steps by hand are left: an application differs from the plan or could not be compared\n' +
        '# with it, has a claim or field this farm could not make, or was left out of this script (listed\n' +
        '# below). Otherwise 0, also after -WhatIf or a create declined at -Confirm: then nothing was created.',
    );
  });

  test('fields and principals are built in a try/catch: one the farm cannot make leaves that application alone, counted', () => {
    const a = lines.slice(lines.indexOf("$appId = 'A'"), lines.indexOf("$appId = 'C'"));
    const at = (line: string) => a.indexOf(line);
    const order = [
      '$built = $false',
      'try {',
      '    $fields = @(',
      '    $administrators = @(',
      '    $members = @(',
      '    $built = $true',
      '} catch {',
      '    Write-FarmscanNotBuilt $appId $_',
      '}',
      'if (-not $built) {',
      '    $notBuilt++',
      '} elseif ($existingApps.ContainsKey($appId)) {',
    ];
    const positions = order.map(at);
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
    // Inside the try only objects are built: no comparison, no create, no prompt, and the catch swallows
    // nothing but that (a Stop-Farmscan later in the step still ends the run).
    const inTry = a.slice(at('try {'), at('} catch {')).join('\n');
    expect(inTry).not.toMatch(/ShouldProcess|Test-FarmscanExisting|New-SPSecureStoreApplication |Get-FarmscanSecret|Set-FarmscanCredentials/);
    expect(a.filter((l) => l.trim() === 'try {')).toHaveLength(1);
    // The warning names the application and the cause, both made printable, and says what to do.
    const helper = lines.slice(lines.indexOf('function Write-FarmscanNotBuilt([string]$AppId, $ErrorRecord) {'));
    expect(helper[1]).toBe(
      "    Write-Warning ('Could not make a claim or field on this farm, left alone: ' + (Format-FarmscanText $AppId) + ' (' + (Get-FarmscanMessage $ErrorRecord) + '); " +
        'it was neither created nor compared with the target. Make the account known to this farm, or change the claim in a create decision in decisions.json ' +
        "(docs/decisions.md) and generate the script again; then run the script again')",
    );
    expect(text).toContain("    return (Format-FarmscanText $e.Message)");
  });

  test('each application left out is named before the target is read, once, and not in the footer', () => {
    const warnings = lines.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith("Write-Warning ('Left out of this script: '"));
    expect(warnings.map(([l]) => l)).toEqual([
      "Write-Warning ('Left out of this script: ' + (Format-FarmscanText 'B') + ': ' + (Format-FarmscanText 'needs a decision (see the step''s reasons in the plan) and decisions.json has none'))",
      expect.stringMatching(/^Write-Warning \('Left out of this script: ' \+ \(Format-FarmscanText 'D'\) \+ ': ' \+ \(Format-FarmscanText 'a member or administrator claim has no encoded form/),
    ]);
    // Before the target is read, so a check that stops the run (no master key, a missing issuer) has said them.
    const helpers = lines.findIndex((l) => l.startsWith('function Write-FarmscanNotBuilt'));
    const checks = lines.indexOf('$existingApps = Get-FarmscanExisting');
    expect(helpers).toBeGreaterThan(0);
    for (const [, i] of warnings) {
      expect(i).toBeGreaterThan(helpers);
      expect(i).toBeLessThan(checks);
    }
    // Never under an if: said in every run, -WhatIf included.
    expect(lines[warnings[0][1] - 1]).toBe('$leftOut = 2');
  });

  test('the template itself has no double quote, here-string or backtick', () => {
    expect(text).not.toMatch(/["`\u201c\u201d\u201e]|@'/);
  });

  test('credentials are prompted or passed in, never written into the script', () => {
    expect(text).toContain('Read-Host -Prompt $label -AsSecureString');
    expect(text).toContain('ConvertTo-SecureString -String $plain -AsPlainText -Force');
    expect(text).not.toMatch(/-Values\s+\(?'/);
  });

  test('every secret field type is prompted without echo, even unmasked; the field keeps its mask', () => {
    const types = ['UserName', 'Password', 'Pin', 'Key', 'Generic', 'WindowsUserName', 'WindowsPassword', 'Certificate', 'CertificatePassword'];
    const secret = ['Password', 'Pin', 'Key', 'WindowsPassword', 'Certificate', 'CertificatePassword'];
    const unmasked = buildPlan({
      scanId: 's',
      generatedAt: '2026-12-07T00:00:00Z',
      targetPlatform: 'sharepoint-se',
      profileUses: new Map(),
      applications: [app('T', { fields: types.map((t) => ({ name: `f-${t}`, isMasked: false, credentialType: t })) })],
    });
    const script = renderScript(unmasked, resolveSteps(unmasked, null));
    for (const t of types) {
      expect(script).toContain(`(Get-FarmscanSecret $appId 'f-${t}' ${secret.includes(t) ? '$true' : '$false'})`);
      expect(script).toContain(`(New-SPSecureStoreApplicationField -Name 'f-${t}' -Type ${t} -Masked:$false)`);
    }
  });

  test('-Credentials keys are matched ordinally, and checked against the fields of every application before the first step', () => {
    expect(lines).toContain("$scriptFields['A'] = @('Windows User Name', 'Windows Password')");
    expect(lines).toContain("$scriptFields['C'] = @('Windows User Name', 'Windows Password')");
    expect(text).toContain('[System.StringComparer]::Ordinal');
    const check = lines.indexOf('Test-FarmscanCredentialKeys $scriptFields');
    const listed = lines.indexOf('$existingApps = Get-FarmscanExisting');
    expect(listed).toBeGreaterThan(-1);
    expect(check).toBeGreaterThan(listed);
    expect(check).toBeLessThan(lines.indexOf("$appId = 'A'"));
    // The hashtable's own lookups ignore case: none is used on -Credentials.
    expect(text).not.toMatch(/\$Credentials\.ContainsKey|\$set\.Contains\(|\$Credentials\[\$AppId\]|\$set\[\$Field\]/);
    expect(text).toContain('$fieldKey = Find-FarmscanKey $set $Field');
  });

  test('a plain-string credential is warned about by its label only; the header shows the safe route', () => {
    const warning = lines.find((l) => l.includes('given as a plain string')) ?? '';
    expect(warning).toMatch(/^ +Write-Warning \('-Credentials: ' \+ \$label \+ ': given as a plain string, which may be kept on disk or in the shell history;/);
    expect(warning).not.toMatch(/\$value|\$plain/);
    const header = lines.slice(0, lines.indexOf('[CmdletBinding(SupportsShouldProcess)]')).join('\n');
    expect(header).toContain("#   $pw = Read-Host -AsSecureString -Prompt 'HR-Payroll / Password'");
    expect(header).toContain('#   Read-Host -AsSecureString | Export-Clixml -Path .\\hr-payroll-password.xml');
    expect(header).toContain('#   $pw = Import-Clixml -Path .\\hr-payroll-password.xml');
    expect(header).toMatch(/DPAPI/);
  });

  test('-Confirm:$false only on the credential mapping, which runs only where ShouldProcess has said yes', () => {
    const confirmed = lines.filter((l) => l.includes('-Confirm:$false') && !l.startsWith('#'));
    expect(confirmed).toEqual(['        Update-SPSecureStoreGroupCredentialMapping -Identity $app -Values $Values -Confirm:$false']);
    const a = lines.slice(lines.indexOf("$appId = 'A'"), lines.indexOf("$appId = 'C'"));
    const asked = a.findIndex((l) => l.includes('$PSCmdlet.ShouldProcess('));
    const set = a.indexOf('    Set-FarmscanCredentials $appId $values');
    expect(asked).toBeGreaterThan(-1);
    expect(set).toBeGreaterThan(asked);
    expect(a.slice(asked + 1, set).some((l) => l === '}' || l.startsWith('} '))).toBe(false);
    expect(text.match(/Set-FarmscanCredentials \$appId/g)).toHaveLength(2);
  });

  test('a field type outside the allow-list is never emitted, even from a hand-made resolution', () => {
    const step = plan.steps[0];
    const forged: ResolvedSteps = {
      runnable: [{ step, decision: null, definition: { ...step.definition, fields: [{ name: 'x', type: 'Password); calc', masked: true }] } }],
      leftOut: [],
      skipped: [],
    };
    expect(scriptSteps(forged).leftOut).toEqual([{ applicationId: 'A', reason: 'a field has a credential type that is not a SecureStoreCredentialType' }]);
    expect(renderScript(plan, forged)).not.toContain('calc');
  });

  test('a field with an empty name is left out with its reason (the cmdlet would refuse it mid-run)', () => {
    const step = plan.steps[0];
    const fields = [{ name: '', type: 'Password', masked: true }];
    const resolved: ResolvedSteps = { runnable: [{ step, decision: null, definition: { ...step.definition, fields } }], leftOut: [], skipped: [] };
    expect(scriptSteps(resolved).leftOut).toEqual([{ applicationId: 'A', reason: 'a field has an empty name, which New-SPSecureStoreApplicationField refuses' }]);
  });

  test('an m365 plan says the script is for a SharePoint Server farm', () => {
    const m365 = { ...plan, targetPlatform: 'm365' as const };
    expect(renderScript(m365, resolveSteps(m365, null))).toContain('# NOTE: the plan targets Microsoft 365, which has no Secure Store.');
    expect(text).not.toContain('Microsoft 365');
  });
});
