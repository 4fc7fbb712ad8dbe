# Shared by the scripts that run the generated script in a pwsh of their own (Invoke-Confirmed.ps1,
# Invoke-InTranscript.ps1): a fresh simulated target, and the credentials the test handed over as JSON in
# FARMSCAN_TEST_CREDENTIALS (id -> field -> value).
Set-StrictMode -Version Latest
$root = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../../..')).ProviderPath
Import-Module (Join-Path $root 'test/powershell/sim/SecureStoreTarget.psm1')
Reset-SimTarget -TrustedIssuers @{ adfs = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress' }

# Plain: the values as given; Credentials: the -Credentials argument, each value a SecureString, or with
# -EveryOtherPlain every second one left a plain string (the script takes both).
function Read-TestCredentials([switch]$EveryOtherPlain) {
    $plain = $env:FARMSCAN_TEST_CREDENTIALS | ConvertFrom-Json -AsHashtable
    $credentials = @{}
    $j = 0
    foreach ($id in $plain.Keys) {
        $credentials[$id] = @{}
        foreach ($field in $plain[$id].Keys) {
            $j++
            $value = $plain[$id][$field]
            $credentials[$id][$field] = if ($EveryOtherPlain -and $j % 2) { $value } else { ConvertTo-SecureString -String $value -AsPlainText -Force }
        }
    }
    @{ Plain = $plain; Credentials = $credentials }
}
