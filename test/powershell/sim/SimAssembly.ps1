# Loads one of the simulation's C# files as a compiled assembly, cached: compiling it with Add-Type takes
# about 4 s, and the tests start a fresh pwsh for every export and every script run (measured: a pwsh that
# imports the farm took 5.5 s compiling, 2.1 s loading the cached DLL). The cache is keyed by the source's
# bytes and the PowerShell and .NET versions, so an edited .cs compiles again; a DLL appears under its final
# name only once it is whole (written beside it, then moved), so pwsh processes started at once can share it.
#   Import-SimAssembly -Source <path.cs> -TypeName <a type it defines> [-ReferencedAssemblies ...]
Set-StrictMode -Version Latest

function Import-SimAssembly {
    param(
        [Parameter(Mandatory = $true)] [string]$Source,
        [Parameter(Mandatory = $true)] [string]$TypeName,
        [string[]]$ReferencedAssemblies = @()
    )
    if ($TypeName -as [type]) { return }
    $folder = $env:FARMSCAN_SIM_CACHE
    # In the repository's git-ignored .tools (beside Pester), not a shared temp folder another user could write.
    if (-not $folder) { $folder = Join-Path $PSScriptRoot '../../../.tools/sim-assemblies' }
    [void][IO.Directory]::CreateDirectory($folder)
    $stamp = '{0}|{1}|{2}|' -f $PSVersionTable.PSVersion, [Environment]::Version, ($ReferencedAssemblies -join ',')
    $bytes = [Text.Encoding]::UTF8.GetBytes($stamp) + [IO.File]::ReadAllBytes($Source)
    $hash = [BitConverter]::ToString([Security.Cryptography.SHA256]::HashData([byte[]]$bytes)).Replace('-', '').Substring(0, 16)
    $dll = Join-Path $folder ('{0}-{1}.dll' -f [IO.Path]::GetFileNameWithoutExtension($Source), $hash)
    if (-not (Test-Path -LiteralPath $dll)) {
        $partial = '{0}.{1}.tmp' -f $dll, [guid]::NewGuid().ToString('N')
        $compile = @{ Path = $Source; OutputAssembly = $partial; OutputType = 'Library' }
        if ($ReferencedAssemblies.Count -gt 0) { $compile['ReferencedAssemblies'] = $ReferencedAssemblies }
        Add-Type @compile
        try { [IO.File]::Move($partial, $dll) }
        catch [IO.IOException] { Remove-Item -LiteralPath $partial -Force -ErrorAction SilentlyContinue } # another process won
    }
    Add-Type -Path $dll
}
