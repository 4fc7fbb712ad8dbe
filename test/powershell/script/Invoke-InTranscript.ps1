# Runs the generated script under Start-Transcript in a process of its own (the transcript test reads what a
# real console session would keep). Credentials come as JSON in FARMSCAN_TEST_CREDENTIALS (id -> field ->
# value); every second value is handed over as a SecureString. Prints 'CREDENTIALS SET' when the simulated
# target holds exactly those values, so the test knows the values went through.
param([Parameter(Mandatory = $true)] [string]$Script, [Parameter(Mandatory = $true)] [string]$Transcript)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'TargetRun.ps1')
$given = Read-TestCredentials -EveryOtherPlain
$plain = $given.Plain
$credentials = $given.Credentials

Start-Transcript -LiteralPath $Transcript | Out-Null
try {
    & $Script -SiteUrl 'https://sharepoint.target.test' -Credentials $credentials -Verbose
} finally {
    Stop-Transcript | Out-Null
}
$ok = $true
foreach ($app in Get-SimTargetApplication) {
    $want = @($app.Fields | ForEach-Object { $plain[$app.Id][$_.Name] })
    if (($app.Credentials -join "`0") -cne ($want -join "`0")) { $ok = $false }
}
if ($ok -and @(Get-SimTargetApplication).Count -gt 0) { 'CREDENTIALS SET' }
