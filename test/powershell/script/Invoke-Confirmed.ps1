# Runs the generated script with -Confirm in a process of its own: its confirmation prompts read the answers
# piped to this process's standard input (the Pester process is non-interactive and cannot answer them).
# Credentials come as JSON in FARMSCAN_TEST_CREDENTIALS (id -> field -> value) and are handed over as
# SecureStrings. Prints one line 'RESULT <json>': each application created and whether its credentials were
# set, and for each Update-SPSecureStoreGroupCredentialMapping call whether -Confirm:$false was passed. No
# value is printed.
param([Parameter(Mandatory = $true)] [string]$Script)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$root = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../../..')).ProviderPath
Import-Module (Join-Path $root 'test/powershell/sim/SecureStoreTarget.psm1')
Reset-SimTarget -TrustedIssuers @{ adfs = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress' }

$plain = $env:FARMSCAN_TEST_CREDENTIALS | ConvertFrom-Json -AsHashtable
$credentials = @{}
foreach ($id in $plain.Keys) {
    $credentials[$id] = @{}
    foreach ($field in $plain[$id].Keys) { $credentials[$id][$field] = ConvertTo-SecureString -String $plain[$id][$field] -AsPlainText -Force }
}

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
