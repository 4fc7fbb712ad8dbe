# A claim the target farm cannot make: a Windows account its directory does not know, which the real
# New-SPClaimsPrincipal -IdentityType WindowsSamAccountName fails to resolve. That application is left alone
# (not created, not compared) with a warning saying why and what to do, counted, and the run goes on with
# the next one, under -WhatIf too; the script ends with exit code 3. Plan: New-TestPlan.mjs claims
# (Trusted-Claims, then Windows-Spellings, whose administrators are CONTOSO\sp-admin and CONTOSO\sp-ops by name).
BeforeAll {
    . (Join-Path $PSScriptRoot 'ScriptHelpers.ps1')
    $script:Folder = New-TestFolder 'unknown-accounts-script'
    $script:Made = New-TestPlanScript 'claims' $script:Folder
    $script:Warning = 'Could not make a claim or field on this farm, left alone: Windows-Spellings (Some or all identity references could not be translated.); it was neither created nor compared with the target. Make the account known to this farm, or change the claim in a create decision in decisions.json (docs/decisions.md) and generate the script again; then run the script again'

    function Invoke-Run([hashtable]$Credentials = @{}, [switch]$WhatIf) {
        # Output is kept line by line, so a run that stops still shows what it said before.
        $global:LASTEXITCODE = 0
        $lines = [System.Collections.Generic.List[string]]::new()
        $stopped = $null
        try { Invoke-Remediation $script:Made.Script $Credentials -WhatIf:$WhatIf | ForEach-Object { $lines.Add($_) } } catch { $stopped = $_ }
        [pscustomobject]@{ Output = @($lines); ExitCode = $LASTEXITCODE; Stopped = $stopped }
    }

    function Get-App([string]$Id) { @(Get-SimTargetApplication | Where-Object { $_.Id -ceq $Id }) }
}

AfterAll { Remove-Item -LiteralPath $script:Folder -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'a first run with an account the target farm does not know' {
    BeforeAll {
        # Another case than the plan's CONTOSO\sp-ops: account names compare without regard to case.
        Reset-SimTarget -TrustedIssuers $script:Issuers -UnknownAccounts @('contoso\SP-OPS')
        $script:Credentials = New-TestCredential $script:Made.Expected 'Unkn0wn'
        $script:Run = Invoke-Run $script:Credentials
    }

    It 'runs to its end: the other application is created, the one with the unknown account is not' {
        $script:Run.Stopped | Should -BeNullOrEmpty
        @(Get-SimTargetApplication | ForEach-Object { $_.Id }) | Should -Be @('Trusted-Claims')
        @(Get-SimTargetCall 'New-SPSecureStoreTargetApplication' | ForEach-Object { $_.Parameters.Name }) | Should -Be @('Trusted-Claims')
        # Its credentials were not asked for nor set either: nothing was begun for it.
        @(Get-SimTargetCall 'Update-SPSecureStoreGroupCredentialMapping').Count | Should -Be 1
        @(Get-SimTargetCall 'Read-Host').Count | Should -Be 0
    }

    It 'says which application was left alone, why, and what to do' {
        @($script:Run.Output | Where-Object { $_ -ceq $script:Warning }).Count | Should -Be 1
        @($script:Run.Output -like 'Created: *') | Should -Be @('Created: Trusted-Claims')
    }

    It 'counts it in the closing line and ends with exit code 3' {
        $script:Run.Output[-1] | Should -BeExactly 'Created 1, already present 0, different from the plan 0, left alone for a claim or field this farm could not make 1, left out of this script 0.'
        $script:Run.ExitCode | Should -Be 3
    }

    It 'prints no credential value' {
        $text = $script:Run.Output -join "`n"
        foreach ($set in $script:Credentials.Values) { foreach ($value in $set.Values) { $text.Contains((ConvertTo-Plain $value)) | Should -BeFalse } }
    }
}

Describe 'the same under -WhatIf' {
    It 'does not stop, says the same warning, creates nothing, and ends with exit code 3' {
        Reset-SimTarget -TrustedIssuers $script:Issuers -UnknownAccounts @('CONTOSO\sp-ops')
        $run = Invoke-Run (New-TestCredential $script:Made.Expected) -WhatIf
        $run.Stopped | Should -BeNullOrEmpty
        @($run.Output | Where-Object { $_ -ceq $script:Warning }).Count | Should -Be 1
        $names = @(Get-SimTargetCall | ForEach-Object { $_.Name })
        $names | Should -Not -Contain 'New-SPSecureStoreApplication'
        $names | Should -Not -Contain 'Update-SPSecureStoreGroupCredentialMapping'
        @(Get-SimTargetApplication).Count | Should -Be 0
        $run.Output[-1] | Should -BeExactly 'Created 0, already present 0, different from the plan 0, left alone for a claim or field this farm could not make 1, left out of this script 0.'
        $run.ExitCode | Should -Be 3
    }
}

Describe 'an application already created, whose account the farm then no longer knows' {
    It 'is left alone with the warning on a rerun, nothing on the target changes, exit code 3' {
        Reset-SimTarget -TrustedIssuers $script:Issuers
        $first = Invoke-Run (New-TestCredential $script:Made.Expected 'F1rst')
        $first.ExitCode | Should -Be 0
        $before = Get-App 'Windows-Spellings'
        $before.Count | Should -Be 1
        $kept = @{ Administrators = (@($before[0].Administrators.SimEncoded) -join '|'); Members = (@($before[0].Members.SimEncoded) -join '|'); Credentials = ($before[0].Credentials -join "`0") }
        Set-SimUnknownAccount 'CONTOSO\sp-ops'
        $calls = @(Get-SimTargetCall).Count

        $run = Invoke-Run @{}
        $run.Stopped | Should -BeNullOrEmpty
        @($run.Output | Where-Object { $_ -ceq $script:Warning }).Count | Should -Be 1
        # Not compared: neither reported as the same nor as different.
        @($run.Output -like '*Windows-Spellings*') | Should -Be @($script:Warning)
        @($run.Output -like 'Already exists, left alone: *') | Should -Be @('Already exists, left alone: Trusted-Claims')
        $again = @(Get-SimTargetCall | Select-Object -Skip $calls | ForEach-Object { $_.Name })
        $again | Should -Not -Contain 'New-SPSecureStoreApplication'
        $again | Should -Not -Contain 'Update-SPSecureStoreGroupCredentialMapping'
        $again | Should -Not -Contain 'Read-Host'
        $after = Get-App 'Windows-Spellings'
        @(Get-SimTargetApplication).Count | Should -Be 2
        (@($after[0].Administrators.SimEncoded) -join '|') | Should -BeExactly $kept.Administrators
        (@($after[0].Members.SimEncoded) -join '|') | Should -BeExactly $kept.Members
        ($after[0].Credentials -join "`0") | Should -BeExactly $kept.Credentials
        $run.Output[-1] | Should -BeExactly 'Created 0, already present 1, different from the plan 0, left alone for a claim or field this farm could not make 1, left out of this script 0.'
        $run.ExitCode | Should -Be 3
    }
}

Describe 'a cmdlet the shell does not have, or one without a parameter the script gives it' {
    It '<Type>: stops the run, as anywhere else: it is the shell, not one application' -ForEach @(
        @{ Type = 'System.Management.Automation.CommandNotFoundException' }
        @{ Type = 'System.Management.Automation.ParameterBindingException' }
    ) {
        Reset-SimTarget -TrustedIssuers $script:Issuers
        # Global: the mock's body runs in the simulation module's scope.
        $global:FarmscanTestThrown = New-Object $Type -ArgumentList 'New-SPClaimsPrincipal: not in this shell as the script calls it.'
        Mock -ModuleName SecureStoreTarget Add-SimCall -ParameterFilter { $Name -eq 'New-SPClaimsPrincipal' } { throw $global:FarmscanTestThrown }
        try { $run = Invoke-Run (New-TestCredential $script:Made.Expected 'N0tL0aded') } finally { Remove-Variable -Name FarmscanTestThrown -Scope Global }
        $run.Stopped | Should -Not -BeNullOrEmpty
        $run.Stopped.Exception.GetType().FullName | Should -Be $Type
        @($run.Output -like 'Could not make a claim or field*').Count | Should -Be 0
        @(Get-SimTargetCall 'New-SPSecureStoreApplication').Count | Should -Be 0
    }
}
