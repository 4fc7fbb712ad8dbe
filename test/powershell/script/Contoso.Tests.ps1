# The script `farmscan script` writes for the Contoso sample (scanned for real, decisions settled), run under
# pwsh against the simulated target: what it creates, that a rerun and -WhatIf create nothing, and where the
# credentials go. Expectations come from remediation-plan.json and decisions.json.
BeforeAll {
    . (Join-Path $PSScriptRoot 'ScriptHelpers.ps1')
    $script:Folder = New-TestFolder 'contoso-script'
    $script:Made = New-ContosoScript $script:Folder
    $script:Expected = $script:Made.Expected
}

AfterAll { Remove-Item -LiteralPath $script:Folder -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'the Contoso plan on an empty target' {
    BeforeAll {
        Reset-SimTarget -TrustedIssuers $script:Issuers
        $script:Credentials = New-TestCredential $script:Expected
        $script:Output = @(Invoke-Remediation $script:Made.Script $script:Credentials)
        $script:Apps = @(Get-SimTargetApplication)
    }

    It 'creates every application of the plan once, in plan order, as Group Restricted' {
        $script:Expected.Count | Should -Be 12
        @(Get-SimTargetCall 'New-SPSecureStoreApplication').Count | Should -Be $script:Expected.Count
        ($script:Apps.Id -join '|') | Should -BeExactly ($script:Expected.Id -join '|')
        foreach ($app in $script:Apps) { "$($app.Target.Type)" | Should -BeExactly 'RestrictedGroup' }
    }

    It 'gives each application its friendly name and contact e-mail' {
        for ($i = 0; $i -lt $script:Expected.Count; $i++) {
            Test-SameText $script:Apps[$i].Target.FriendlyName $script:Expected[$i].FriendlyName | Should -BeTrue -Because $script:Expected[$i].Id
            [string]$script:Apps[$i].Target.ContactEmail | Should -BeExactly $script:Expected[$i].ContactEmail
        }
    }

    It 'gives each application exactly its fields: names, types and masks, in order' {
        for ($i = 0; $i -lt $script:Expected.Count; $i++) {
            $actual = @($script:Apps[$i].Fields | ForEach-Object { '{0}:{1}:{2}' -f $_.Name, $_.CredentialType, $_.IsMasked })
            $wanted = @($script:Expected[$i].Fields | ForEach-Object { '{0}:{1}:{2}' -f $_.Name, $_.Type, $_.Masked })
            ($actual -join '|') | Should -BeExactly ($wanted -join '|') -Because $script:Expected[$i].Id
        }
    }

    It 'gives each application exactly its administrators and members' {
        for ($i = 0; $i -lt $script:Expected.Count; $i++) {
            (@($script:Apps[$i].Administrators.SimEncoded) -join '|') | Should -BeExactly ($script:Expected[$i].Administrators -join '|') -Because $script:Expected[$i].Id
            (@($script:Apps[$i].Members.SimEncoded) -join '|') | Should -BeExactly ($script:Expected[$i].Members -join '|') -Because $script:Expected[$i].Id
        }
    }

    It 'checks the trusted issuer the claims name before creating anything' {
        $names = @(Get-SimTargetCall | ForEach-Object { $_.Name })
        $names.IndexOf('Get-SPTrustedIdentityTokenIssuer') | Should -BeLessThan $names.IndexOf('New-SPSecureStoreApplication')
        $names.IndexOf('Get-SPTrustedIdentityTokenIssuer') | Should -BeGreaterOrEqual 0
    }

    It 'reads the target once, with -All, before anything else' {
        $reads = @(Get-SimTargetCall 'Get-SPSecureStoreApplication' | Where-Object { $_.Parameters.Contains('All') })
        $reads.Count | Should -Be 1
        (Get-SimTargetCall)[0].Name | Should -Be 'Get-SPSecureStoreApplication'
        (Get-SimTargetCall)[0].Parameters.Contains('All') | Should -BeTrue
    }

    It 'hands the -Credentials values to Update-SPSecureStoreGroupCredentialMapping in field order' {
        $updates = @(Get-SimTargetCall 'Update-SPSecureStoreGroupCredentialMapping')
        $updates.Count | Should -Be $script:Expected.Count
        for ($i = 0; $i -lt $script:Expected.Count; $i++) {
            $app = $script:Expected[$i]
            $updates[$i].Parameters.Identity.TargetApplication.ApplicationId | Should -BeExactly $app.Id
            $wanted = @($app.Fields | ForEach-Object { ConvertTo-Plain $script:Credentials[$app.Id][$_.Name] })
            $given = @($updates[$i].Parameters.Values | ForEach-Object { ConvertTo-Plain $_ })
            ($given -join "`0") | Should -BeExactly ($wanted -join "`0") -Because $app.Id
            ($script:Apps[$i].Credentials -join "`0") | Should -BeExactly ($wanted -join "`0")
        }
    }

    It 'asks nothing when -Credentials gives every value, and prints no value in any stream' {
        @(Get-SimTargetCall 'Read-Host').Count | Should -Be 0
        $text = $script:Output -join "`n"
        foreach ($set in $script:Credentials.Values) {
            foreach ($value in $set.Values) { $text.Contains((ConvertTo-Plain $value)) | Should -BeFalse }
        }
        $script:Output[-1] | Should -BeExactly 'Created 12, already present 0, different from the plan 0, left alone for a claim or field this farm could not make 0, left out of this script 0.'
    }
}

Describe 'a second run, and -WhatIf' {
    It 'creates nothing the second time, asks nothing, says each application exists, and ends with 0' {
        Reset-SimTarget -TrustedIssuers $script:Issuers
        $null = Invoke-Remediation $script:Made.Script (New-TestCredential $script:Expected)
        $before = @(Get-SimTargetCall).Count
        $global:LASTEXITCODE = 0
        $output = @(Invoke-Remediation $script:Made.Script @{})
        $LASTEXITCODE | Should -Be 0
        $again = @(Get-SimTargetCall | Select-Object -Skip $before | ForEach-Object { $_.Name })
        $again | Should -Not -Contain 'New-SPSecureStoreApplication'
        $again | Should -Not -Contain 'Update-SPSecureStoreGroupCredentialMapping'
        $again | Should -Not -Contain 'Read-Host'
        @(Get-SimTargetApplication).Count | Should -Be 12
        @($output | Where-Object { $_ -like 'Already exists, left alone: *' }).Count | Should -Be 12
        $output[-1] | Should -BeExactly 'Created 0, already present 12, different from the plan 0, left alone for a claim or field this farm could not make 0, left out of this script 0.'
    }

    It '-WhatIf creates nothing and asks for no credential' {
        Reset-SimTarget -TrustedIssuers $script:Issuers
        $output = @(Invoke-Remediation $script:Made.Script @{} -WhatIf)
        $names = @(Get-SimTargetCall | ForEach-Object { $_.Name })
        $names | Should -Not -Contain 'New-SPSecureStoreApplication'
        $names | Should -Not -Contain 'Update-SPSecureStoreGroupCredentialMapping'
        $names | Should -Not -Contain 'Read-Host'
        @(Get-SimTargetApplication).Count | Should -Be 0
        $output[-1] | Should -BeExactly 'Created 0, already present 0, different from the plan 0, left alone for a claim or field this farm could not make 0, left out of this script 0.'
    }
}

Describe 'a transcript of the run' {
    It 'holds no credential value, nor does any stream of the process, and the values were set' {
        $values = @{}
        $i = 0
        foreach ($app in $script:Expected) {
            $i++
            $values[$app.Id] = [ordered]@{}
            foreach ($field in $app.Fields) { $values[$app.Id][$field.Name] = 'Tr4nscr1pt-' + $i + '-' + [guid]::NewGuid().ToString('N').Substring(0, 8) }
        }
        $transcript = Join-Path $script:Folder 'transcript.txt'
        $env:FARMSCAN_TEST_CREDENTIALS = $values | ConvertTo-Json -Depth 4 -Compress
        try {
            $pwsh = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
            $output = & $pwsh -NoLogo -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Invoke-InTranscript.ps1') -Script $script:Made.Script -Transcript $transcript 2>&1 | ForEach-Object { [string]$_ }
        } finally {
            Remove-Item Env:FARMSCAN_TEST_CREDENTIALS
        }
        $output | Should -Contain 'CREDENTIALS SET'
        $kept = Get-Content -LiteralPath $transcript -Raw
        $kept | Should -Match 'Created 12, already present 0'
        foreach ($set in $values.Values) {
            foreach ($value in $set.Values) {
                $kept.Contains($value) | Should -BeFalse
                ($output -join "`n").Contains($value) | Should -BeFalse
            }
        }
    }
}
