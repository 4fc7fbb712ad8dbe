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
