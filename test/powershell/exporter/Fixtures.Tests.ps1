# The committed real-serializer fixtures (test/fixtures/clixml) are what regenerate.ps1 writes today: a
# change to the exporter or the simulated farm that changes them must come with regenerated files.
BeforeAll {
    . (Join-Path $PSScriptRoot 'ExporterHelpers.ps1')
    $script:Committed = Join-Path $script:RepoRoot 'test/fixtures/clixml'
    $script:Fresh = New-TestFolder 'fixtures'
    $script:Output = & $script:Pwsh -NoLogo -NoProfile -NonInteractive -File (Join-Path $script:Committed 'regenerate.ps1') -OutputFolder $script:Fresh 2>&1 | ForEach-Object { [string]$_ }
    $script:ExitCode = $LASTEXITCODE
    function Get-FixtureFile([string]$Folder) {
        @(Get-ChildItem -LiteralPath $Folder -Recurse -File -Filter '*.xml' | ForEach-Object { $_.FullName.Substring($Folder.Length + 1).Replace('\', '/') } | Sort-Object)
    }
}

AfterAll { Remove-Item -LiteralPath $script:Fresh -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'the real Export-Clixml fixtures' {
    It 'regenerate.ps1 runs' {
        $script:ExitCode | Should -Be 0 -Because ($script:Output -join "`n")
    }

    It 'holds the same files as a fresh regeneration, byte for byte' {
        $names = Get-FixtureFile $script:Committed
        $names | Should -Be (Get-FixtureFile $script:Fresh)
        $names.Count | Should -Be 10
        foreach ($name in $names) {
            $committed = [IO.File]::ReadAllBytes((Join-Path $script:Committed $name))
            $fresh = [IO.File]::ReadAllBytes((Join-Path $script:Fresh $name))
            [Convert]::ToBase64String($committed) -eq [Convert]::ToBase64String($fresh) | Should -BeTrue -Because "$name differs from a fresh run of regenerate.ps1: run it and commit the files"
        }
    }

    It 'has UTF-16 LE files with a BOM, as Windows PowerShell 5.1 writes, and UTF-8 ones without' {
        foreach ($name in Get-FixtureFile (Join-Path $script:Committed 'utf16')) {
            $bytes = [IO.File]::ReadAllBytes((Join-Path (Join-Path $script:Committed 'utf16') $name))
            '{0:X2}{1:X2}{2:X2}' -f $bytes[0], $bytes[1], $bytes[3] | Should -Be 'FFFE00' -Because $name
        }
        foreach ($name in Get-FixtureFile (Join-Path $script:Committed 'utf8')) {
            $bytes = [IO.File]::ReadAllBytes((Join-Path (Join-Path $script:Committed 'utf8') $name))
            [char]$bytes[0] | Should -Be '<' -Because $name
        }
    }
}
