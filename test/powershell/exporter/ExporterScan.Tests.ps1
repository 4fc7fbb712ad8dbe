# The whole journey on the source side: Export-FarmInventory.ps1 against the simulated farm, then
# `farmscan scan` (the built CLI) on its folder. Every application, field, claim, lock state and mapping of
# sim/farm.psd1 must come out in the CSVs and the plan, exactly, with no error row.
BeforeAll {
    . (Join-Path $PSScriptRoot 'ExporterHelpers.ps1')
    $script:Export = New-TestFolder 'export'
    $script:Out = New-TestFolder 'scan'
    $script:ExportRun = Invoke-SimExport -OutputFolder $script:Export
    $script:ScanRun = Invoke-Farmscan -ExportFolder $script:Export -OutFolder $script:Out
    $script:Plan = Get-Content -LiteralPath (Join-Path $script:Out 'remediation-plan.json') -Raw -Encoding utf8 | ConvertFrom-Json
    function Read-Report([string]$Name) { @(Import-Csv -LiteralPath (Join-Path $script:Out $Name) -Encoding utf8) }
}

AfterAll {
    Remove-Item -LiteralPath $script:Export, $script:Out, "$($script:Export).counters.json" -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'farmscan scan of the exporter''s output' {
    It 'scans cleanly: exit code 0 and no error row' {
        $script:ExportRun.ExitCode | Should -Be 0 -Because $script:ExportRun.Output
        $script:ScanRun.ExitCode | Should -Be 0 -Because $script:ScanRun.Output
        Read-Report 'ScanErrors.csv' | Should -BeNullOrEmpty
    }

    It 'reads every record the farm holds, and nothing of the Offline database' {
        $summary = Read-Report 'SummaryReport.csv'
        $mappings = @($script:Farm.UserProfiles.Connections | Where-Object { $null -ne $_.Maps } | ForEach-Object { $_.Maps } | ForEach-Object { if ($_.Import) { 1 }; if ($_.Export) { 1 } }).Count
        $records = $script:Farm.SecureStore.Count + @(Get-ExpectedSites).Count + @($script:Farm.LobSystems | ForEach-Object { $_.Instances }).Count + $mappings
        # + 1: ExportInfo.xml.
        @($summary | Where-Object { $_.Finding -eq 'RecordsRead' })[0].Count | Should -Be ($records + 1)
        @($summary | Where-Object { $_.Finding -eq 'FilesFailed' })[0].Count | Should -Be 0
        @($summary | Where-Object { $_.Finding -eq 'ObjectsNotRecognised' })[0].Count | Should -Be 0
        Get-ChildItem -LiteralPath $script:Out -Recurse -File | Select-String -SimpleMatch 'old-extranet' | Should -BeNullOrEmpty
    }

    It 'shows the exporter''s warnings in the summary' {
        $info = Import-Clixml -LiteralPath (Join-Path $script:Export 'ExportInfo.xml')
        $summary = Read-Report 'SummaryReport.csv'
        @($summary | Where-Object { $_.Scanner -eq 'export-info' -and $_.Finding -eq 'exportWarning' })[0].Count | Should -Be @($info.Warnings).Count
        $html = Get-Content -LiteralPath (Join-Path $script:Out 'summary.html') -Raw -Encoding utf8
        foreach ($warning in $info.Warnings) { $html | Should -BeLike ('*<li>' + [Net.WebUtility]::HtmlEncode($warning) + '</li>*') }
    }

    It 'lists every Secure Store application with SMAT''s columns' {
        $rows = @(Read-Report 'ScannerReports/SecureStoreApplications-detail.csv' | ForEach-Object { ($_.PSObject.Properties | ForEach-Object { $_.Value }) -join ' | ' })
        $wanted = @($script:Farm.SecureStore | ForEach-Object {
            @($_.Id, $_.Id, $_.FriendlyName, [string]$_.ContactEmail, $_.Type, [string]$_['CredentialManagementUrl'], $_.TicketTimeout, 'SIM') -join ' | '
        })
        $rows | Should -Be $wanted
    }

    It 'plans every application with its fields, masks and claims, encoded claims included' {
        @($script:Plan.steps | ForEach-Object { $_.applicationId } | Sort-Object) | Should -Be @($script:Farm.SecureStore | ForEach-Object { $_.Id } | Sort-Object)
        foreach ($app in $script:Farm.SecureStore) {
            $step = @($script:Plan.steps | Where-Object { $_.applicationId -eq $app.Id })[0]
            $step.sourceType | Should -Be $app.Type
            @($step.definition.fields | ForEach-Object { '{0}/{1}/{2}' -f $_.name, $_.type, $_.masked }) |
                Should -Be @($app.Fields | ForEach-Object { '{0}/{1}/{2}' -f $_.Name, $_.Type, $_.Masked }) -Because "$($app.Id) fields"
            ConvertTo-ClaimText $step.definition.administrators | Should -Be (ConvertTo-ClaimText $app['Administrators']) -Because "$($app.Id) administrators"
            ConvertTo-ClaimText $step.definition.members | Should -Be (ConvertTo-ClaimText $app['Members']) -Because "$($app.Id) members"
            ConvertTo-ClaimText $step.dropped.ticketRedeemers | Should -Be (ConvertTo-ClaimText $app['TicketRedeemers']) -Because "$($app.Id) ticket redeemers"
        }
    }

    It 'relates each application to the profile mappings read through its LobSystem, by any *SsoApplicationId' {
        $wanted = @{}
        foreach ($connection in @($script:Farm.UserProfiles.Connections | Where-Object { $_.Type -eq 'BusinessDataCatalog' })) {
            $system = @($script:Farm.LobSystems | Where-Object { $_.Name -eq $connection.SystemName })[0]
            foreach ($id in Get-SsoIdsOfSystem $system.Name) {
                foreach ($map in $connection.Maps) { $wanted[$id] = @($wanted[$id]) + ('{0}/{1}/{2}' -f $connection.Name, $map.Property, $system.Instances[0].Name) | Where-Object { $_ } }
            }
        }
        @($script:Plan.steps).Count | Should -Be $script:Farm.SecureStore.Count
        foreach ($step in $script:Plan.steps) {
            $actual = @($step.usedByProfileMappings | ForEach-Object { '{0}/{1}/{2}' -f $_.connectionName, $_.propertyName, $_.lobSystemInstance } | Sort-Object)
            $actual | Should -Be @($wanted[$step.applicationId] | Where-Object { $_ } | Sort-Object) -Because $step.applicationId
        }
        @($wanted.Keys | Sort-Object) | Should -Be @('CrmWeb', 'HRPayrollDB', 'WsdlCreds')
    }

    It 'reports every locked site with its Id, state and lock issue, and only the No Access ones as locked' {
        $sites = @(Get-ExpectedSites)
        $rows = @(Read-Report 'ScannerReports/SiteLocks-detail.csv' | Sort-Object URL)
        $locked = @($sites | Where-Object { $_.Expect -ne 'Unlock' } | Sort-Object Url)
        @($rows | ForEach-Object { '{0} {1} {2} [{3}]' -f $_.SiteId, $_.URL, $_.LockState, $_.LockIssue }) |
            Should -Be @($locked | ForEach-Object { '{0} {1} {2} [{3}]' -f $_.Id, $_.Url, ($_.Expect -replace '^DatabaseReadOnly$', 'ReadOnly'), $_.LockIssue })
        foreach ($site in $locked | Where-Object { $_.Expect -eq 'DatabaseReadOnly' }) {
            @($rows | Where-Object { $_.URL -eq $site.Url })[0].MigrationImpact | Should -Match "content database '$($site.Database)' is read-only"
        }
        @(Read-Report 'ScannerReports/LockedSites-detail.csv' | ForEach-Object { $_.URL } | Sort-Object) |
            Should -Be @($sites | Where-Object { $_.Expect -eq 'NoAccess' } | ForEach-Object { $_.Url } | Sort-Object)
        $summary = Read-Report 'SummaryReport.csv'
        foreach ($state in 'NoAccess', 'ReadOnly', 'NoAdditions') {
            $count = @($sites | Where-Object { ($_.Expect -replace '^DatabaseReadOnly$', 'ReadOnly') -eq $state }).Count
            @($summary | Where-Object { $_.Scanner -eq 'locked-sites' -and $_.Finding -eq $state })[0].Count | Should -Be $count -Because $state
        }
    }

    It 'lists every property mapping of every readable connection, one row a direction' {
        $core = @{}
        foreach ($p in $script:Farm.UserProfiles.CoreProperties) { $core[$p.Name] = $p }
        $wanted = @(foreach ($connection in $script:Farm.UserProfiles.Connections) {
            if ($null -eq $connection.Maps) { continue }
            foreach ($map in $connection.Maps) {
                foreach ($direction in @(if ($map.Import) { 'Import' }; if ($map.Export) { 'Export' })) {
                    @($connection.Name, $connection.Type, $map.Property, $core[$map.Property].DisplayName, $map.Attribute, $direction, $core[$map.Property].Length, '', 'SIM') -join ' | '
                }
            }
        })
        @(Read-Report 'ScannerReports/CustomProfilePropertyMappings-detail.csv' | ForEach-Object { ($_.PSObject.Properties | ForEach-Object { $_.Value }) -join ' | ' }) | Should -Be $wanted
    }
}
