# How the generated script takes each credential: at a prompt (no echo for any secret field type, whatever
# the plan's mask says) or from -Credentials. Plan: New-TestPlan.mjs credentials (every credential type as an
# unmasked field; two fields whose names differ only in case).
BeforeAll {
    . (Join-Path $PSScriptRoot 'ScriptHelpers.ps1')
    $script:Folder = New-TestFolder 'credentials-script'
    $script:Made = New-TestPlanScript 'credentials' $script:Folder
    $script:Expected = $script:Made.Expected
    # SecureStoreCredentialType names whose values are secrets (REFERENCE.md section 2).
    $script:SecretTypes = @('Password', 'Pin', 'Key', 'WindowsPassword', 'Certificate', 'CertificatePassword')

    function Get-PromptAnswer {
        # One distinct answer per field of every application, in plan and field order.
        foreach ($app in $script:Expected) { foreach ($field in $app.Fields) { 'answer-' + $app.Id + '-' + $field.Name } }
    }
}

AfterAll { Remove-Item -LiteralPath $script:Folder -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'prompts' {
    BeforeAll {
        Reset-SimTarget -TrustedIssuers $script:Issuers
        $script:Answers = @(Get-PromptAnswer)
        Set-SimAnswer $script:Answers
        $script:Output = @(Invoke-Remediation $script:Made.Script @{})
        $script:Prompts = @(Get-SimTargetCall 'Read-Host')
    }

    It 'reads every secret field type without echo, even when the plan does not mask it' {
        $wanted = @(foreach ($app in $script:Expected) { foreach ($f in $app.Fields) { '{0} / {1}: {2}' -f $app.Id, $f.Name, ($f.Masked -or $script:SecretTypes -contains $f.Type) } })
        $asked = @($script:Prompts | ForEach-Object { '{0}: {1}' -f $_.Parameters['Prompt'], [bool]$_.Parameters['AsSecureString'] })
        ($asked -join "`n") | Should -BeExactly ($wanted -join "`n")
        # The types that may echo stay echoed when unmasked: a user name is read as typed.
        ($asked -match '^Secret-Types / (User|Generic|Windows User Name): False$').Count | Should -Be 3
    }

    It 'keeps each field as the plan has it (the mask is not changed) and sets what was answered' {
        foreach ($app in $script:Expected) {
            $made = @(Get-SimTargetApplication | Where-Object { $_.Id -ceq $app.Id })[0]
            (@($made.Fields | ForEach-Object { '{0}:{1}:{2}' -f $_.Name, $_.CredentialType, $_.IsMasked }) -join '|') | Should -BeExactly (@($app.Fields | ForEach-Object { '{0}:{1}:{2}' -f $_.Name, $_.Type, $_.Masked }) -join '|')
        }
        (@(Get-SimTargetApplication | ForEach-Object { $_.Credentials }) -join '|') | Should -BeExactly ($script:Answers -join '|')
    }
}

Describe '-Credentials keys' {
    BeforeAll {
        function Invoke-WithKeys([hashtable]$CaseFields, [hashtable]$Extra = @{}) {
            # Secret-Types fully given; Case-Fields as the test says; whatever is not matched is prompted.
            Reset-SimTarget -TrustedIssuers $script:Issuers
            $credentials = New-TestCredential @($script:Expected | Where-Object { $_.Id -ceq 'Secret-Types' })
            if ($null -ne $CaseFields) { $credentials['Case-Fields'] = $CaseFields }
            foreach ($key in $Extra.Keys) { $credentials[$key] = $Extra[$key] }
            Set-SimAnswer @('typed-1', 'typed-2', 'typed-3')
            $output = @(Invoke-Remediation $script:Made.Script $credentials)
            [pscustomobject]@{
                Output  = $output
                Prompts = @(Get-SimTargetCall 'Read-Host' | ForEach-Object { [string]$_.Parameters['Prompt'] })
                Values  = @(Get-SimTargetApplication | Where-Object { $_.Id -ceq 'Case-Fields' } | ForEach-Object { $_.Credentials })
            }
        }
    }

    It 'takes a value only for the field its key names exactly: Account does not fill account' {
        $run = Invoke-WithKeys @{ 'Account' = 'given-Account-7f3a'; 'Secret' = 'given-Secret-7f3a' }
        $run.Values | Should -Be @('given-Account-7f3a', 'typed-1', 'given-Secret-7f3a')
        $run.Prompts | Should -Be @('Case-Fields / account')
    }

    It 'a case-sensitive hashtable gives each of two fields differing in case its own value' {
        $set = New-Object System.Collections.Hashtable -ArgumentList ([StringComparer]::Ordinal)
        $set['Account'] = 'upper-9c1d'; $set['account'] = 'lower-9c1d'; $set['Secret'] = 'secret-9c1d'
        $run = Invoke-WithKeys $set
        $run.Values | Should -Be @('upper-9c1d', 'lower-9c1d', 'secret-9c1d')
        $run.Prompts | Should -Be @()
    }

    It 'warns about a key that names no field of the application, naming it only when it is a field name in another case, and asks for the field' {
        # 'S3cret-swapped-4f0a' = 'Secret': a value typed where its field name goes; the key must not be shown.
        $run = Invoke-WithKeys @{ 'Acount' = 'typo-value-51b2'; 'SECRET' = 'typo-value-8e44'; 'account' = 'given-account-0d1e'; 'S3cret-swapped-4f0a' = 'Secret' }
        $warnings = @($run.Output -match 'names no field')
        $warnings.Count | Should -Be 3
        $warnings -cmatch '''SECRET''' | Should -HaveCount 1
        $warnings -match 'a key of 6 characters \(not shown' | Should -HaveCount 1
        $warnings -match 'a key of 19 characters \(not shown' | Should -HaveCount 1
        $warnings -match 'its fields: ''Account'', ''account'', ''Secret''' | Should -HaveCount 3
        ($run.Output -join "`n") | Should -Not -Match 'typo-value|Acount|S3cret-swapped'
        $run.Prompts | Should -Be @('Case-Fields / Account', 'Case-Fields / Secret')
        $run.Values | Should -Be @('typed-1', 'given-account-0d1e', 'typed-2')
    }

    It 'warns about a key that names no application of the script (case counts there too)' {
        $run = Invoke-WithKeys $null @{ 'case-fields' = @{ 'Account' = 'wrong-app-3c9a' }; 'No-Such-App' = @{ 'Password' = 'wrong-app-77aa' } }
        $warnings = @($run.Output -match 'names no application')
        $warnings.Count | Should -Be 2
        $warnings -match '''case-fields''' | Should -HaveCount 1
        $warnings -match '''No-Such-App''' | Should -HaveCount 1
        ($run.Output -join "`n") | Should -Not -Match 'wrong-app'
        $run.Values | Should -Be @('typed-1', 'typed-2', 'typed-3')
    }
}

Describe '-Credentials values' {
    It 'warns about each value given as a plain string (never printing it), takes it, and takes a PSCredential''s password' {
        Reset-SimTarget -TrustedIssuers $script:Issuers
        $secure = { param($Text) ConvertTo-SecureString -String $Text -AsPlainText -Force }
        $credentials = @{ 'Secret-Types' = @{}; 'Case-Fields' = @{} }
        foreach ($field in @($script:Expected | Where-Object { $_.Id -ceq 'Secret-Types' })[0].Fields) { $credentials['Secret-Types'][$field.Name] = & $secure ('secure-' + $field.Name) }
        $set = New-Object System.Collections.Hashtable -ArgumentList ([StringComparer]::Ordinal)
        $set['Account'] = 'plain-value-1a2b'
        $set['account'] = & $secure 'secure-value-3c4d'
        $set['Secret'] = New-Object System.Management.Automation.PSCredential -ArgumentList 'ignored-user', (& $secure 'pscredential-value-5e6f')
        $credentials['Case-Fields'] = $set
        $output = @(Invoke-Remediation $script:Made.Script $credentials)
        $plain = @($output -match 'plain string')
        $plain.Count | Should -Be 1
        $plain[0] | Should -Match '^-Credentials: Case-Fields / Account: given as a plain string'
        $plain[0] | Should -Match 'Read-Host -AsSecureString'
        ($output -join "`n") | Should -Not -Match 'value-|secure-'
        @(Get-SimTargetApplication | Where-Object { $_.Id -ceq 'Case-Fields' })[0].Credentials | Should -Be @('plain-value-1a2b', 'secure-value-3c4d', 'pscredential-value-5e6f')
        @(Get-SimTargetCall 'Read-Host').Count | Should -Be 0
    }

    It 'the script header shows the safe route: Read-Host -AsSecureString, or Export-Clixml / Import-Clixml under DPAPI' {
        $header = @(Get-Content -LiteralPath $script:Made.Script | Where-Object { $_ -like '#*' })
        ($header -join "`n") | Should -Match 'Read-Host -AsSecureString'
        ($header -join "`n") | Should -Match 'Export-Clixml[^\n]*\n[^\n]*Import-Clixml|Import-Clixml'
        ($header -join "`n") | Should -Match 'DPAPI'
    }
}

Describe '-WhatIf and -Confirm on the credential mapping' {
    BeforeAll {
        # The claims plan: two applications with the default two fields each.
        $script:Claims = New-TestPlanScript 'claims' (New-Item -ItemType Directory -Path (Join-Path $script:Folder 'claims')).FullName
    }

    It '-WhatIf sets no credential mapping even when -Credentials gives every value' {
        Reset-SimTarget -TrustedIssuers $script:Issuers
        $output = @(Invoke-Remediation $script:Claims.Script (New-TestCredential $script:Claims.Expected) -WhatIf)
        $names = @(Get-SimTargetCall | ForEach-Object { $_.Name })
        $names | Should -Not -Contain 'Update-SPSecureStoreGroupCredentialMapping'
        $names | Should -Not -Contain 'New-SPSecureStoreApplication'
        $names | Should -Not -Contain 'Read-Host'
        @(Get-SimTargetApplication).Count | Should -Be 0
        $output[-1] | Should -BeExactly 'Created 0, already present 0, different from the plan 0, left alone for a claim or field this farm could not make 0, left out of this script 0.'
    }

    It '-Confirm asks once per application, not again for its credentials; a No creates nothing for it' {
        $values = @{}
        foreach ($app in $script:Claims.Expected) {
            $values[$app.Id] = @{}
            foreach ($field in $app.Fields) { $values[$app.Id][$field.Name] = 'Conf1rm-' + [guid]::NewGuid().ToString('N').Substring(0, 8) }
        }
        $env:FARMSCAN_TEST_CREDENTIALS = $values | ConvertTo-Json -Depth 4 -Compress
        try {
            $pwsh = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
            # Yes for the first application, No for the second; a third answer would go to a prompt too many.
            $output = @('Y', 'N', 'N') | & $pwsh -NoLogo -NoProfile -File (Join-Path $PSScriptRoot 'Invoke-Confirmed.ps1') -Script $script:Claims.Script 2>&1 | ForEach-Object { [string]$_ }
        } finally {
            Remove-Item Env:FARMSCAN_TEST_CREDENTIALS
        }
        # The console wraps the prompt text: read it as one line.
        $text = ($output -join ' ') -replace '\s+', ' '
        $asked = @([regex]::Matches($text, 'Performing the operation "([^"]+)" on target "([^"]+)"') | ForEach-Object { $_.Groups[1].Value + ' | ' + $_.Groups[2].Value })
        $asked | Should -Be @('Create a Group Restricted Secure Store target application | Trusted-Claims', 'Create a Group Restricted Secure Store target application | Windows-Spellings')
        $result = ($output | Where-Object { $_ -like 'RESULT *' } | Select-Object -Last 1).Substring(7) | ConvertFrom-Json
        @($result.Applications | ForEach-Object { $_.Id + ':' + $_.CredentialsSet }) | Should -Be @('Trusted-Claims:True')
        @($result.Updates | ForEach-Object { $_.Id + ':' + $_.Confirm }) | Should -Be @('Trusted-Claims:False')
        foreach ($set in $values.Values) { foreach ($value in $set.Values) { ($output -join "`n").Contains($value) | Should -BeFalse } }
    }
}
