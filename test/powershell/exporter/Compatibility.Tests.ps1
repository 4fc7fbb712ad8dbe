# The exporter runs on the farm, in Windows PowerShell 5.1, which is not on this machine: check its text for
# what 5.1 cannot run, with the PowerShell 7 parser (a superset of 5.1's language).
BeforeAll {
    $script:Exporter = Join-Path $PSScriptRoot '../../../samples/Export-FarmInventory.ps1'

    function Get-Ps51Problem([string]$Text) {
        $tokens = $null
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($Text, [ref]$tokens, [ref]$errors)
        foreach ($e in $errors) { "parse error: $($e.Message)" }
        $find = { param($predicate) @($ast.FindAll($predicate, $true)) }
        foreach ($n in & $find { param($a) $a -is [System.Management.Automation.Language.TernaryExpressionAst] }) { "ternary operator, line $($n.Extent.StartLineNumber)" }
        foreach ($n in & $find { param($a) $a -is [System.Management.Automation.Language.PipelineChainAst] }) { "&& or ||, line $($n.Extent.StartLineNumber)" }
        foreach ($n in & $find { param($a) $a -is [System.Management.Automation.Language.BinaryExpressionAst] -and $a.Operator -eq 'QuestionQuestion' }) { "?? operator, line $($n.Extent.StartLineNumber)" }
        foreach ($n in & $find { param($a) $a -is [System.Management.Automation.Language.AssignmentStatementAst] -and $a.Operator -eq 'QuestionQuestionEquals' }) { "??= operator, line $($n.Extent.StartLineNumber)" }
        foreach ($n in & $find { param($a) ($a -is [System.Management.Automation.Language.MemberExpressionAst] -or $a -is [System.Management.Automation.Language.IndexExpressionAst]) -and $a.NullConditional }) { "?. or ?[], line $($n.Extent.StartLineNumber)" }
        foreach ($n in & $find { param($a) $a -is [System.Management.Automation.Language.ScriptBlockAst] -and $null -ne $a.CleanBlock }) { "clean block, line $($n.Extent.StartLineNumber)" }
        # Parameters PowerShell 7 added to cmdlets 5.1 has.
        $newParameters = 'Parallel', 'ThrottleLimit', 'AsHashtable', 'AsByteStream', 'AdditionalChildPath', 'SkipHeaderValidation'
        # Encoding names 5.1 knows (FileSystemCmdletProviderEncoding); utf8NoBOM, utf8BOM, ansi are 7's.
        $encodings = 'Unicode', 'UTF7', 'UTF8', 'UTF32', 'ASCII', 'BigEndianUnicode', 'Default', 'OEM', 'String', 'Unknown', 'Byte'
        foreach ($command in & $find { param($a) $a -is [System.Management.Automation.Language.CommandAst] }) {
            $elements = @($command.CommandElements)
            $name = $command.GetCommandName()
            for ($i = 1; $i -lt $elements.Count; $i++) {
                $element = $elements[$i]
                if ($element -isnot [System.Management.Automation.Language.CommandParameterAst]) { continue }
                if ($newParameters -contains $element.ParameterName) { "-$($element.ParameterName) (PowerShell 7), line $($element.Extent.StartLineNumber)" }
                if ($element.ParameterName -eq 'Encoding' -and $i + 1 -lt $elements.Count) {
                    $value = $elements[$i + 1].Extent.Text.Trim("'", '"')
                    if ($encodings -notcontains $value) { "-Encoding $value (not in 5.1), line $($element.Extent.StartLineNumber)" }
                }
            }
            if ($name -eq 'Join-Path') {
                $positional = @($elements | Select-Object -Skip 1 | Where-Object { $_ -isnot [System.Management.Automation.Language.CommandParameterAst] })
                $named = @($elements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] })
                if ($positional.Count + $named.Count -gt 2) { "Join-Path with more than two parts, line $($command.Extent.StartLineNumber)" }
            }
        }
        # Windows PowerShell reads a file without a BOM in the ANSI code page: keep the script ASCII.
        $line = 0
        foreach ($textLine in $Text -split "`n") {
            $line++
            if ($textLine -match '[^\x00-\x7F]') { "non-ASCII character, line $line" }
        }
    }
}

Describe 'Export-FarmInventory.ps1 stays Windows PowerShell 5.1 code' {
    It 'uses nothing that Windows PowerShell 5.1 cannot run' {
        $text = [IO.File]::ReadAllText((Resolve-Path -LiteralPath $script:Exporter).ProviderPath)
        @(Get-Ps51Problem $text) | Should -Be @()
    }

    It 'the check finds each construct it looks for' {
        $bad = @(
            '$a = $b ? 1 : 2'
            'Get-Item x && Get-Item y'
            '$a = $b ?? 3'
            '$a ??= 4'
            '$a = ${b}?.Name'
            '1..3 | ForEach-Object -Parallel { $_ }'
            '$p = Join-Path a b c'
            'Export-Clixml -LiteralPath x -Encoding utf8NoBOM'
            '$e = "Wroc' + [char]0x0142 + 'aw"'
        ) -join "`n"
        $found = @(Get-Ps51Problem $bad)
        foreach ($pattern in 'ternary', '&& or \|\|', '^\?\? operator', '\?\?= operator', '\?\. or', '-Parallel', '-ThrottleLimit|Join-Path with more', '-Encoding utf8NoBOM', 'non-ASCII') {
            @($found -match $pattern).Count | Should -BeGreaterThan 0 -Because "$pattern in: $($found -join '; ')"
        }
    }
}
