# Runs one Pester file under Set-StrictMode -Version Latest and writes a JSON summary of its tests for
# pester-suite.ts: jest shows each failure with its message, so a failing run needs no second look here.
param(
    [Parameter(Mandatory)] [string]$Path,
    [Parameter(Mandatory)] [string]$ResultFile
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module Pester -RequiredVersion 5.7.1

$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Output.Verbosity = 'None'
$run = Invoke-Pester -Configuration $config

$tests = @(foreach ($test in $run.Tests) {
    [ordered]@{
        name   = $test.ExpandedPath
        result = "$($test.Result)"
        error  = (@($test.ErrorRecord | ForEach-Object { "$_`n$($_.ScriptStackTrace)" }) -join "`n")
    }
})
$containers = @(foreach ($c in $run.Containers) {
    [ordered]@{ result = "$($c.Result)"; error = (@($c.ErrorRecord | ForEach-Object { "$_`n$($_.ScriptStackTrace)" }) -join "`n") }
})
[ordered]@{ tests = $tests; containers = $containers } | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $ResultFile -Encoding utf8
