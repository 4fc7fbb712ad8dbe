# Claims whose encoded claim type character is a custom one (U+01F5 and above): SharePoint numbers custom
# claim types per farm, so the same character may mean another claim type on the target. Plan:
# New-TestPlan.mjs custom-claims, where U+01F5 is the department claim type on the source farm; the target
# farm met the employee id type first, so there U+01F5 is the employee id and department is U+01F9 (U+01F6
# to U+01F8 are upper case, which SharePoint skips).
BeforeAll {
    . (Join-Path $PSScriptRoot 'ScriptHelpers.ps1')
    $script:Folder = New-TestFolder 'custom-claims-script'
    $script:Made = New-TestPlanScript 'custom-claims' $script:Folder
    $script:Department = 'http://schemas.contoso.com/claims/department'
    $script:EmployeeId = 'http://schemas.contoso.com/claims/employeeid'

    function Invoke-Run([hashtable]$Credentials = @{}, [switch]$WhatIf, [string[]]$Answers = @(), [string]$Fault = '') {
        # A fresh target; output is kept line by line, so a run that stops still shows what it said before.
        Reset-SimTarget -TrustedIssuers $script:Issuers -ClaimTypes @($script:EmployeeId, $script:Department) -Fault $Fault
        Set-SimAnswer $Answers
        $global:LASTEXITCODE = 0
        $lines = [System.Collections.Generic.List[string]]::new()
        $stopped = $null
        try { Invoke-Remediation $script:Made.Script $Credentials -WhatIf:$WhatIf | ForEach-Object { $lines.Add($_) } } catch { $stopped = $_ }
        [pscustomobject]@{ Output = @($lines); ExitCode = $LASTEXITCODE; Stopped = $stopped }
    }

    function Get-LeftOutWarning([string[]]$Output, [string]$Id) {
        @($Output | Where-Object { $_.StartsWith('Left out of this script: ' + $Id + ': ', [StringComparison]::Ordinal) })
    }

    $run = Invoke-Run (New-TestCredential $script:Made.Expected)
    $script:Stopped = $run.Stopped
    $script:Output = $run.Output
    $script:ExitCode = $run.ExitCode
    $script:Apps = @(Get-SimTargetApplication)
}

AfterAll { Remove-Item -LiteralPath $script:Folder -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'a claim with a custom claim type character' {
    It 'runs to its end' {
        $script:Stopped | Should -BeNullOrEmpty
        $script:Output[-1] | Should -BeExactly 'Created 1, already present 0, different from the plan 0, left alone for a claim or field this farm could not make 0, left out of this script 2.'
    }

    It 'ends with exit code 3: two applications were left out of the script, so steps by hand are left' {
        $script:ExitCode | Should -Be 3
    }

    It 'a trusted issuer claim whose parts agree is rebuilt from its claim type, under the character the target gives it' {
        $app = @($script:Apps | Where-Object { $_.Id -ceq 'Custom-Trusted' })
        $app.Count | Should -Be 1
        @($app[0].Members | ForEach-Object { $_.ClaimType }) | Should -Be @($script:Department)
        @($app[0].Members.SimEncoded) | Should -Be @('c:0' + [char]0x01F9 + '.t|adfs|Sales')
    }

    It 'is never handed over encoded: the target would read its character as another claim type' {
        $encoded = @(Get-SimTargetCall 'New-SPClaimsPrincipal' | Where-Object { $_.Parameters.Contains('EncodedClaim') } | ForEach-Object { $_.Parameters['EncodedClaim'] })
        @($encoded | Where-Object { $_.Length -gt 3 -and [int]$_[3] -ge 0x01F5 }).Count | Should -Be 0
        @($script:Apps | ForEach-Object { $_.Administrators; $_.Members } | Where-Object { $_.ClaimType -eq $script:EmployeeId }).Count | Should -Be 0
    }

    It 'one that cannot be rebuilt unambiguously leaves its application out, with a warning naming the claim' {
        @($script:Apps | ForEach-Object { $_.Id }) | Should -Be @('Custom-Trusted')
        foreach ($case in @(@{ Id = 'Custom-NoType'; Claim = 'i:0' + [char]0x01F5 + '.t|adfs|E1234' }, @{ Id = 'Custom-Provider'; Claim = 'c:0' + [char]0x01F5 + '.c|deptprovider|Sales' })) {
            $warning = @(Get-LeftOutWarning $script:Output $case.Id)
            $warning.Count | Should -Be 1 -Because $case.Id
            $warning[0].Contains('the claim ''' + $case.Claim + ''' has a custom claim type character') | Should -BeTrue -Because $warning[0]
        }
    }
}

Describe 'the applications left out of the script' {
    It 'are named before the target is read, so a run its checks stop (no master key) has named them' {
        $run = Invoke-Run @{} -Fault NoMasterKey
        $run.Stopped.Exception.Message | Should -Match '^farmscan: .*no master key'
        foreach ($id in 'Custom-NoType', 'Custom-Provider') { @(Get-LeftOutWarning $run.Output $id).Count | Should -Be 1 -Because $id }
    }

    It 'are named before the first step, so a run that stops in that step has named them' {
        # Custom-Trusted, the one application the script creates, gets three empty answers to its first prompt.
        $run = Invoke-Run @{} -Answers @('', '', '')
        $run.Stopped.Exception.Message | Should -BeExactly 'farmscan: Custom-Trusted / Windows User Name: no value after three prompts; stopped before creating this application (a rerun leaves those created before alone)'
        $firstPrompt = [array]::FindIndex([string[]]$run.Output, [Predicate[string]] { param($l) $l -like '*a value is needed*' })
        foreach ($id in 'Custom-NoType', 'Custom-Provider') {
            $warning = @(Get-LeftOutWarning $run.Output $id)
            $warning.Count | Should -Be 1 -Because $id
            [array]::IndexOf([string[]]$run.Output, $warning[0]) | Should -BeLessThan $firstPrompt -Because $id
        }
    }

    It 'are named once in a -WhatIf run too' {
        $run = Invoke-Run @{} -WhatIf
        $run.Stopped | Should -BeNullOrEmpty
        foreach ($id in 'Custom-NoType', 'Custom-Provider') { @(Get-LeftOutWarning $run.Output $id).Count | Should -Be 1 -Because $id }
    }
}
