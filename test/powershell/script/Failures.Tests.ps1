# What the generated script does when the target is not ready (no master key, access denied, Secure Store
# down, a trusted issuer missing) and when the operator answers a prompt with nothing; and how claims
# without an encoded form are rebuilt. Plan: New-TestPlan.mjs claims (two applications, every claim without
# its encoded form).
BeforeAll {
    . (Join-Path $PSScriptRoot 'ScriptHelpers.ps1')
    $script:Folder = New-TestFolder 'failures-script'
    $script:Made = New-TestPlanScript 'claims' $script:Folder
    $script:Ids = @($script:Made.Expected.Id)

    function Invoke-Stopped([hashtable]$Credentials = @{}) {
        # The run, which must stop: its error record.
        try { $null = Invoke-Remediation $script:Made.Script $Credentials } catch { return $_ }
        throw 'the script did not stop'
    }
}

AfterAll { Remove-Item -LiteralPath $script:Folder -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'a target whose Secure Store cannot be read' {
    It '<Fault>: one line naming the cause, before any prompt or create' -ForEach @(
        @{ Fault = 'NoMasterKey'; Says = 'has no master key this server can use: generate one .*Update-SPSecureStoreMasterKey.*nothing was created$' }
        @{ Fault = 'AccessDenied'; Says = 'was denied to the account running this script: it needs the Secure Store rights listed at the top of the script; nothing was created$' }
        @{ Fault = 'Unreachable'; Says = '^farmscan: could not read the Secure Store of https://sharepoint.target.test \(InvalidOperationException: .*503.*\); nothing was created$' }
    ) {
        Reset-SimTarget -TrustedIssuers $script:Issuers -Fault $Fault
        $stop = Invoke-Stopped
        $stop.FullyQualifiedErrorId | Should -BeLike 'FarmscanStop*'
        $stop.Exception.Message | Should -Match $Says
        $stop.Exception.Message | Should -Match '^farmscan: [^\r\n]+$'
        @(Get-SimTargetCall | ForEach-Object { $_.Name }) | Should -Be @('Get-SPSecureStoreApplication')
    }
}

Describe 'trusted identity token issuers' {
    It 'stops before creating anything when an issuer the claims name is missing on the target' {
        Reset-SimTarget -TrustedIssuers @{ okta = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress' }
        $stop = Invoke-Stopped
        $stop.Exception.Message | Should -Match '^farmscan: the trusted identity token issuer adfs that claims of this script name does not exist on this farm: create it \(New-SPTrustedIdentityTokenIssuer\)'
        @(Get-SimTargetCall 'New-SPSecureStoreApplication').Count | Should -Be 0
        @(Get-SimTargetCall 'Read-Host').Count | Should -Be 0
    }

    It 'stops in one line when the issuers cannot be listed' {
        Reset-SimTarget -TrustedIssuers $script:Issuers
        Mock -ModuleName SecureStoreTarget Add-SimCall { if ($Name -eq 'Get-SPTrustedIdentityTokenIssuer') { throw (New-Object System.UnauthorizedAccessException -ArgumentList 'Access is denied.') } }
        $stop = Invoke-Stopped
        $stop.Exception.Message | Should -BeExactly 'farmscan: could not list the trusted identity token issuers of this farm (Access is denied.); nothing was created'
    }

    It 'rebuilds a trusted issuer claim through -ClaimValue -ClaimType -TrustedIdentityTokenIssuer, whatever the case of its issuer' {
        Reset-SimTarget -TrustedIssuers $script:Issuers
        $null = Invoke-Remediation $script:Made.Script (New-TestCredential $script:Made.Expected)
        $app = @(Get-SimTargetApplication | Where-Object { $_.Id -eq 'Trusted-Claims' })[0]
        @($app.Administrators.SimEncoded) | Should -Be @('i:05.t|adfs|chris@contoso.com')
        @($app.Members.SimEncoded) | Should -Be @('c:0-.t|adfs|Payroll Operators')
        $sts = @(Get-SimTargetCall 'New-SPClaimsPrincipal' | Where-Object { $_.Parameters.Contains('TrustedIdentityTokenIssuer') })
        $sts.Count | Should -Be 2
        foreach ($call in $sts) { @($call.Parameters.Keys | Where-Object { $_ -ne 'IdentifierClaim' }) | Should -Be @('ClaimValue', 'ClaimType', 'TrustedIdentityTokenIssuer') }
    }
}

Describe 'Windows claims without an encoded form' {
    It 'are rebuilt from each spelling of the issuer (Windows, windows, WINDOWS, AD AUTHORITY, none for a SID)' {
        Reset-SimTarget -TrustedIssuers $script:Issuers
        $null = Invoke-Remediation $script:Made.Script (New-TestCredential $script:Made.Expected)
        $app = @(Get-SimTargetApplication | Where-Object { $_.Id -eq 'Windows-Spellings' })[0]
        @($app.Administrators.SimEncoded) | Should -Be @('i:0#.w|contoso\sp-admin', 'i:0#.w|contoso\sp-ops')
        @($app.Members.SimEncoded) | Should -Be @(513, 514, 515, 516 | ForEach-Object { "c:0+.w|s-1-5-21-10-20-30-$_" })
    }
}

Describe 'prompts' {
    It 'asks again after an empty answer, masked or not, and sets what was finally given' {
        Reset-SimTarget -TrustedIssuers $script:Issuers
        # Trusted-Claims: user name (plain), password (masked); then Windows-Spellings the same.
        Set-SimAnswer @('', 'user-1', '', '', 'pass-1', 'user-2', 'pass-2')
        $output = @(Invoke-Remediation $script:Made.Script @{})
        $prompts = @(Get-SimTargetCall 'Read-Host')
        $prompts.Count | Should -Be 7
        @($prompts | ForEach-Object { [bool]$_.Parameters['AsSecureString'] }) | Should -Be @($false, $false, $true, $true, $true, $false, $true)
        @(Get-SimTargetApplication | ForEach-Object { $_.Credentials -join ',' }) | Should -Be @('user-1,pass-1', 'user-2,pass-2')
        @($output -match 'a value is needed').Count | Should -Be 3
        $output[-1] | Should -BeExactly 'Created 2, already present 0, different from the plan 0, left alone for a claim or field this farm could not make 0, left out of this script 0.'
    }

    It 'stops with one line after three empty answers, having created nothing for that application' {
        Reset-SimTarget -TrustedIssuers $script:Issuers
        Set-SimAnswer @('', '', '')
        $stop = Invoke-Stopped
        $stop.Exception.Message | Should -BeExactly 'farmscan: Trusted-Claims / Windows User Name: no value after three prompts; stopped before creating this application (a rerun leaves those created before alone)'
        @(Get-SimTargetApplication).Count | Should -Be 0
    }

    It 'refuses an empty value given with -Credentials, in one line' {
        Reset-SimTarget -TrustedIssuers $script:Issuers
        $stop = Invoke-Stopped @{ 'Trusted-Claims' = @{ 'Windows User Name' = '' } }
        $stop.Exception.Message | Should -BeExactly 'farmscan: -Credentials: Trusted-Claims / Windows User Name: expected a SecureString, a PSCredential or a string, not empty'
        @(Get-SimTargetApplication).Count | Should -Be 0
    }
}

Describe 'credentials that fail after the application was created' {
    It 'says which application is left without them and how to finish' {
        Reset-SimTarget -TrustedIssuers $script:Issuers -Fault NoMasterKeyOnWrite
        $stop = Invoke-Stopped (New-TestCredential $script:Made.Expected)
        $stop.Exception.Message | Should -Match '^farmscan: Trusted-Claims was created but its credentials could not be set \(Unable to get master key\.\): set them in Central Administration or with Update-SPSecureStoreGroupCredentialMapping; a rerun leaves the application alone$'
        @(Get-SimTargetApplication).Count | Should -Be 1
    }
}
