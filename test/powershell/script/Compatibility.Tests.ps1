# The generated scripts must stay readable by Windows PowerShell 5.1, which cannot be run here: parsed by
# pwsh's parser, they hold none of PowerShell 7's own syntax, and their bytes are UTF-8 with BOM.
BeforeAll {
    . (Join-Path $PSScriptRoot 'ScriptHelpers.ps1')
    $script:Folder = New-TestFolder 'compat-script'
    $script:Scripts = @(
        (New-ContosoScript (New-Item -ItemType Directory -Path (Join-Path $script:Folder 'contoso')).FullName).Script
        (New-TestPlanScript 'hostile' (New-Item -ItemType Directory -Path (Join-Path $script:Folder 'hostile')).FullName).Script
        (New-TestPlanScript 'claims' (New-Item -ItemType Directory -Path (Join-Path $script:Folder 'claims')).FullName).Script
        (New-TestPlanScript 'custom-claims' (New-Item -ItemType Directory -Path (Join-Path $script:Folder 'custom-claims')).FullName).Script
    )
}

AfterAll { Remove-Item -LiteralPath $script:Folder -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'Windows PowerShell 5.1 can read the script' {
    It 'parses without errors and uses no 7-only syntax (?? ?. ternary && || -Parallel clean)' {
        foreach ($path in $script:Scripts) {
            $tokens = $null; $errors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseFile($path, [ref]$tokens, [ref]$errors)
            $errors | Should -BeNullOrEmpty
            $sevenOnly = $ast.FindAll({
                param($n)
                $n -is [System.Management.Automation.Language.TernaryExpressionAst] -or
                $n -is [System.Management.Automation.Language.PipelineChainAst] -or
                ($n -is [System.Management.Automation.Language.BinaryExpressionAst] -and $n.Operator -eq 'QuestionQuestion') -or
                ($n -is [System.Management.Automation.Language.AssignmentStatementAst] -and $n.Operator -eq 'QuestionQuestionEquals') -or
                ($n -is [System.Management.Automation.Language.MemberExpressionAst] -and $n.NullConditional) -or
                ($n -is [System.Management.Automation.Language.IndexExpressionAst] -and $n.NullConditional) -or
                ($n -is [System.Management.Automation.Language.CommandParameterAst] -and $n.ParameterName -eq 'Parallel')
            }, $true)
            @($sevenOnly).Count | Should -Be 0 -Because $path
            $ast.CleanBlock | Should -BeNullOrEmpty
        }
    }

    It 'is UTF-8 with a BOM and ASCII after it, so no code page can change a character' {
        foreach ($path in $script:Scripts) {
            $bytes = [IO.File]::ReadAllBytes($path)
            $bytes[0..2] | Should -Be @(0xEF, 0xBB, 0xBF)
            @($bytes[3..($bytes.Length - 1)] | Where-Object { $_ -ge 0x80 }).Count | Should -Be 0
        }
    }
}
