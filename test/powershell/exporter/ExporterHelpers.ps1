# Shared by the exporter's Pester files (dot-sourced in BeforeAll): run the exporter against the simulated
# farm in a child pwsh, run farmscan on what it wrote, and read the farm definition the expectations come from.
Set-StrictMode -Version Latest

$script:RepoRoot = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../../..')).ProviderPath
$script:Pwsh = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
$script:Farm = Import-PowerShellDataFile -LiteralPath (Join-Path $script:RepoRoot 'test/powershell/sim/farm.psd1')

function New-TestFolder([string]$Name) {
    $path = Join-Path ([IO.Path]::GetTempPath()) ("farmscan-{0}-{1}" -f $Name, [guid]::NewGuid().ToString('N').Substring(0, 8))
    [void](New-Item -ItemType Directory -Path $path)
    $path
}

function Invoke-SimExport {
    # The exporter in a fresh pwsh; returns its exit code, everything it printed, and the farm's counters.
    # -AllStreams: every stream's records come back in Streams (Stream, Text), verbose and debug included.
    param([string]$OutputFolder, [string]$Variant, [int]$ExitAfterSiteReads = 0, [string[]]$Switch = @(), [string]$ServiceContext, [switch]$AllStreams)
    $counters = "$OutputFolder.counters.json"
    $streams = "$OutputFolder.streams.json"
    Remove-Item -LiteralPath $counters, $streams -ErrorAction SilentlyContinue
    $arguments = @('-NoLogo', '-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Invoke-SimExport.ps1'), '-OutputFolder', $OutputFolder, '-CountersFile', $counters, '-ExitAfterSiteReads', $ExitAfterSiteReads)
    if ($Variant) { $arguments += @('-Variant', $Variant) }
    if ($ServiceContext) { $arguments += @('-ServiceContext', $ServiceContext) }
    if ($Switch.Count -gt 0) { $arguments += @('-Switch', ($Switch -join ',')) }
    if ($AllStreams) { $arguments += @('-StreamsFile', $streams) }
    $output = & $script:Pwsh @arguments 2>&1 | ForEach-Object { [string]$_ }
    $result = [pscustomobject]@{
        ExitCode = $LASTEXITCODE
        Output   = ($output -join "`n")
        Counters = if (Test-Path -LiteralPath $counters) { Get-Content -LiteralPath $counters -Raw | ConvertFrom-Json } else { $null }
        Streams  = if (Test-Path -LiteralPath $streams) { @(Get-Content -LiteralPath $streams -Raw -Encoding utf8 | ConvertFrom-Json) } else { @() }
    }
    Remove-Item -LiteralPath $counters, $streams -ErrorAction SilentlyContinue
    $result
}

function Invoke-SimExportOnce {
    # One export into a folder of its own, read back and removed: its run, ExportInfo.xml, the .xml files
    # it wrote (relative names) and the rows of each top-level file by name.
    param([string]$Name, [string]$Variant, [string[]]$Switch = @())
    $folder = New-TestFolder $Name
    try {
        $run = Invoke-SimExport -OutputFolder $folder -Variant $Variant -Switch $Switch
        $rows = @{}
        foreach ($file in Get-ChildItem -LiteralPath $folder -Filter '*.xml' -File) { $rows[$file.Name] = @(Import-Clixml -LiteralPath $file.FullName) }
        [pscustomobject]@{
            Run   = $run
            Info  = if ($rows.ContainsKey('ExportInfo.xml')) { $rows['ExportInfo.xml'][0] } else { $null }
            Files = @(Get-ChildItem -LiteralPath $folder -Recurse -File -Filter '*.xml' | ForEach-Object { $_.FullName.Substring($folder.Length + 1).Replace('\', '/') } | Sort-Object)
            Rows  = $rows
        }
    } finally {
        Remove-Item -LiteralPath $folder, "$folder.counters.json" -Recurse -Force -ErrorAction SilentlyContinue
    }
}

function Invoke-Farmscan {
    # The built CLI (npm test builds it first); pinned scan id and time, as the determinism rule asks.
    param([string]$ExportFolder, [string]$OutFolder)
    $cli = Join-Path $script:RepoRoot 'bin/farmscan.js'
    if (-not (Test-Path -LiteralPath (Join-Path $script:RepoRoot 'dist/src/cli/main.js'))) { throw 'dist/ is missing: run npx tsc -p tsconfig.json first.' }
    $output = & node $cli scan $ExportFolder --out $OutFolder --scan-id 'SIM' --scan-time '2026-12-06T00:00:00Z' --quiet 2>&1 | ForEach-Object { [string]$_ }
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output -join "`n") }
}

function Import-ExportFile([string]$Folder, [string]$Name) {
    @(Import-Clixml -LiteralPath (Join-Path $Folder $Name))
}

# What the farm definition says each part of the export must hold.
function Get-ExpectedSites {
    # Sites of the Online, non-administration content databases: the ones the export must carry.
    foreach ($db in $script:Farm.ContentDatabases) {
        if ($db.ContainsKey('Administration') -or $db.Status -ne 'Online') { continue }
        foreach ($site in $db.Sites) {
            [pscustomobject]@{
                Id = [guid]$site.Id; Url = $site.Url; Database = $db.Name; DatabaseReadOnly = [bool]$db.IsReadOnly
                ReadLocked = [bool]$site['ReadLocked']
                # A read-only database reads ReadOnly and WriteLocked for each of its sites (SPSite.ReadOnly).
                ReadOnly = [bool]$site['ReadOnly'] -or [bool]$db.IsReadOnly
                WriteLocked = [bool]$site['WriteLocked'] -or [bool]$db.IsReadOnly
                LockIssue = $site['LockIssue']; Expect = $site.Expect
            }
        }
    }
}

function Get-ClaimTypeUri([string]$Short) {
    @{
        userlogonname    = 'http://schemas.microsoft.com/sharepoint/2009/08/claims/userlogonname'
        groupsid         = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groupsid'
        emailaddress     = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'
        role             = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role'
        identityprovider = 'http://schemas.microsoft.com/sharepoint/2009/08/claims/identityprovider'
    }[$Short]
}

function ConvertTo-ClaimText($Claims) {
    # One comparable line per claim: type | issuer | value | encoded ('' for none).
    @(foreach ($c in @($Claims)) {
        if ($null -eq $c) { continue }
        if ($c -is [hashtable]) { '{0} | {1} | {2} | {3}' -f (Get-ClaimTypeUri $c.T), $c.I, $c.V, [string]$c.E }
        else { '{0} | {1} | {2} | {3}' -f $c.claimType, $c.claimIssuer, $c.claimValue, [string]$c.encodedClaim }
    })
}

function Get-SsoIdsOfSystem([string]$SystemName) {
    # Every *SsoApplicationId of a LobSystem and of its instances, non-empty.
    $system = @($script:Farm.LobSystems | Where-Object { $_.Name -eq $SystemName })[0]
    $bags = @($system.Properties) + @($system.Instances | ForEach-Object { $_.Properties })
    @(foreach ($bag in $bags) { foreach ($key in $bag.Keys) { if ($key -like '*SsoApplicationId' -and $bag[$key]) { $bag[$key] } } })
}
