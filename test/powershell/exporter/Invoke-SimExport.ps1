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
    [string]$ServiceContext
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
& (Join-Path $root 'samples/Export-FarmInventory.ps1') @arguments

[ordered]@{
    SitesOpened               = [FarmscanSim.State]::SitesOpened
    SiteAdministrationsOpened = [FarmscanSim.State]::SiteAdministrationsOpened
    SiteReads                 = [FarmscanSim.State]::SiteReads
    ProfilesRead              = [FarmscanSim.State]::ProfilesRead
} | ConvertTo-Json | Set-Content -LiteralPath $CountersFile -Encoding utf8
