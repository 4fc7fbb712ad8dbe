# samples/Export-FarmInventory.ps1, run for real (pwsh, StrictMode Latest) against the simulated farm:
# what it writes, file by file, and each fix of issue 12. Expectations come from sim/farm.psd1.
BeforeAll {
    . (Join-Path $PSScriptRoot 'ExporterHelpers.ps1')
    $script:Export = New-TestFolder 'export'
    $script:Run = Invoke-SimExport -OutputFolder $script:Export
    $script:Info = Import-Clixml -LiteralPath (Join-Path $script:Export 'ExportInfo.xml')
    $script:CentralAdministration = @($script:Farm.WebApplications | Where-Object { $_['Administration'] })[0].Url
}

AfterAll {
    Remove-Item -LiteralPath $script:Export, "$($script:Export).counters.json" -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'a full export of the simulated farm' {
    It 'ends normally and writes every section' {
        $script:Run.ExitCode | Should -Be 0 -Because $script:Run.Output
        foreach ($name in 'SecureStoreApplications.xml', 'BcsLobSystemInstances.xml', 'ProfilePropertyMappings.xml', 'ExportInfo.xml') {
            Join-Path $script:Export $name | Should -Exist
        }
        @(Get-ChildItem -LiteralPath $script:Export -Recurse -Filter '*.partial').Count | Should -Be 0
    }

    It 'uses the Central Administration site as the default service context, not the host-named first web application' {
        $script:Info.ServiceContext | Should -Be $script:CentralAdministration
        $script:Info.SecureStoreApplications | Should -Be $script:Farm.SecureStore.Count
        $script:Info.BcsLobSystemInstances | Should -Be @($script:Farm.LobSystems | ForEach-Object { $_.Instances }).Count
    }

    It 'warns about exactly what the farm hides, in the console and in ExportInfo.xml' {
        $expected = @(
            "^DeptReports: claim 'Dept Admins' could not be encoded"
            "^Connection 'Fabrikam AD Import' \(ActiveDirectoryImport\): its property mappings are not readable"
            "^Content database 'WSS_Content_Records' is read-only"
            "^Content database 'WSS_Content_Old' is Offline, not Online: its 1 site collection\(s\) were not exported"
        )
        $warnings = @($script:Info.Warnings)
        $warnings.Count | Should -Be $expected.Count -Because ($warnings -join "`n")
        foreach ($pattern in $expected) {
            @($warnings -match $pattern).Count | Should -Be 1 -Because $pattern
            $script:Run.Output | Should -Match ('WARNING: ' + $pattern.TrimStart('^'))
        }
    }
}

Describe 'site collections' {
    It 'reads Id and lock state from one SPSite per site and opens no SPSiteAdministration' {
        $sites = @(Get-ExpectedSites)
        $script:Run.Counters.SitesOpened | Should -Be $sites.Count
        $script:Run.Counters.SiteAdministrationsOpened | Should -Be 0
    }

    It 'writes one file per Online content database holding exactly its sites, with Id, Url and lock flags' {
        $files = @(Get-ChildItem -LiteralPath (Join-Path $script:Export 'SiteCollections') -Filter '*.xml' | ForEach-Object { $_.Name } | Sort-Object)
        $files | Should -Be @('WSS_Content_Intranet.xml', 'WSS_Content_My.xml', 'WSS_Content_Records.xml', 'WSS_Content_Teams_2024.xml')
        foreach ($group in @(Get-ExpectedSites | Group-Object Database)) {
            $file = 'SiteCollections/' + ($group.Name -replace '[^A-Za-z0-9._-]', '_') + '.xml'
            $rows = Import-ExportFile $script:Export $file
            $actual = @($rows | ForEach-Object { '{0} {1} R={2} W={3} O={4} [{5}] {6} {7}' -f $_.Id, $_.Url, $_.ReadLocked, $_.WriteLocked, $_.ReadOnly, $_.LockIssue, $_.ContentDatabase, $_.ContentDatabaseReadOnly })
            $wanted = @($group.Group | ForEach-Object { '{0} {1} R={2} W={3} O={4} [{5}] {6} {7}' -f $_.Id, $_.Url, $_.ReadLocked, $_.WriteLocked, $_.ReadOnly, $_.LockIssue, $_.Database, $_.DatabaseReadOnly })
            $actual | Should -Be $wanted -Because $file
            @($rows | Where-Object { $_.Id -isnot [guid] }).Count | Should -Be 0
        }
    }

    It 'skips the Offline database and names it in ExportInfo.xml' {
        $old = @($script:Info.ContentDatabases | Where-Object { $_.Name -eq 'WSS_Content_Old' })
        $old.Count | Should -Be 1
        $old[0].Status | Should -Be 'Offline'
        $old[0].Result | Should -Be 'Skipped'
        $old[0].File | Should -BeNullOrEmpty
        $urls = @(Get-ChildItem -LiteralPath (Join-Path $script:Export 'SiteCollections') -Filter '*.xml' | ForEach-Object { Import-Clixml -LiteralPath $_.FullName } | ForEach-Object { $_.Url })
        $urls | Should -Not -Contain 'https://intranet.fabrikam.test/sites/old-extranet'
    }

    It 'lists each database with its result, site count and read-only state' {
        $lines = @($script:Info.ContentDatabases | ForEach-Object { '{0}: {1} {2} {3} {4}' -f $_.Name, $_.Result, $_.Sites, $_.IsReadOnly, $_.File })
        $lines | Should -Be @(
            'WSS_Content_Intranet: Exported 6 False SiteCollections/WSS_Content_Intranet.xml'
            'WSS_Content_Records: Exported 2 True SiteCollections/WSS_Content_Records.xml'
            'WSS_Content_Teams 2024: Exported 2 False SiteCollections/WSS_Content_Teams_2024.xml'
            'WSS_Content_My: Exported 3 False SiteCollections/WSS_Content_My.xml'
            'WSS_Content_Old: Skipped   '
        )
        $script:Info.SiteCollections | Should -Be 13
    }
}

Describe 'a cut-off export and its rerun' {
    BeforeAll {
        $script:Cut = New-TestFolder 'cut'
        # The 7th site read is the first of WSS_Content_Records: the process ends there, as on a reboot.
        $script:First = Invoke-SimExport -OutputFolder $script:Cut -ExitAfterSiteReads 7
        $script:AfterCut = @(Get-ChildItem -LiteralPath (Join-Path $script:Cut 'SiteCollections') | ForEach-Object { $_.Name } | Sort-Object)
        $script:Second = Invoke-SimExport -OutputFolder $script:Cut
        $script:SecondInfo = Import-Clixml -LiteralPath (Join-Path $script:Cut 'ExportInfo.xml')
    }
    AfterAll { Remove-Item -LiteralPath $script:Cut, "$($script:Cut).counters.json" -Recurse -Force -ErrorAction SilentlyContinue }

    It 'leaves the finished database whole and the cut one unfinished' {
        $script:First.ExitCode | Should -Be 70
        $script:AfterCut | Should -Be @('WSS_Content_Intranet.xml', 'WSS_Content_Intranet.xml.done', 'WSS_Content_Records.xml.partial')
    }

    It 'resumes: the finished database is not read again, the others are' {
        $script:Second.ExitCode | Should -Be 0 -Because $script:Second.Output
        $script:Second.Output | Should -Match "Content database 'WSS_Content_Intranet': kept from an earlier run"
        $script:Second.Counters.SiteReads | Should -Be (@(Get-ExpectedSites).Count - 6)
        @($script:SecondInfo.ContentDatabases | ForEach-Object { '{0}={1}/{2}' -f $_.Name, $_.Result, $_.Sites }) |
            Should -Be @('WSS_Content_Intranet=Resumed/6', 'WSS_Content_Records=Exported/2', 'WSS_Content_Teams 2024=Exported/2', 'WSS_Content_My=Exported/3', 'WSS_Content_Old=Skipped/')
        $script:SecondInfo.SiteCollections | Should -Be 13
    }

    It 'ends with the same site files as an export that was never cut' {
        $files = @(Get-ChildItem -LiteralPath (Join-Path $script:Export 'SiteCollections') -Filter '*.xml')
        $files.Count | Should -Be 4
        foreach ($file in $files) {
            $resumed = Join-Path (Join-Path $script:Cut 'SiteCollections') $file.Name
            (Import-Clixml -LiteralPath $resumed | ConvertTo-Json -Depth 4) | Should -Be (Import-Clixml -LiteralPath $file.FullName | ConvertTo-Json -Depth 4) -Because $file.Name
        }
        @(Get-ChildItem -LiteralPath $script:Cut -Recurse -Filter '*.partial').Count | Should -Be 0
    }

    It 'keeps the read-only warning of a database kept from the earlier run' {
        $again = Invoke-SimExport -OutputFolder $script:Cut
        $again.Counters.SiteReads | Should -Be 0
        $info = Import-Clixml -LiteralPath (Join-Path $script:Cut 'ExportInfo.xml')
        @($info.Warnings -match "^Content database 'WSS_Content_Records' is read-only").Count | Should -Be 1
        @($info.ContentDatabases | Where-Object { $_.Name -eq 'WSS_Content_Records' })[0].IsReadOnly | Should -BeTrue
    }

    It 'names a site file no database of this run accounts for' {
        Copy-Item -LiteralPath (Join-Path $script:Cut 'SiteCollections/WSS_Content_My.xml') -Destination (Join-Path $script:Cut 'SiteCollections/WSS_Content_Gone.xml')
        $again = Invoke-SimExport -OutputFolder $script:Cut
        $info = Import-Clixml -LiteralPath (Join-Path $script:Cut 'ExportInfo.xml')
        @($info.Warnings -match '^SiteCollections/WSS_Content_Gone\.xml is from an earlier run').Count | Should -Be 1
        @($info.Warnings -match '^SiteCollections/').Count | Should -Be 1
        $again.Output | Should -Match 'WARNING: SiteCollections/WSS_Content_Gone\.xml'
    }

    It 'reads every database again with -Restart' {
        $restart = Invoke-SimExport -OutputFolder $script:Cut -Switch 'Restart'
        $restart.Counters.SiteReads | Should -Be @(Get-ExpectedSites).Count
    }
}

Describe 'Secure Store' {
    It 'exports every application with its fields and claims, each claim encoded as the farm encodes it' {
        $rows = Import-ExportFile $script:Export 'SecureStoreApplications.xml'
        @($rows | ForEach-Object { $_.TargetApplication.ApplicationId }) | Should -Be @($script:Farm.SecureStore | ForEach-Object { $_.Id })
        foreach ($app in $script:Farm.SecureStore) {
            $row = @($rows | Where-Object { $_.TargetApplication.ApplicationId -eq $app.Id })[0]
            @($row.TargetApplicationFields | ForEach-Object { '{0}/{1}/{2}' -f $_.Name, $_.CredentialType, $_.IsMasked }) |
                Should -Be @($app.Fields | ForEach-Object { '{0}/{1}/{2}' -f $_.Name, $_.Type, $_.Masked }) -Because $app.Id
            foreach ($role in @(@('AdministratorClaims', 'Administrators'), @('GroupClaims', 'Members'), @('TicketRedeemerClaims', 'TicketRedeemers'))) {
                $actual = @($row.TargetApplicationClaims.($role[0]) | ForEach-Object { '{0} | {1} | {2} | {3}' -f $_.ClaimType, $_.ClaimIssuer, $_.ClaimValue, [string]$_.EncodedClaim })
                ConvertTo-ClaimText $app[$role[1]] | Should -Be $actual -Because "$($app.Id) $($role[0])"
            }
        }
    }

    It "encodes Windows claims whatever the issuer's spelling ('windows', 'Windows', 'AD AUTHORITY')" {
        $claims = @(Import-ExportFile $script:Export 'SecureStoreApplications.xml' | ForEach-Object { $_.TargetApplicationClaims.AdministratorClaims; $_.TargetApplicationClaims.GroupClaims } | Where-Object { $_ })
        $issuers = @($claims | Where-Object { $_.EncodedClaim -like '*.w|*' } | ForEach-Object { $_.ClaimIssuer } | Sort-Object -Unique -CaseSensitive)
        $issuers | Should -Be @('AD AUTHORITY', 'windows', 'Windows')
    }

    It 'warns, in the console and ExportInfo.xml, when Secure Store returns no application (no administrator rights)' {
        $export = Invoke-SimExportOnce 'norights' -Variant NoSecureStoreRights
        $export.Run.ExitCode | Should -Be 0
        $export.Info.SecureStoreApplications | Should -Be 0
        @($export.Info.Warnings -match '^Secure Store returned no target application through https://ca\.fabrikam\.test:2016/: .*not one of the Administrators').Count | Should -Be 1
        $export.Run.Output | Should -Match 'WARNING: Secure Store returned no target application'
    }

    It 'warns when Secure Store cannot be reached, writes no SecureStoreApplications.xml, and still exports the rest' {
        $export = Invoke-SimExportOnce 'unreachable' -Variant SecureStoreUnreachable
        $export.Run.ExitCode | Should -Be 0
        $export.Files | Should -Not -Contain 'SecureStoreApplications.xml'
        $export.Info.SecureStoreApplications | Should -BeNullOrEmpty
        @($export.Info.Warnings -match '^SecureStoreApplications not exported: .*not accessible').Count | Should -Be 1
        $export.Info.SiteCollections | Should -Be 13
    }

    It 'says once why fields and claims are missing when ISecureStore cannot be opened, and still lists the applications' {
        $export = Invoke-SimExportOnce 'noproxy' -Variant SecureStoreProxyFails -Switch 'SkipSites'
        $export.Run.ExitCode | Should -Be 0
        $export.Info.SecureStoreApplications | Should -Be $script:Farm.SecureStore.Count
        @($export.Info.Warnings -match '^Secure Store could not be opened through https://ca\.fabrikam\.test:2016/ \(The Secure Store Service application proxy could not be found').Count | Should -Be 1
        @($export.Info.Warnings -match ': credential field list could not be read\.$').Count | Should -Be $script:Farm.SecureStore.Count
    }
}

Describe 'BCS and profile mappings' {
    It 'exports every *SsoApplicationId of each LobSystem and its instances' {
        $rows = Import-ExportFile $script:Export 'BcsLobSystemInstances.xml'
        foreach ($system in $script:Farm.LobSystems) {
            $row = @($rows | Where-Object { $_.LobSystem -eq $system.Name })[0]
            @($row.SsoApplicationIds | ForEach-Object { $_.ApplicationId } | Sort-Object) | Should -Be @(Get-SsoIdsOfSystem $system.Name | Sort-Object) -Because $system.Name
        }
        $crm = @($rows | Where-Object { $_.LobSystem -eq 'CrmService' })[0]
        @($crm.SsoApplicationIds | ForEach-Object { '{0}:{1}={2}' -f $_.Source, $_.Property, $_.ApplicationId }) |
            Should -Be @('LobSystem:WsdlFetchSsoApplicationId=WsdlCreds', 'LobSystemInstance:WebServiceSsoApplicationId=CrmWeb')
    }

    It 'reads no profile by default (PropertyUsage null) and counts them with -CountPropertyUsage' {
        $script:Run.Counters.ProfilesRead | Should -Be 0
        $script:Info.PropertyUsageCounted | Should -BeFalse
        @(Import-ExportFile $script:Export 'ProfilePropertyMappings.xml' | Where-Object { $null -ne $_.PropertyUsage }).Count | Should -Be 0

        $export = Invoke-SimExportOnce 'usage' -Switch 'CountPropertyUsage', 'SkipSites'
        $export.Run.Counters.ProfilesRead | Should -Be $script:Farm.UserProfiles.Profiles.Count
        $export.Info.PropertyUsageCounted | Should -BeTrue
        foreach ($row in $export.Rows['ProfilePropertyMappings.xml']) {
            $wanted = @($script:Farm.UserProfiles.Profiles | Where-Object { $_[$row.PropertyName] }).Count
            $row.PropertyUsage | Should -Be $wanted -Because $row.PropertyName
        }
    }

    It 'warns without a User Profile service and still exports the other sections' {
        $export = Invoke-SimExportOnce 'noprofiles' -Variant NoProfileService -Switch 'SkipSites'
        $export.Run.ExitCode | Should -Be 0
        $export.Files | Should -Not -Contain 'ProfilePropertyMappings.xml'
        @($export.Info.Warnings -match '^ProfilePropertyMappings not exported: No User Profile Application available to service the request\. Contact your farm administrator\.$').Count | Should -Be 1
        $export.Info.SecureStoreApplications | Should -Be $script:Farm.SecureStore.Count
    }

    It 'exports an empty BCS file and warns once when there is no User Profile service and no LobSystem either' {
        # The exporter runs under its own Set-StrictMode -Version Latest: an empty list must not trip it.
        $folder = New-TestFolder 'empty-bcs'
        $out = New-TestFolder 'empty-bcs-scan'
        try {
            $run = Invoke-SimExport -OutputFolder $folder -Variant NoProfileServiceNoBcs -Switch 'SkipSites'
            $run.ExitCode | Should -Be 0 -Because $run.Output
            $info = Import-Clixml -LiteralPath (Join-Path $folder 'ExportInfo.xml')
            $info.BcsLobSystemInstances | Should -Be 0
            $info.ProfilePropertyMappings | Should -BeNullOrEmpty
            @(Import-ExportFile $folder 'BcsLobSystemInstances.xml').Count | Should -Be 0
            Join-Path $folder 'ProfilePropertyMappings.xml' | Should -Not -Exist
            @($info.Warnings | Where-Object { $_ -notlike 'DeptReports: claim *' }) | Should -Be @('ProfilePropertyMappings not exported: No User Profile Application available to service the request. Contact your farm administrator.')
            # farmscan reads the empty file without an error row.
            $scan = Invoke-Farmscan -ExportFolder $folder -OutFolder $out
            $scan.ExitCode | Should -Be 0 -Because $scan.Output
            @(Import-Csv -LiteralPath (Join-Path $out 'ScanErrors.csv')) | Should -BeNullOrEmpty
        } finally {
            Remove-Item -LiteralPath $folder, $out -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}
