# "The exporter never exports a credential", tested: the simulated farm holds secrets next to what the
# exporter reads (Secure Store credentials, BCS properties with passwords, a synchronization account's
# password), each a marker 'S3cret-Marker-<n>' (sim/farm.psd1). No marker may reach an output file, as UTF-8
# or UTF-16, a console stream, or ExportInfo.xml; no SecureString (<SS>) may be written.
BeforeAll {
    . (Join-Path $PSScriptRoot 'ExporterHelpers.ps1')
    Import-Module (Join-Path $script:RepoRoot 'test/powershell/sim/SharePointSim.psm1') -Force

    function Get-SecretMarker($Value) {
        # Every marker anywhere in the farm definition.
        if ($Value -is [string]) { return @([regex]::Matches($Value, 'S3cret-Marker-\d+') | ForEach-Object { $_.Value }) }
        if ($Value -is [System.Collections.IDictionary]) { return @(foreach ($key in $Value.Keys) { Get-SecretMarker $Value[$key] }) }
        if ($Value -is [System.Collections.IEnumerable]) { return @(foreach ($item in $Value) { Get-SecretMarker $item }) }
        @()
    }

    function Find-Secret([string]$Folder) {
        # "<file>: <marker> (<encoding>)" for each marker or <SS> in any file of the folder, read as bytes and
        # decoded both ways: Windows PowerShell writes UTF-16 LE, PowerShell 7 UTF-8.
        foreach ($file in Get-ChildItem -LiteralPath $Folder -Recurse -File) {
            $bytes = [IO.File]::ReadAllBytes($file.FullName)
            foreach ($encoding in @([Text.Encoding]::UTF8, [Text.Encoding]::Unicode)) {
                $text = $encoding.GetString($bytes)
                foreach ($needle in @($script:Markers) + '<SS') {
                    if ($text.IndexOf($needle, [StringComparison]::Ordinal) -ge 0) { '{0}: {1} ({2})' -f $file.Name, $needle, $encoding.WebName }
                }
            }
        }
    }

    $script:Markers = @(Get-SecretMarker $script:Farm | Sort-Object -Unique)
    $script:Export = New-TestFolder 'secrets'
    # -CountPropertyUsage: the run that reads the most (every user profile too).
    $script:Run = Invoke-SimExport -OutputFolder $script:Export -Switch 'CountPropertyUsage' -AllStreams
    $script:CentralAdministration = @($script:Farm.WebApplications | Where-Object { $_['Administration'] })[0].Url
}

AfterAll {
    Remove-Item -LiteralPath $script:Export, "$($script:Export).counters.json" -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'the simulated farm holds secrets the exporter could reach' {
    BeforeAll { Import-SimFarm }

    It 'has eight distinct secret markers' {
        $script:Markers.Count | Should -Be 8 -Because ($script:Markers -join ', ')
    }

    It 'hands the Secure Store credentials out through ISecureStore.GetRestrictedCredentials, as SecureStrings' {
        $store = (New-Object Microsoft.Office.SecureStoreService.Server.SecureStoreServiceProxy).GetSecureStore((Get-SPServiceContext -Site $script:CentralAdministration))
        $values = @($store.GetRestrictedCredentials('SAPConnector') | ForEach-Object {
            $_.Credential | Should -BeOfType [securestring]
            [Net.NetworkCredential]::new('', $_.Credential).Password
        })
        $values | Should -Contain 'S3cret-Marker-2'
        [FarmscanSim.State]::CredentialsRead | Should -Be 1
        { $store.GetCredentials('SAPConnector') } | Should -Throw '*restricted*'
    }

    It 'has a password and a connection string among the BCS instance properties' {
        $values = @(Get-SPBusinessDataCatalogMetadataObject -BdcObjectType LobSystem -Name '*' -ServiceContext $script:CentralAdministration |
            ForEach-Object { $_.LobSystemInstances } | ForEach-Object { $_.Properties } | ForEach-Object { [string]$_.Value })
        $values | Should -Contain 'S3cret-Marker-6'
        @($values -like '*Password=S3cret-Marker-7*').Count | Should -Be 1
    }

    It 'keeps the synchronization account password on the connection object, where serializing it writes a SecureString' {
        $config = New-Object Microsoft.Office.Server.UserProfiles.UserProfileConfigManager((Get-SPServiceContext -Site $script:CentralAdministration))
        $connection = @($config.ConnectionManager | Where-Object { $_.DisplayName -eq 'Fabrikam AD' })[0]
        [Net.NetworkCredential]::new('', $connection.AccountPassword).Password | Should -Be 'S3cret-Marker-8'
        # The check below finds what a careless export would write: the connection object itself (<SS>) and a
        # property bag, in UTF-16 as Windows PowerShell writes it.
        $folder = New-TestFolder 'careless'
        try {
            $connection | Export-Clixml -LiteralPath (Join-Path $folder 'connection.xml')
            $instance = @((Get-SPBusinessDataCatalogMetadataObject -BdcObjectType LobSystem -Name 'HRSystem' -ServiceContext $script:CentralAdministration).LobSystemInstances)[0]
            $instance.Properties | Export-Clixml -LiteralPath (Join-Path $folder 'properties.xml') -Encoding Unicode
            $found = @(Find-Secret $folder)
            $found | Should -Contain 'connection.xml: <SS (utf-8)'
            $found | Should -Contain 'properties.xml: S3cret-Marker-6 (utf-16)'
        } finally {
            Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}

Describe 'an export of that farm' {
    It 'runs and writes every section' {
        $script:Run.ExitCode | Should -Be 0 -Because $script:Run.Output
        foreach ($name in 'SecureStoreApplications.xml', 'BcsLobSystemInstances.xml', 'ProfilePropertyMappings.xml', 'ExportInfo.xml') {
            Join-Path $script:Export $name | Should -Exist
        }
    }

    It 'never asks Secure Store for a credential' {
        $script:Run.Counters.CredentialsRead | Should -Be 0
    }

    It 'writes no secret and no SecureString into any file, as UTF-8 or UTF-16' {
        @(Get-ChildItem -LiteralPath $script:Export -Recurse -File).Count | Should -BeGreaterThan 5
        @(Find-Secret $script:Export) | Should -Be @()
    }

    It 'shows no secret in any stream, 1 to 6' {
        $streams = @($script:Run.Streams | ForEach-Object { $_.Stream } | Sort-Object -Unique)
        # Proof that the capture works: the exporter always writes host lines and, on this farm, warnings.
        $streams | Should -Contain 'Information'
        $streams | Should -Contain 'Warning'
        $text = @($script:Run.Streams | ForEach-Object { '[{0}] {1}' -f $_.Stream, $_.Text }) -join "`n"
        foreach ($marker in $script:Markers) { $text | Should -Not -Match $marker }
        foreach ($marker in $script:Markers) { $script:Run.Output | Should -Not -Match $marker }
    }

    It 'keeps no secret in ExportInfo.xml, warnings included' {
        $info = Import-Clixml -LiteralPath (Join-Path $script:Export 'ExportInfo.xml')
        @($info.Warnings).Count | Should -BeGreaterThan 0
        $text = $info | ConvertTo-Json -Depth 5
        foreach ($marker in $script:Markers) { $text | Should -Not -Match $marker }
    }

    It 'exports from the BCS properties only the *SsoApplicationId ones' {
        $rows = Import-ExportFile $script:Export 'BcsLobSystemInstances.xml'
        @($rows | ForEach-Object { $_.PSObject.Properties.Name } | Sort-Object -Unique) | Should -Be @('LobSystem', 'Name', 'SecondarySsoApplicationId', 'SsoApplicationId', 'SsoApplicationIds')
        @($rows | ForEach-Object { $_.SsoApplicationIds } | Where-Object { $_ } | ForEach-Object { $_.Property } | Where-Object { $_ -notlike '*SsoApplicationId' }) | Should -Be @()
    }
}

Describe 'the exporter''s text' {
    It 'calls no method or cmdlet that returns credentials, and converts no SecureString' {
        $tokens = $null
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $script:RepoRoot 'samples/Export-FarmInventory.ps1'), [ref]$tokens, [ref]$errors)
        $members = @($ast.FindAll({ param($a) $a -is [System.Management.Automation.Language.MemberExpressionAst] }, $true) | ForEach-Object { $_.Member.Extent.Text })
        $commands = @($ast.FindAll({ param($a) $a -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() })
        # CredentialType (a field's type, not a value) is read; Credential, GetCredentials, GetRestrictedCredentials,
        # GetUserCredentials, AccountPassword, SecureStringToBSTR are not. Case-sensitive: Substring holds "bstr".
        @($members -cmatch '^(Credential|Get\w*Credentials?|\w*Password|\w*SecureString\w*|\w*BSTR\w*)$') | Should -Be @()
        @($commands -match 'Credential|SecureString') | Should -Be @()
    }
}
