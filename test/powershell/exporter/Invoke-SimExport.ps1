# Runs samples/Export-FarmInventory.ps1 against the simulated farm, in a process of its own (the tests start
# one per run: a cut-off export ends its process, and the farm's counters start from zero), then writes
# what the farm counted (sites opened, profiles read, ...) to -CountersFile as JSON.
param(
    [Parameter(Mandatory = $true)] [string]$OutputFolder,
    [Parameter(Mandatory = $true)] [string]$CountersFile,
    [string]$Variant,
    [int]$ExitAfterSiteReads = 0,
    # Switches of the exporter, by name without the dash: CountPropertyUsage, Restart, SkipSites, ...
    [string[]]$Switch = @(),
    [string]$ServiceContext,
    # Every stream (1 output ... 6 information, verbose and debug on) as JSON here instead of on the console:
    # each record's own text, before the host renders it (pwsh strips escape sequences from redirected output).
    [string]$StreamsFile
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$root = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../../..')).ProviderPath
Import-Module (Join-Path $root 'test/powershell/sim/SharePointSim.psm1')
Import-SimFarm -Variant $Variant
Set-SimFault -ExitAfterSiteReads $ExitAfterSiteReads

$arguments = @{ OutputFolder = $OutputFolder }
# -File hands a list over as one comma-separated text.
foreach ($name in @($Switch | ForEach-Object { $_ -split ',' } | Where-Object { $_ })) { $arguments[$name] = $true }
if ($ServiceContext) { $arguments['ServiceContext'] = $ServiceContext }
$exporter = Join-Path $root 'samples/Export-FarmInventory.ps1'
if ($StreamsFile) {
    $VerbosePreference = 'Continue'
    $DebugPreference = 'Continue'
    $InformationPreference = 'Continue'
    $records = @(& $exporter @arguments *>&1 | ForEach-Object {
        $record = $_
        $stream = 'Output'
        $text = $null
        if ($record -is [System.Management.Automation.ErrorRecord]) { $stream = 'Error' }
        elseif ($record -is [System.Management.Automation.WarningRecord]) { $stream = 'Warning'; $text = $record.Message }
        elseif ($record -is [System.Management.Automation.VerboseRecord]) { $stream = 'Verbose'; $text = $record.Message }
        elseif ($record -is [System.Management.Automation.DebugRecord]) { $stream = 'Debug'; $text = $record.Message }
        elseif ($record -is [System.Management.Automation.InformationRecord]) { $stream = 'Information'; $text = [string]$record.MessageData }
        if ($null -eq $text) { $text = ($record | Out-String) }
        [ordered]@{ Stream = $stream; Text = $text }
    })
    ConvertTo-Json -InputObject $records -Depth 3 | Set-Content -LiteralPath $StreamsFile -Encoding utf8
} else {
    & $exporter @arguments
}

[ordered]@{
    SitesOpened               = [FarmscanSim.State]::SitesOpened
    SiteAdministrationsOpened = [FarmscanSim.State]::SiteAdministrationsOpened
    SiteReads                 = [FarmscanSim.State]::SiteReads
    ProfilesRead              = [FarmscanSim.State]::ProfilesRead
    CredentialsRead           = [FarmscanSim.State]::CredentialsRead
} | ConvertTo-Json | Set-Content -LiteralPath $CountersFile -Encoding utf8
