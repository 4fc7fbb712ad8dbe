# Shared by the remediation script's Pester files (dot-sourced in BeforeAll): make a real plan and the script
# `farmscan script` writes for it, read back what the plan says each application must be, and run the
# script in this process against the simulated target (sim/SecureStoreTarget.psm1).
Set-StrictMode -Version Latest

$script:RepoRoot = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../../..')).ProviderPath
$script:TargetUrl = 'https://sharepoint.target.test'
$script:Issuers = @{ adfs = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress' }
Import-Module (Join-Path $script:RepoRoot 'test/powershell/sim/SecureStoreTarget.psm1') -Force

function New-TestFolder([string]$Name) {
    $path = Join-Path ([IO.Path]::GetTempPath()) ('farmscan-{0}-{1}' -f $Name, [guid]::NewGuid().ToString('N').Substring(0, 8))
    [void](New-Item -ItemType Directory -Path $path)
    $path
}

function Invoke-Node([string[]]$Arguments, [int[]]$ExitCodes = @(0)) {
    if (-not (Test-Path -LiteralPath (Join-Path $script:RepoRoot 'dist/src/cli/main.js'))) { throw 'dist/ is missing: run npx tsc -p tsconfig.json first.' }
    $output = & node @Arguments 2>&1 | ForEach-Object { [string]$_ }
    if ($ExitCodes -notcontains $LASTEXITCODE) { throw ('node ' + ($Arguments -join ' ') + " exited with $LASTEXITCODE`n" + ($output -join "`n")) }
}

function Read-Json([string]$Path) {
    # ConvertFrom-Json turns a lone surrogate (\ud800) into U+FFFD: every surrogate escape is carried through
    # as U+F8FF and its four hex digits, and Restore-Text puts it back.
    $text = [regex]::Replace((Get-Content -LiteralPath $Path -Raw -Encoding utf8), '\\u([dD][89a-fA-F][0-9a-fA-F]{2})', '\uF8FF$1')
    $text | ConvertFrom-Json
}

function Restore-Text([string]$Text) {
    [regex]::Replace($Text, '\uF8FF([0-9a-fA-F]{4})', { param($m) [string][char][Convert]::ToInt32($m.Groups[1].Value, 16) })
}

function New-ContosoScript([string]$Folder) {
    # The sample farm scanned for real, each step that needs a decision settled with a member group (and
    # Windows administrators where the plan has a claim the script cannot rebuild), then scripted.
    $cli = Join-Path $script:RepoRoot 'bin/farmscan.js'
    Invoke-Node @($cli, 'scan', (Join-Path $script:RepoRoot 'samples/contoso'), '--out', (Join-Path $Folder 'out'), '--scan-id', 'PESTER', '--quiet')
    $planPath = Join-Path $Folder 'out/remediation-plan.json'
    $n = 0
    $decisions = @(foreach ($step in (Read-Json $planPath).steps) {
        if (-not $step.needsDecision) { continue }
        $n++
        $d = [ordered]@{ applicationId = $step.applicationId; action = 'create'; members = @(@{ encodedClaim = "c:0+.w|s-1-5-21-2146773085-903363285-719344707-300$n" }) }
        if (@($step.definition.administrators | Where-Object { -not $_.encodedClaim }).Count -gt 0) { $d.administrators = @(@{ encodedClaim = 'i:0#.w|contoso\sp-farmadmin' }) }
        $d
    })
    $decisionsPath = Join-Path $Folder 'decisions.json'
    [ordered]@{ schemaVersion = 1; decisions = $decisions } | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath $decisionsPath -Encoding utf8
    New-Script $Folder $planPath $decisionsPath
}

function New-TestPlanScript([string]$Mode, [string]$Folder) {
    $planPath = Join-Path $Folder "$Mode-plan.json"
    Invoke-Node @((Join-Path $PSScriptRoot 'New-TestPlan.mjs'), $Mode, $planPath)
    New-Script $Folder $planPath $null
}

function New-Script([string]$Folder, [string]$PlanPath, [string]$DecisionsPath) {
    $script = Join-Path $Folder 'remediation.ps1'
    $arguments = @((Join-Path $script:RepoRoot 'bin/farmscan.js'), 'script', $PlanPath, '--out', $script)
    if ($DecisionsPath) { $arguments += @('--decisions', $DecisionsPath) }
    # 3: written, with steps left out (each then named by the script when it runs).
    Invoke-Node $arguments @(0, 3)
    [pscustomobject]@{ Script = $script; Expected = @(Get-ExpectedApplication $PlanPath $DecisionsPath) }
}

function Get-ExpectedApplication([string]$PlanPath, [string]$DecisionsPath) {
    # What the plan (with its decisions) says each application must be on the target, in plan order.
    $byId = @{}
    if ($DecisionsPath) { foreach ($d in (Read-Json $DecisionsPath).decisions) { $byId[$d.applicationId] = $d } }
    foreach ($step in (Read-Json $PlanPath).steps) {
        $def = $step.definition
        $decision = $byId[$step.applicationId]
        $admins = if ($decision -and $decision.PSObject.Properties['administrators']) { $decision.administrators } else { $def.administrators }
        $members = if ($decision -and $decision.PSObject.Properties['members']) { $decision.members } else { $def.members }
        $friendly = if ($def.friendlyName) { $def.friendlyName } elseif ($def.name) { $def.name } else { $def.applicationId }
        [pscustomobject]@{
            Id             = Restore-Text $def.applicationId
            FriendlyName   = Restore-Text $friendly
            ContactEmail   = Restore-Text $def.contactEmail
            Fields         = @($def.fields | ForEach-Object { [pscustomobject]@{ Name = (Restore-Text $_.name); Type = [string]$_.type; Masked = [bool]$_.masked } })
            Administrators = @($admins | ForEach-Object { Restore-Text $_.encodedClaim })
            Members        = @($members | ForEach-Object { Restore-Text $_.encodedClaim })
        }
    }
}

function New-TestCredential($Expected, [string]$Prefix = 'secret') {
    # -Credentials for every application: a distinct value per field, plain strings and SecureStrings mixed.
    $all = @{}
    $i = 0
    foreach ($app in $Expected) {
        $i++
        $set = @{}
        $j = 0
        foreach ($field in $app.Fields) {
            $j++
            $value = "$Prefix-$i-$j-" + [guid]::NewGuid().ToString('N').Substring(0, 6)
            $set[$field.Name] = if ($j % 2) { $value } else { ConvertTo-SecureString -String $value -AsPlainText -Force }
        }
        $all[$app.Id] = $set
    }
    $all
}

function ConvertTo-Plain($Value) {
    if ($Value -is [securestring]) { return (New-Object System.Net.NetworkCredential -ArgumentList '', $Value).Password }
    [string]$Value
}

function Invoke-Remediation {
    # The generated script in this process; every stream merged, as text. Throws what the script throws.
    param([string]$Script, [hashtable]$Credentials = @{}, [switch]$WhatIf, [string]$SiteUrl = $script:TargetUrl)
    & $Script -SiteUrl $SiteUrl -Credentials $Credentials -WhatIf:$WhatIf *>&1 | ForEach-Object { [string]$_ }
}

function Test-SameText([string]$Actual, [string]$Expected) {
    # Ordinal: -eq and -ceq compare by culture, which treats zero-width characters as nothing.
    [string]::Equals($Actual, $Expected, [StringComparison]::Ordinal)
}

function Format-CodePoint([string]$Text) { ($Text.ToCharArray() | ForEach-Object { '{0:X4}' -f [int]$_ }) -join ' ' }
