# Text from the source farm reaches the admin's console (warnings, host lines, progress) and ExportInfo.xml's
# warnings: control and bidi characters in it must show as visible text, never act on the terminal. The
# farm's HostileText variant (sim/farm.psd1) holds such names and values; the exported data keeps them as
# they are (CLIXML escapes them safely).
BeforeAll {
    . (Join-Path $PSScriptRoot 'ExporterHelpers.ps1')

    function Find-UnsafeCharacter([string]$Text) {
        # The characters no console line may carry: what Format-ConsoleText shows as \u{XXXX}.
        @($Text.ToCharArray() | Where-Object { 'Control', 'Format', 'LineSeparator', 'ParagraphSeparator' -contains [string][Globalization.CharUnicodeInfo]::GetUnicodeCategory($_) } | ForEach-Object { 'U+{0:X4}' -f [int]$_ })
    }

    function Hide-Unsafe([string[]]$Text) {
        # For a failure message: it reaches the test runner's terminal, so the characters under test must not.
        ($Text | ForEach-Object { $_ -replace '[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]', '?' }) -join "`n"
    }

    $script:Hostile = $script:Farm.Variants.HostileText.Add
    $script:Export = New-TestFolder 'hostile'
    $script:Run = Invoke-SimExport -OutputFolder $script:Export -Variant HostileText -AllStreams
    $script:Info = Import-Clixml -LiteralPath (Join-Path $script:Export 'ExportInfo.xml')
    $script:Warnings = @($script:Run.Streams | Where-Object { $_.Stream -eq 'Warning' } | ForEach-Object { $_.Text })
}

AfterAll {
    Remove-Item -LiteralPath $script:Export, "$($script:Export).counters.json" -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Format-ConsoleText' {
    BeforeAll {
        # The exporter's own function, taken out of its text (the script runs its export when started).
        $tokens = $null
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $script:RepoRoot 'samples/Export-FarmInventory.ps1'), [ref]$tokens, [ref]$errors)
        $definition = $ast.Find({ param($a) $a -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $a.Name -eq 'Format-ConsoleText' }, $true)
        . ([scriptblock]::Create($definition.Extent.Text))
    }

    It 'shows ESC, BEL, CR, LF, TAB, DEL and C1 controls as \u{XXXX}' {
        Format-ConsoleText "a`e[2Jb`a`r`n`t$([char]0x7F)$([char]0x9B)c" | Should -BeExactly 'a\u{001B}[2Jb\u{0007}\u{000D}\u{000A}\u{0009}\u{007F}\u{009B}c'
    }

    It 'shows bidi controls, zero-width characters and line separators as \u{XXXX}' {
        Format-ConsoleText "x`u{202E}y`u{2066}`u{2069}`u{200F}`u{061C}`u{200B}`u{2028}`u{2029}z" | Should -BeExactly 'x\u{202E}y\u{2066}\u{2069}\u{200F}\u{061C}\u{200B}\u{2028}\u{2029}z'
    }

    It 'leaves printable text alone, accents and emoji included' {
        Format-ConsoleText "SAP Orders (Wroc$([char]0x142)aw) `u{1F600} r&d <a> 'q' \u{1B}" | Should -BeExactly "SAP Orders (Wroc$([char]0x142)aw) `u{1F600} r&d <a> 'q' \u{1B}"
    }

    It 'cuts a long value at 200 characters, marked, without splitting a surrogate pair' {
        Format-ConsoleText ('x' * 300) | Should -BeExactly (('x' * 200) + '...')
        Format-ConsoleText (('x' * 199) + "`u{1F600}" + 'tail') | Should -BeExactly (('x' * 199) + '...')
        Format-ConsoleText ('x' * 300) 0 | Should -BeExactly ('x' * 300)
        Format-ConsoleText ('x' * 200) | Should -BeExactly ('x' * 200)
    }

    It 'cuts before it escapes: an escaped value can be longer than the limit, never unescaped' {
        $shown = Format-ConsoleText ("`e" * 250)
        $shown | Should -BeExactly (('\u{001B}' * 200) + '...')
    }

    It 'shows $null as empty text' {
        Format-ConsoleText $null | Should -BeExactly ''
    }
}

Describe 'an export of a farm whose names and values hold terminal controls' {
    It 'ends normally' {
        $script:Run.ExitCode | Should -Be 0 -Because $script:Run.Output
    }

    It 'prints no control or bidi character in any stream' {
        @($script:Run.Streams).Count | Should -BeGreaterThan 10
        foreach ($record in $script:Run.Streams) {
            # Out-String (output and error records) ends its text with a newline of its own.
            $text = if ($record.Stream -eq 'Output' -or $record.Stream -eq 'Error') { $record.Text.TrimEnd("`r", "`n") } else { $record.Text }
            Find-UnsafeCharacter $text | Should -Be @() -Because "[$($record.Stream)] $(Hide-Unsafe $text)"
        }
    }

    It 'shows each hostile value visibly in its warning' {
        $claim = 'Ops\u{001B}[2J\u{001B}]0;pwned\u{0007}\u{000D}All clear\u{202E}txt.exe'
        # Each warning: the literal pieces it must hold (farm values shown as \u{XXXX}).
        $expected = @(
            , @("HostileClaims: claim '$claim' could not be encoded (", "'Gone\u{001B}[5m' is not registered")
            , @("Connection 'Evil\u{001B}[2K\u{000D}AD Import' (ActiveDirectoryImport): its property mappings are not readable")
            , @("BCS connection reads external system 'Missing\u{001B}[31mSystem', which has no LobSystemInstance")
            , @("Content database 'WSS_Content_\u{001B}[1mBold' is read-only")
            , @("Content database 'WSS_Content_\u{001B}[8mHidden\u{202E}' is Offline, not Online")
        )
        foreach ($pieces in $expected) {
            $found = @($script:Warnings | Where-Object { $warning = $_; @($pieces | Where-Object { -not $warning.Contains($_) }).Count -eq 0 })
            $found.Count | Should -Be 1 -Because "$($pieces -join ' ... ') in:`n$(Hide-Unsafe $script:Warnings)"
        }
    }

    It 'shows a hostile database name in its host line too' {
        $lines = @($script:Run.Streams | Where-Object { $_.Stream -eq 'Information' } | ForEach-Object { $_.Text })
        @($lines | Where-Object { $_.StartsWith('SiteCollections (WSS_Content_\u{001B}[1mBold): 1 written to ') }).Count | Should -Be 1 -Because (Hide-Unsafe $lines)
    }

    It 'keeps in ExportInfo.xml the same warnings, word for word, as the console showed' {
        @($script:Info.Warnings).Count | Should -Be $script:Warnings.Count
        for ($i = 0; $i -lt $script:Warnings.Count; $i++) { $script:Info.Warnings[$i] -ceq $script:Warnings[$i] | Should -BeTrue -Because (Hide-Unsafe $script:Warnings[$i]) }
    }

    It 'still exports the farm''s values as they are' {
        $apps = Import-ExportFile $script:Export 'SecureStoreApplications.xml'
        $app = @($apps | Where-Object { $_.TargetApplication.ApplicationId -eq 'HostileClaims' })[0]
        $app.TargetApplicationClaims.AdministratorClaims[0].ClaimValue | Should -BeExactly $script:Hostile.SecureStore[0].Administrators[0].V
        @($script:Info.ContentDatabases | ForEach-Object { $_.Name }) | Should -Contain $script:Hostile.ContentDatabases[1].Name
        $site = @(Import-ExportFile $script:Export 'SiteCollections/WSS_Content___1mBold.xml')[0]
        $site.LockIssue | Should -BeExactly $script:Hostile.ContentDatabases[0].Sites[0].LockIssue
    }
}
