// remediation.ps1: the plan as a PowerShell script for a SharePoint Server farm (REFERENCE.md §2).
// Data reaches the text only through ps-literal.ts (single-quoted literals and [char] codes), numbers
// through psInteger, enum names through allow-lists; the template itself is ASCII with no double quotes.
import type { ResolvedSteps, StepNote } from '../plan/decisions.js';
import type { RemediationPlan } from '../plan/types.js';
import { CREDENTIAL_TYPES, TARGET_APPLICATION_TYPES } from '../model.js';
import { psBool, psEnum, psInteger, psString } from './ps-literal.js';
import { preamble } from './preamble.js';
import { scriptSteps, type ScriptStep } from './steps.js';

const CLASSIFICATIONS = ['compatible', 'convert', 'redesign', 'unknown'] as const;
/** SecureStoreCredentialType names whose values are secrets: prompted without echo even when unmasked. */
export const SECRET_CREDENTIAL_TYPES: readonly string[] = ['Password', 'Pin', 'Key', 'WindowsPassword', 'Certificate', 'CertificatePassword'];
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The script text (CRLF line ends, no BOM). */
export function renderScript(plan: RemediationPlan, resolved: ResolvedSteps): string {
  const script = scriptSteps(resolved);
  const lines = [
    ...header(plan, script.steps, script.leftOut, script.skipped),
    ...preamble(
      script.trustedIssuers,
      script.steps.map((s) => ({ applicationId: s.resolved.definition.applicationId, fieldNames: s.resolved.definition.fields.map((f) => f.name) })),
      leftOutLines(script.leftOut),
    ),
    ...script.steps.flatMap((step, index) => stepLines(step, index, script.steps.length)),
    ...footer(),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** The bytes to write: UTF-8 with BOM, so Windows PowerShell 5.1 never reads it as ANSI. */
export function encodeScript(text: string): Buffer {
  return Buffer.concat([UTF8_BOM, Buffer.from(text, 'utf8')]);
}

// The safe ways to hand over a value: typed without echo, or (Windows) a SecureString file that only
// this user on this machine can decrypt (Export-Clixml encrypts it with DPAPI).
const SAFE_CREDENTIALS = [
  '#',
  "#   $pw = Read-Host -AsSecureString -Prompt 'HR-Payroll / Password'",
  "#   .\\remediation.ps1 -SiteUrl https://sharepoint.contoso.com -Credentials @{ 'HR-Payroll' = @{ 'Password' = $pw } }",
  '#',
  '#   # Windows: saved once, encrypted for this user on this machine (DPAPI), read back when needed',
  '#   Read-Host -AsSecureString | Export-Clixml -Path .\\hr-payroll-password.xml',
  '#   $pw = Import-Clixml -Path .\\hr-payroll-password.xml',
];

// Said before anything runs: without these rights the script stops at its first read, naming them.
const RIGHTS = [
  '# Rights the account running it needs:',
  '#   - Farm Administrators group membership, and SharePoint shell access (Add-SPShellAdmin), in a',
  '#     SharePoint Management Shell run as administrator;',
  '#   - Full Control on the Secure Store Service application (Central Administration > Manage service',
  '#     applications > select the Secure Store Service application > Administrators): it lists the',
  '#     target applications, creates them and sets their group credentials;',
  '#   - a master key for the Secure Store (Generate New Key), refreshed on this server if it is new to',
  '#     the farm (Refresh Key). Without them the script stops before creating anything and says why.',
];

function header(plan: RemediationPlan, steps: ScriptStep[], leftOut: StepNote[], skipped: StepNote[]): string[] {
  // Comments hold only fixed text, numbers and psString() renderings (ASCII, one line each).
  const list = (notes: readonly { applicationId: string }[]) =>
    notes.length === 0 ? ['#   (none)'] : notes.map((n, i) => `#   ${i + 1}. ${psString(n.applicationId)}`);
  return [
    '# farmscan remediation script',
    '#',
    '# Recreates Secure Store target applications as Group Restricted (RestrictedGroup) applications on a',
    '# SharePoint Server Subscription Edition farm (also valid on SharePoint Server 2016 and 2019), from a',
    '# farmscan remediation plan. Run it in the SharePoint Management Shell as a farm administrator:',
    '#',
    '#   .\\remediation.ps1 -SiteUrl https://sharepoint.contoso.com -WhatIf   # shows what it would do',
    '#   .\\remediation.ps1 -SiteUrl https://sharepoint.contoso.com',
    '#',
    '# No credential value is stored in this script. Type them at the prompts (masked fields, and every',
    '# password, PIN, key or certificate field, are read without echo), or give them with -Credentials:',
    '# a hashtable of application id to a hashtable of field name to value, ids and field names exactly',
    '# as in the steps below (case included). Give each value as a SecureString (or a PSCredential, whose',
    '# password is taken), not as a plain string, which stays in the shell history or in a file:',
    ...SAFE_CREDENTIALS,
    '#',
    '# An application that already exists as the plan has it is left alone, so running the script again',
    '# changes nothing. One that exists but differs (type, friendly name, contact, fields, their types and',
    '# masks, administrators, members) is never overwritten: it is left alone and reported with what',
    '# differs. One with a claim or field this farm cannot make (a Windows account its directory does not',
    '# know, say) is left alone too, named with the cause, and the run goes on with the next. (If setting',
    '# the credentials fails after an application was created, a rerun leaves it alone too: set them in',
    '# Central Administration or with Update-SPSecureStoreGroupCredentialMapping.)',
    '#',
    '# Exit code 3: steps by hand are left: an application differs from the plan or could not be compared',
    '# with it, has a claim or field this farm could not make, or was left out of this script (listed',
    '# below). Otherwise 0, also after -WhatIf or a create declined at -Confirm: then nothing was created.',
    '#',
    ...RIGHTS,
    '#',
    ...(plan.targetPlatform === 'm365'
      ? ['# NOTE: the plan targets Microsoft 365, which has no Secure Store. This script only applies to a', '# SharePoint Server farm.', '#']
      : []),
    `# Plan ScanID: ${psString(plan.scanId)}`,
    `# Plan generated at: ${psString(plan.generatedAt)}`,
    '# Values below are PowerShell literals: [char]0xHHHH stands for a character outside plain ASCII.',
    '#',
    `# Applications it creates (${steps.length}):`,
    ...list(steps.map((s) => s.resolved.step)),
    `# Left out (${leftOut.length}): each needs a decision in decisions.json (see the reasons of its step in`,
    '# the plan, and docs/decisions.md), or has a claim without an encoded form. Settle them, then',
    '# generate the script again:',
    ...list(leftOut),
    `# Skipped by decision (${skipped.length}):`,
    ...list(skipped),
    '',
  ];
}

function stepLines(step: ScriptStep, index: number, total: number): string[] {
  const { definition } = step.resolved;
  const fields = definition.fields;
  const friendlyName = psString(definition.friendlyName || definition.name || definition.applicationId);
  const contact = definition.contactEmail ? ` -ContactEmail ${psString(definition.contactEmail)}` : '';
  const administrators = step.administrators.length > 0 ? ' -Administrator $administrators' : '';
  const array = (indent: string, items: string[]) => items.map((item, i) => `${indent}(${item})${i < items.length - 1 ? ',' : ''}`);
  return [
    ...stepComments(step, index, total),
    `$appId = ${psString(definition.applicationId)}`,
    '# Fields and principals are objects only: building them changes nothing on the target. One this farm',
    '# cannot make leaves this application alone, not the run (see Write-FarmscanNotBuilt).',
    '$built = $false',
    'try {',
    '    $fields = @(',
    ...array(
      '        ',
      fields.map((f) => `New-SPSecureStoreApplicationField -Name ${psString(f.name)} -Type ${psEnum(f.type, CREDENTIAL_TYPES)} -Masked:${psBool(f.masked)}`),
    ),
    '    )',
    ...(step.administrators.length > 0 ? ['    $administrators = @(', ...array('        ', step.administrators), '    )'] : ['    $administrators = @()']),
    '    $members = @(',
    ...array('        ', step.members),
    '    )',
    '    $built = $true',
    '} catch {',
    '    # A cmdlet missing, or without a parameter this script gives it, is the shell, not this application:',
    '    # the run stops, as anywhere else.',
    '    if ($_.Exception -is [System.Management.Automation.CommandNotFoundException] -or $_.Exception -is [System.Management.Automation.ParameterBindingException]) { throw }',
    '    Write-FarmscanNotBuilt $appId $_',
    '}',
    'if (-not $built) {',
    '    $notBuilt++',
    '} elseif ($existingApps.ContainsKey($appId)) {',
    `    if (Test-FarmscanExisting $existingApps[$appId] $appId ${friendlyName} ${psString(definition.contactEmail ?? '')} $fields $administrators $members) {`,
    "        Write-Output ('Already exists, left alone: ' + (Format-FarmscanText $appId))",
    '        $existing++',
    '    } else {',
    '        $different++',
    '    }',
    "} elseif ($PSCmdlet.ShouldProcess((Format-FarmscanText $appId), 'Create a Group Restricted Secure Store target application')) {",
    '    # Values first: a cancelled prompt leaves nothing half-made. One per field, in field order.',
    '    $values = @(',
    ...array(
      '        ',
      fields.map((f) => `Get-FarmscanSecret $appId ${psString(f.name)} ${psBool(f.masked || SECRET_CREDENTIAL_TYPES.includes(f.type))}`),
    ),
    '    )',
    `    $target = New-SPSecureStoreTargetApplication -Name $appId -FriendlyName ${friendlyName}${contact} -ApplicationType RestrictedGroup`,
    `    New-SPSecureStoreApplication -ServiceContext $SiteUrl -TargetApplication $target -Fields $fields${administrators} -CredentialsOwnerGroup $members | Out-Null`,
    '    # Known from now on: a later step under an id that differs only in case is not created twice.',
    '    $existingApps[$appId] = $null',
    '    Set-FarmscanCredentials $appId $values',
    "    Write-Output ('Created: ' + (Format-FarmscanText $appId))",
    '    $created++',
    '}',
    '',
  ];
}

/** Context for the operator, from allow-listed names and numbers only. */
function stepComments(step: ScriptStep, index: number, total: number): string[] {
  const { step: planStep } = step.resolved;
  const known = TARGET_APPLICATION_TYPES as readonly string[];
  const source = planStep.sourceType !== null && known.includes(planStep.sourceType) ? psEnum(planStep.sourceType, TARGET_APPLICATION_TYPES) : 'unknown';
  const lines = [`# Application ${psInteger(index + 1)} of ${psInteger(total)}: source type ${source}, ${psEnum(planStep.classification, CLASSIFICATIONS)}`];
  const timeout = planStep.dropped.ticketTimeout;
  if (timeout !== null && Number.isSafeInteger(timeout)) lines.push(`# Ticket time-out of ${psInteger(timeout)} minutes dropped: Group Restricted has no ticketing.`);
  if (planStep.dropped.individualMappings) lines.push('# Individual credential mappings dropped: the members below share one credential set.');
  const uses = planStep.usedByProfileMappings.length;
  if (uses > 0) lines.push(`# Used by ${psInteger(uses)} user-profile property mapping(s): test the profile synchronization afterwards.`);
  return lines;
}

/**
 * Each application left out and why, said before the checks of the target: the operator may never read
 * the header, and a run that stops early (no master key, a cancelled prompt) never reaches the footer.
 */
function leftOutLines(leftOut: StepNote[]): string[] {
  return [
    '# Left out of this script: said in every run, -WhatIf included, before the target is even read.',
    `$leftOut = ${psInteger(leftOut.length)}`,
    ...leftOut.map((n) => `Write-Warning ('Left out of this script: ' + (Format-FarmscanText ${psString(n.applicationId)}) + ': ' + (Format-FarmscanText ${psString(n.reason)}))`),
    '',
  ];
}

/** The counts, and exit code 3 when steps by hand are left: an application left alone or left out. */
function footer(): string[] {
  return [
    'if ($different -gt 0) {',
    "    Write-Warning ([string]$different + ' application(s) on the target differ from the plan, or could not be compared with it, and were left alone (see above); the script ends with exit code 3')",
    '}',
    'if ($notBuilt -gt 0) {',
    "    Write-Warning ([string]$notBuilt + ' application(s) have a claim or field this farm could not make and were left alone (see above); the script ends with exit code 3')",
    '}',
    'if ($leftOut -gt 0) {',
    "    Write-Warning ([string]$leftOut + ' application(s) were left out of this script (named at the start): settle them in decisions.json and generate the script again; the script ends with exit code 3')",
    '}',
    "Write-Output ('Created ' + $created + ', already present ' + $existing + ', different from the plan ' + $different + ', left alone for a claim or field this farm could not make ' + $notBuilt + ', left out of this script ' + $leftOut + '.')",
    'if ($different -gt 0 -or $notBuilt -gt 0 -or $leftOut -gt 0) { exit 3 }',
  ];
}
