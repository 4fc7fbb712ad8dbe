# An application that is already on the target: as the plan has it, it is a silent skip (a second run
# changes nothing and ends with 0); different from the plan, it is reported with what differs, left
# untouched, counted, and the run ends with exit code 3. Plan: New-TestPlan.mjs claims (two applications;
# Windows claims rebuilt by name and SID, trusted issuer claims), created by a first run, then changed on
# the target behind the script's back.
BeforeAll {
    . (Join-Path $PSScriptRoot 'ScriptHelpers.ps1')
    $script:Folder = New-TestFolder 'existing-script'
    $script:Made = New-TestPlanScript 'claims' $script:Folder

    function Invoke-Rerun([scriptblock]$Change) {
        # A first run creates both applications; $Change alters the target; the rerun's output, exit code and
        # calls come back, with the values the first run set (none may show).
        Reset-SimTarget -TrustedIssuers $script:Issuers
        $credentials = New-TestCredential $script:Made.Expected 'Ex1st'
        $global:LASTEXITCODE = 0
        $null = Invoke-Remediation $script:Made.Script $credentials
        $LASTEXITCODE | Should -Be 0
        if ($Change) { & $Change }
        $before = @(Get-SimTargetCall).Count
        $global:LASTEXITCODE = 0
        $output = @(Invoke-Remediation $script:Made.Script @{})
        [pscustomobject]@{
            Output   = $output
            ExitCode = $LASTEXITCODE
            Calls    = @(Get-SimTargetCall | Select-Object -Skip $before | ForEach-Object { $_.Name })
            Values   = @(foreach ($set in $credentials.Values) { foreach ($v in $set.Values) { ConvertTo-Plain $v } })
        }
    }

    function Get-App([string]$Id) { @(Get-SimTargetApplication | Where-Object { $_.Id -ceq $Id })[0] }
    function New-Field([string]$Name, [string]$Type, [bool]$Masked) { New-Object Microsoft.Office.SecureStoreService.Server.TargetApplicationField -ArgumentList $Name, $Masked, $Type }
}

AfterAll { Remove-Item -LiteralPath $script:Folder -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'an application that exists as the plan has it' {
    It 'is left alone without a word of difference, and the run ends with 0' {
        $run = Invoke-Rerun $null
        $run.ExitCode | Should -Be 0
        @($run.Output -like 'Already exists, left alone: *').Count | Should -Be 2
        @($run.Output -match 'differs from the plan|could not be compared').Count | Should -Be 0
        $run.Calls | Should -Not -Contain 'New-SPSecureStoreApplication'
        $run.Calls | Should -Not -Contain 'Update-SPSecureStoreGroupCredentialMapping'
        $run.Calls | Should -Not -Contain 'Read-Host'
        $run.Output[-1] | Should -BeExactly 'Created 0, already present 2, different from the plan 0, left alone for a claim or field this farm could not make 0, left out of this script 0.'
        [FarmscanSim.State]::CredentialsRead | Should -Be 0
    }
}

Describe 'an application that exists but differs from the plan' {
    It '<Case>: reported with what differs, left untouched, counted, exit code 3' -ForEach @(
        @{ Case = 'type'; Says = 'type Group \(the plan: RestrictedGroup\)'; Change = { (Get-App 'Trusted-Claims').Target.Type = 'Group' } }
        @{ Case = 'friendly name'; Says = 'friendly name'; Change = { (Get-App 'Trusted-Claims').Target.FriendlyName = 'Renamed' } }
        @{ Case = 'mask'; Says = 'fields Windows User Name WindowsUserName, Windows Password WindowsPassword \(the plan: Windows User Name WindowsUserName, Windows Password WindowsPassword masked\)'; Change = { (Get-App 'Trusted-Claims').Fields[1].IsMasked = $false } }
        @{ Case = 'field type'; Says = 'fields Windows User Name UserName, '; Change = { (Get-App 'Trusted-Claims').Fields[0].CredentialType = 'UserName' } }
        @{ Case = 'field name, case only'; Says = 'fields windows user name WindowsUserName, '; Change = { (Get-App 'Trusted-Claims').Fields[0].Name = 'windows user name' } }
        @{ Case = 'field missing'; Says = 'fields Windows User Name WindowsUserName \(the plan: '; Change = { Set-SimTargetApplication 'Trusted-Claims' -Fields @((Get-App 'Trusted-Claims').Fields[0]) } }
        @{ Case = 'field order'; Says = 'fields Windows Password WindowsPassword masked, Windows User Name WindowsUserName \(the plan: '; Change = { $f = (Get-App 'Trusted-Claims').Fields; Set-SimTargetApplication 'Trusted-Claims' -Fields @($f[1], $f[0]) } }
        @{ Case = 'member missing'; Says = 'members not on the target: Payroll Operators'; Change = { Set-SimTargetApplication 'Trusted-Claims' -Members @() } }
        @{ Case = 'administrator added'; Says = 'administrators not in the plan: contoso\\intruder'; Change = { Set-SimTargetApplication 'Trusted-Claims' -Administrators @((Get-App 'Trusted-Claims').Administrators + @(New-SPClaimsPrincipal -EncodedClaim 'i:0#.w|contoso\intruder')) } }
    ) {
        $run = Invoke-Rerun $Change
        $report = @($run.Output -like 'Exists but differs from the plan, left alone: Trusted-Claims*')
        $report.Count | Should -Be 1
        $report[0] | Should -Match $Says
        @($run.Output -like 'Already exists, left alone: Windows-Spellings').Count | Should -Be 1
        $run.Calls | Should -Not -Contain 'New-SPSecureStoreApplication'
        $run.Calls | Should -Not -Contain 'Update-SPSecureStoreGroupCredentialMapping'
        $run.Calls | Should -Not -Contain 'Read-Host'
        $run.Output[-1] | Should -BeExactly 'Created 0, already present 1, different from the plan 1, left alone for a claim or field this farm could not make 0, left out of this script 0.'
        $run.ExitCode | Should -Be 3
        foreach ($value in $run.Values) { ($run.Output -join "`n").Contains($value) | Should -BeFalse }
        [FarmscanSim.State]::CredentialsRead | Should -Be 0
    }

    It 'is left as it is: the change made on the target stays' {
        $null = Invoke-Rerun { (Get-App 'Trusted-Claims').Fields[1].IsMasked = $false; Set-SimTargetApplication 'Trusted-Claims' -Members @() }
        (Get-App 'Trusted-Claims').Fields[1].IsMasked | Should -BeFalse
        @((Get-App 'Trusted-Claims').Members).Count | Should -Be 0
        @(Get-SimTargetApplication).Count | Should -Be 2
    }

    It 'when its fields and claims cannot be read, it is reported as not compared (never taken as the same)' {
        $run = Invoke-Rerun { [FarmscanSim.State]::SecureStoreProxyAvailable = $false }
        @($run.Output -like 'Exists but could not be compared with the plan, left alone: *').Count | Should -Be 2
        $run.Output[-1] | Should -BeExactly 'Created 0, already present 0, different from the plan 2, left alone for a claim or field this farm could not make 0, left out of this script 0.'
        $run.ExitCode | Should -Be 3
    }
}
