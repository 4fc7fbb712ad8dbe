// The fixed part of remediation.ps1: parameters, the helper functions the steps call, and the checks that
// run before anything is created (the Secure Store can be read, the trusted issuers the claims name exist).
// ASCII, no double quotes, no backticks, nothing PowerShell 7 only: Windows PowerShell 5.1 runs it too.
import { EXISTING } from './existing.js';
import { psString } from './ps-literal.js';

export const PARAMETERS = [
  '[CmdletBinding(SupportsShouldProcess)]',
  'param(',
  '    # A site URL of the target farm: the service context of its Secure Store.',
  '    [Parameter(Mandatory)][string]$SiteUrl,',
  '    # @{ <application id> = @{ <field name> = <SecureString or PSCredential> } }, ids and names exactly as',
  '    # in the plan; missing values are prompted for. A plain string works too, with a warning.',
  '    [hashtable]$Credentials = @{}',
  ')',
  '',
  "$ErrorActionPreference = 'Stop'",
  'Set-StrictMode -Version Latest',
  '',
  '# SharePoint Server SE loads its module on demand; 2016 and 2019 need the snap-in.',
  'if (-not (Get-Command -Name New-SPSecureStoreApplication -ErrorAction SilentlyContinue)) {',
  '    Add-PSSnapin -Name Microsoft.SharePoint.PowerShell',
  '}',
  '',
];

const TEXT_AND_STOP = [
  '# A value from the plan, shown without control or format characters so it cannot drive the console.',
  'function Format-FarmscanText([string]$Text) {',
  "    return ($Text -replace '[\\p{Cc}\\p{Cf}\\u2028\\u2029]', '?')",
  '}',
  '',
  '# Ends the run with one line that says what to do; nothing after it runs.',
  'function Stop-Farmscan([string]$Message) {',
  "    $exception = New-Object -TypeName System.InvalidOperationException -ArgumentList ('farmscan: ' + $Message)",
  "    $record = New-Object -TypeName System.Management.Automation.ErrorRecord -ArgumentList $exception, 'FarmscanStop', 'InvalidOperation', $SiteUrl",
  '    $PSCmdlet.ThrowTerminatingError($record)',
  '}',
  '',
];

// -eq compares by culture (zero-width characters count as nothing), so names compare ordinally.
// [guess] how a real farm words the two failures: the whole exception chain is searched, the master key
// first, because a farm without a key may also answer with a denial.
const READ_CHECK = [
  '# Why the Secure Store could not be read, in one line.',
  'function Get-FarmscanReadProblem($ErrorRecord) {',
  '    $chain = @()',
  '    $e = $ErrorRecord.Exception',
  "    while ($null -ne $e) { $chain += ($e.GetType().Name + ': ' + (Format-FarmscanText $e.Message)); $e = $e.InnerException }",
  "    $text = $chain -join ' / '",
  "    $where = 'the Secure Store of ' + (Format-FarmscanText $SiteUrl)",
  "    if ($text -match 'master\\s*(encryption\\s*)?key|generate a new key') {",
  "        return ($where + ' has no master key this server can use: generate one (Central Administration, Secure Store Service, Generate New Key; or Update-SPSecureStoreMasterKey), or refresh it on this server (Refresh Key; or Update-SPSecureStoreApplicationServerKey); nothing was created')",
  '    }',
  "    if ($text -match 'UnauthorizedAccess|access (is )?denied|not authori[sz]ed') {",
  "        return ('access to ' + $where + ' was denied to the account running this script: it needs the Secure Store rights listed at the top of the script; nothing was created')",
  '    }',
  "    return ('could not read ' + $where + ' (' + $text + '); nothing was created')",
  '}',
  '',
  '# The applications already on the target, by id, read once with -All: a failure stops the run and is',
  '# never read as absent. [guess] ids compare without regard to case, as Secure Store looks them up.',
  'function Get-FarmscanExisting {',
  '    try {',
  '        $apps = @(Get-SPSecureStoreApplication -ServiceContext $SiteUrl -All)',
  '    } catch {',
  '        Stop-Farmscan (Get-FarmscanReadProblem $_)',
  '    }',
  "    $found = New-Object -TypeName 'System.Collections.Generic.Dictionary[string,object]' -ArgumentList ([System.StringComparer]::OrdinalIgnoreCase)",
  '    foreach ($app in $apps) { $found[[string]$app.TargetApplication.ApplicationId] = $app }',
  '    return ,$found',
  '}',
  '',
];

const TRUSTED = [
  '# The trusted identity token issuers the claims name, each checked before anything is created.',
  'function Get-FarmscanTrustedIssuers([string[]]$Names) {',
  '    $found = @{}',
  '    if ($Names.Count -eq 0) { return $found }',
  '    try {',
  '        $all = @(Get-SPTrustedIdentityTokenIssuer)',
  '    } catch {',
  "        Stop-Farmscan ('could not list the trusted identity token issuers of this farm (' + (Format-FarmscanText $_.Exception.Message) + '); nothing was created')",
  '    }',
  '    foreach ($name in $Names) {',
  "        $match = @($all | Where-Object { [string]::Equals($_.Name, $name, 'OrdinalIgnoreCase') })",
  '        if ($match.Count -eq 0) {',
  "            Stop-Farmscan ('the trusted identity token issuer ' + (Format-FarmscanText $name) + ' that claims of this script name does not exist on this farm: create it (New-SPTrustedIdentityTokenIssuer) under that name, or give other claims in decisions.json and generate the script again; nothing was created')",
  '        }',
  '        $found[$name] = $match[0]',
  '    }',
  '    return $found',
  '}',
  '',
  '# A trusted issuer claim from its value and type. [guess] -IdentifierClaim marks the issuer identity',
  '# claim (an i: claim, a user); any other type makes a c: claim (a role, a group). [guess] -ClaimType',
  '# takes the claim type URI (the SharePoint 2010 page says I or C; later pages do not say).',
  'function New-FarmscanTrustedPrincipal([string]$Value, [string]$Type, [string]$Issuer) {',
  '    $provider = $trustedIssuers[$Issuer]',
  '    $identity = $provider.IdentityClaimTypeInformation',
  "    if ($null -ne $identity -and [string]::Equals($identity.MappedClaimType, $Type, 'Ordinal')) {",
  '        return (New-SPClaimsPrincipal -ClaimValue $Value -ClaimType $Type -TrustedIdentityTokenIssuer $provider -IdentifierClaim)',
  '    }',
  '    return (New-SPClaimsPrincipal -ClaimValue $Value -ClaimType $Type -TrustedIdentityTokenIssuer $provider)',
  '}',
  '',
];

// A hashtable ignores case, so its own lookup would let a key 'pin' fill a field 'PIN' (or both of 'PIN'
// and 'Pin'); keys are matched ordinally instead, and a key that matches nothing is said by name.
const CREDENTIAL_KEYS = [
  '# The key of $Dictionary that is exactly $Name (ordinal), or $null.',
  'function Find-FarmscanKey([System.Collections.IDictionary]$Dictionary, [string]$Name) {',
  '    foreach ($key in @($Dictionary.Keys)) {',
  "        if ([string]::Equals([string]$key, $Name, 'Ordinal')) { return $key }",
  '    }',
  '    return $null',
  '}',
  '',
  '# Before anything is created: every key of -Credentials names an application of this script and a field',
  '# of it, exactly. Any other key is said (never its value); its field is then asked for. A field key is',
  '# shown only when it is a field name in another case: any other could be a secret typed in the wrong place.',
  'function Test-FarmscanCredentialKeys([System.Collections.IDictionary]$Fields) {',
  '    foreach ($appKey in @($Credentials.Keys)) {',
  '        $shown = Format-FarmscanText ([string]$appKey)',
  '        if (-not $Fields.ContainsKey([string]$appKey)) {',
  "            Write-Warning ('-Credentials: the key ''' + $shown + ''' names no application of this script (ids compare exactly, case included); its values are not used')",
  '            continue',
  '        }',
  '        $set = $Credentials[$appKey]',
  '        if ($set -isnot [System.Collections.IDictionary]) { continue }',
  '        foreach ($fieldKey in @($set.Keys)) {',
  "            if (@($Fields[[string]$appKey] | Where-Object { [string]::Equals($_, [string]$fieldKey, 'Ordinal') }).Count -gt 0) { continue }",
  "            $key = 'a key of ' + ([string]$fieldKey).Length + ' characters (not shown: it may be a value given in the wrong place)'",
  "            if (@($Fields[[string]$appKey] | Where-Object { [string]::Equals($_, [string]$fieldKey, 'OrdinalIgnoreCase') }).Count -gt 0) { $key = 'the key ''' + (Format-FarmscanText ([string]$fieldKey)) + '''' }",
  "            $names = (@($Fields[[string]$appKey] | ForEach-Object { '''' + (Format-FarmscanText $_) + '''' }) -join ', ')",
  "            Write-Warning ('-Credentials: ' + $key + ' of ' + $shown + ' names no field of that application (names compare exactly, case included; its fields: ' + $names + '); its value is not used')",
  '        }',
  '    }',
  '}',
  '',
];

const SECRETS = [
  '# One field value: from -Credentials, else prompted ($Hidden: without echo, for masked fields and secret',
  '# field types whatever their mask). An empty answer is asked again; after three the run stops, so a',
  '# closed input cannot loop for ever.',
  'function Get-FarmscanSecret([string]$AppId, [string]$Field, [bool]$Hidden) {',
  "    $label = (Format-FarmscanText $AppId) + ' / ' + (Format-FarmscanText $Field)",
  '    $appKey = Find-FarmscanKey $Credentials $AppId',
  '    if ($null -ne $appKey) {',
  '        $set = $Credentials[$appKey]',
  '        if ($set -isnot [System.Collections.IDictionary]) {',
  "            Stop-Farmscan ('-Credentials: the value for ' + (Format-FarmscanText $AppId) + ' must be a hashtable of field name to value')",
  '        }',
  '        $fieldKey = Find-FarmscanKey $set $Field',
  '        if ($null -ne $fieldKey) {',
  '            $value = $set[$fieldKey]',
  '            if ($value -is [System.Management.Automation.PSCredential]) { $value = $value.Password }',
  '            if ($value -is [System.Security.SecureString] -and $value.Length -gt 0) { return $value }',
  '            if ($value -is [string] -and $value.Length -gt 0) {',
  '                # Typed into a command line, it is in the shell history (PSReadLine keeps a file of it).',
  "                Write-Warning ('-Credentials: ' + $label + ': given as a plain string, which may be kept on disk or in the shell history; give a SecureString instead (Read-Host -AsSecureString, or on Windows Import-Clixml of one saved with Export-Clixml, encrypted by DPAPI), or leave it out to be asked')",
  '                return (ConvertTo-SecureString -String $value -AsPlainText -Force)',
  '            }',
  "            Stop-Farmscan ('-Credentials: ' + $label + ': expected a SecureString, a PSCredential or a string, not empty')",
  '        }',
  '    }',
  '    for ($try = 1; $try -le 3; $try++) {',
  '        if ($Hidden) {',
  '            $secret = Read-Host -Prompt $label -AsSecureString',
  '            if ($null -ne $secret -and $secret.Length -gt 0) { return $secret }',
  '        } else {',
  '            $plain = Read-Host -Prompt $label',
  '            if ($null -ne $plain -and $plain.Length -gt 0) { return (ConvertTo-SecureString -String $plain -AsPlainText -Force) }',
  '        }',
  "        Write-Warning ($label + ': a value is needed (every field of the application must have one)')",
  '    }',
  "    Stop-Farmscan ($label + ': no value after three prompts; stopped before creating this application (a rerun leaves those created before alone)')",
  '}',
  '',
  '# Credentials right after the application exists. If they fail, the application stays without them and a',
  '# rerun would skip it: say so, and how to finish by hand. Called only once ShouldProcess has said yes for',
  '# the application, so -Confirm:$false: the cmdlet sees the -Confirm of the script and would ask again,',
  '# and a No there would leave the application created without credentials.',
  'function Set-FarmscanCredentials([string]$AppId, [System.Security.SecureString[]]$Values) {',
  '    try {',
  '        $app = Get-SPSecureStoreApplication -ServiceContext $SiteUrl -Name $AppId',
  '        Update-SPSecureStoreGroupCredentialMapping -Identity $app -Values $Values -Confirm:$false',
  '    } catch {',
  "        Stop-Farmscan ((Format-FarmscanText $AppId) + ' was created but its credentials could not be set (' + (Format-FarmscanText $_.Exception.Message) + '): set them in Central Administration or with Update-SPSecureStoreGroupCredentialMapping; a rerun leaves the application alone')",
  '    }',
  '}',
  '',
];

// Building the fields and principals of an application calls the target (New-SPClaimsPrincipal resolves
// Windows account names in the farm's directory, reads encoded claims): a failure there concerns that one
// application, so it is said and the run goes on.
const NOT_BUILT = [
  '# Why an application was left alone before anything was done for it, and what to do. Its fields and',
  '# principals could not be built: New-SPClaimsPrincipal resolves a Windows account name in the farm',
  '# directory, and reads an encoded claim. The same under -WhatIf, and whether it exists already or not.',
  'function Write-FarmscanNotBuilt([string]$AppId, $ErrorRecord) {',
  "    Write-Warning ('Could not make a claim or field on this farm, left alone: ' + (Format-FarmscanText $AppId) + ' (' + (Get-FarmscanMessage $ErrorRecord) + '); it was neither created nor compared with the target. Make the account known to this farm, or change the claim in a create decision in decisions.json (docs/decisions.md) and generate the script again; then run the script again')",
  '}',
  '',
];

/** An application of the script: its id and its field names, in order. */
export interface ScriptFields {
  applicationId: string;
  fieldNames: readonly string[];
}

/**
 * Everything before the first step: parameters, helpers, `beforeChecks` (said even when a check then
 * stops the run), and the checks with the issuers the steps need and the fields -Credentials may name.
 */
export function preamble(trustedIssuers: readonly string[], applications: readonly ScriptFields[], beforeChecks: readonly string[] = []): string[] {
  const names = trustedIssuers.map(psString).join(', ');
  return [
    ...PARAMETERS,
    ...TEXT_AND_STOP,
    ...READ_CHECK,
    ...TRUSTED,
    ...EXISTING,
    ...CREDENTIAL_KEYS,
    ...SECRETS,
    ...NOT_BUILT,
    '# The field names of each application of this script, by id (ordinal, as -Credentials is read).',
    "$scriptFields = New-Object -TypeName 'System.Collections.Generic.Dictionary[string,string[]]' -ArgumentList ([System.StringComparer]::Ordinal)",
    ...applications.map((a) => `$scriptFields[${psString(a.applicationId)}] = @(${a.fieldNames.map(psString).join(', ')})`),
    '',
    ...beforeChecks,
    '# Before anything is created: the Secure Store can be read, every trusted issuer named exists, and',
    '# what -Credentials names is said if it names nothing here.',
    '$existingApps = Get-FarmscanExisting',
    `$trustedIssuers = Get-FarmscanTrustedIssuers @(${names})`,
    'Test-FarmscanCredentialKeys $scriptFields',
    "$secureStore = @{ Store = $null; Problem = 'not opened' }",
    'if ($existingApps.Count -gt 0) { $secureStore = Open-FarmscanStore }',
    '$created = 0',
    '$existing = 0',
    '$different = 0',
    '$notBuilt = 0',
    '',
  ];
}
