# The harness itself: pwsh 7.6 runs these files under StrictMode Latest with Pester 5.
Describe 'the PowerShell test harness' {
    It 'runs PowerShell 7.6' {
        $PSVersionTable.PSVersion.Major | Should -Be 7
        $PSVersionTable.PSVersion.Minor | Should -Be 6
    }
    It 'runs under Set-StrictMode -Version Latest' {
        { $undefinedVariable } | Should -Throw
    }
}
