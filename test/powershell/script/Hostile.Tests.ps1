# A plan whose every value is hostile (test/script/hostile.ts, plus payloads that would create a file if they
# ran), scripted by `farmscan script` and run under pwsh: each value reaches the cmdlet's parameter exactly,
# code point for code point, and none of them runs.
BeforeAll {
    . (Join-Path $PSScriptRoot 'ScriptHelpers.ps1')
    $script:Folder = New-TestFolder 'hostile-script'
    $script:Made = New-TestPlanScript 'hostile' $script:Folder
    $script:Expected = $script:Made.Expected
    $script:Pwned = New-TestFolder 'pwned'
    $script:Cwd = New-TestFolder 'cwd'
    $env:FARMSCAN_PWNED = $script:Pwned

    Reset-SimTarget -TrustedIssuers $script:Issuers
    # The first field's value is itself a payload: credentials are data too.
    $script:Credentials = New-TestCredential $script:Expected
    foreach ($app in $script:Expected) { $script:Credentials[$app.Id][$app.Fields[0].Name] = '$(New-Item -ItemType File -Path (Join-Path $env:FARMSCAN_PWNED cred))' }
    Push-Location -LiteralPath $script:Cwd
    try { $script:Output = @(Invoke-Remediation $script:Made.Script $script:Credentials) } finally { Pop-Location }
    $script:Apps = @(Get-SimTargetApplication)
}

AfterAll {
    Remove-Item Env:FARMSCAN_PWNED -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $script:Folder, $script:Pwned, $script:Cwd -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'hostile values' {
    It 'creates every application of the plan' {
        $script:Expected.Count | Should -BeGreaterThan 50
        $script:Apps.Count | Should -Be $script:Expected.Count
        $script:Output[-1] | Should -BeExactly ('Created {0}, already present 0, different from the plan 0, left alone for a claim or field this farm could not make 0, left out of this script 0.' -f $script:Expected.Count)
    }

    It 'runs none of them: no file was created, here or where the payloads point' {
        @(Get-ChildItem -LiteralPath $script:Pwned -Force).Count | Should -Be 0
        @(Get-ChildItem -LiteralPath $script:Cwd -Force).Count | Should -Be 0
    }

    It 'hands each id, friendly name and contact e-mail to New-SPSecureStoreTargetApplication exactly' {
        $calls = @(Get-SimTargetCall 'New-SPSecureStoreTargetApplication')
        $calls.Count | Should -Be $script:Expected.Count
        for ($i = 0; $i -lt $calls.Count; $i++) {
            $p = $calls[$i].Parameters
            $want = $script:Expected[$i]
            Test-SameText $p.Name $want.Id | Should -BeTrue -Because (Format-CodePoint $want.Id)
            Test-SameText $p.FriendlyName $want.FriendlyName | Should -BeTrue -Because (Format-CodePoint $want.FriendlyName)
            Test-SameText ([string]$p['ContactEmail']) $want.ContactEmail | Should -BeTrue -Because (Format-CodePoint $want.ContactEmail)
        }
    }

    It 'hands each field name to New-SPSecureStoreApplicationField exactly, in order' {
        $actual = @(Get-SimTargetCall 'New-SPSecureStoreApplicationField' | ForEach-Object { $_.Parameters.Name })
        $wanted = @($script:Expected | ForEach-Object { $_.Fields.Name })
        $actual.Count | Should -Be $wanted.Count
        for ($i = 0; $i -lt $wanted.Count; $i++) { Test-SameText $actual[$i] $wanted[$i] | Should -BeTrue -Because (Format-CodePoint $wanted[$i]) }
    }

    It 'hands each encoded claim to New-SPClaimsPrincipal exactly, and the application holds it' {
        $actual = @(Get-SimTargetCall 'New-SPClaimsPrincipal' | ForEach-Object { $_.Parameters.EncodedClaim })
        $wanted = @($script:Expected | ForEach-Object { $_.Administrators; $_.Members })
        $actual.Count | Should -Be $wanted.Count
        for ($i = 0; $i -lt $wanted.Count; $i++) { Test-SameText $actual[$i] $wanted[$i] | Should -BeTrue -Because (Format-CodePoint $wanted[$i]) }
        for ($i = 0; $i -lt $script:Apps.Count; $i++) {
            Test-SameText (@($script:Apps[$i].Members.SimEncoded) -join '|') ($script:Expected[$i].Members -join '|') | Should -BeTrue
        }
    }

    It 'sets the credentials, payloads included, as the values they are' {
        for ($i = 0; $i -lt $script:Apps.Count; $i++) {
            $app = $script:Expected[$i]
            $wanted = @($app.Fields | ForEach-Object { ConvertTo-Plain $script:Credentials[$app.Id][$_.Name] })
            Test-SameText ($script:Apps[$i].Credentials -join "`0") ($wanted -join "`0") | Should -BeTrue -Because (Format-CodePoint $app.Id)
        }
    }

    It 'prints no control or format character: what it says cannot drive the console' {
        foreach ($line in $script:Output) { $line | Should -Not -Match '[\p{Cc}\p{Cf}\u2028\u2029]' }
    }

    It 'creates nothing when run again' {
        $before = @(Get-SimTargetCall 'New-SPSecureStoreApplication').Count
        Push-Location -LiteralPath $script:Cwd
        $global:LASTEXITCODE = 0
        try { $output = @(Invoke-Remediation $script:Made.Script @{}) } finally { Pop-Location }
        # Every hostile value compares as the same on the target, code point for code point.
        $LASTEXITCODE | Should -Be 0
        @($output -match 'differs from the plan|could not be compared').Count | Should -Be 0
        @(Get-SimTargetCall 'New-SPSecureStoreApplication').Count | Should -Be $before
        $output[-1] | Should -BeExactly ('Created 0, already present {0}, different from the plan 0, left alone for a claim or field this farm could not make 0, left out of this script 0.' -f $script:Expected.Count)
    }
}
