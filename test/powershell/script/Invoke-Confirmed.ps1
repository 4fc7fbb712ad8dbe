# Runs the generated script with -Confirm in a process of its own: its confirmation prompts read the answers
# piped to this process's standard input (the Pester process is non-interactive and cannot answer them).
# Credentials come as JSON in FARMSCAN_TEST_CREDENTIALS (id -> field -> value) and are handed over as
# SecureStrings. Prints one line 'RESULT <json>': each application created and whether its credentials were
# set, and for each Update-SPSecureStoreGroupCredentialMapping call whether -Confirm:$false was passed. No
# value is printed.
param([Parameter(Mandatory = $true)] [string]$Script)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'TargetRun.ps1')
$credentials = (Read-TestCredentials).Credentials

try {
    & $Script -SiteUrl 'https://sharepoint.target.test' -Credentials $credentials -Confirm
} finally {
    $result = [ordered]@{
        Applications = @(Get-SimTargetApplication | ForEach-Object { [ordered]@{ Id = $_.Id; CredentialsSet = ($null -ne $_.Credentials) } })
        Updates      = @(Get-SimTargetCall 'Update-SPSecureStoreGroupCredentialMapping' | ForEach-Object {
            [ordered]@{ Id = $_.Parameters.Identity.TargetApplication.ApplicationId; Confirm = $(if ($_.Parameters.Contains('Confirm')) { [string][bool]$_.Parameters['Confirm'] } else { 'not given' }) }
        })
    }
    'RESULT ' + ($result | ConvertTo-Json -Depth 4 -Compress)
}
