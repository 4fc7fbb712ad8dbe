# The simulated farm's cmdlets: SharePoint's names and parameter sets (as Microsoft Learn documents them),
# over the object model in SharePointSim.cs, holding the farm that farm.psd1 defines.
#   Import-SimFarm [-Variant <name>]     load (or reload) the farm; variants break one service or add data
#   Get-SimFarmDefinition                the farm.psd1 data, for tests to derive what they expect
#   Set-SimFault -ExitAfterSiteReads N   end the process after N sites were read (a cut-off export)
# Where a cmdlet's behaviour is not documented, the strict reading is simulated and marked [guess].
Set-StrictMode -Version Latest

$script:Here = $PSScriptRoot
. (Join-Path $script:Here 'SimAssembly.ps1')
Import-SimAssembly -Source (Join-Path $script:Here 'SharePointSim.cs') -TypeName 'FarmscanSim.State' -ReferencedAssemblies 'System.Collections', 'System.Linq', 'System.Text.RegularExpressions', 'System.Runtime'
$script:Definition = $null
$script:ExitAfterSiteReads = 0

$ClaimTypes = @{
    userlogonname    = 'http://schemas.microsoft.com/sharepoint/2009/08/claims/userlogonname'
    groupsid         = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groupsid'
    emailaddress     = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'
    role             = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role'
    identityprovider = 'http://schemas.microsoft.com/sharepoint/2009/08/claims/identityprovider'
}

function Get-SimFarmDefinition { $script:Definition }

function Get-SimClaimType([string]$Short) { $ClaimTypes[$Short] }

function Set-SimFault([int]$ExitAfterSiteReads = 0) { $script:ExitAfterSiteReads = $ExitAfterSiteReads }

function Import-SimFarm {
    param([string]$Path = (Join-Path $script:Here 'farm.psd1'), [string]$Variant)
    $farm = Import-PowerShellDataFile -LiteralPath $Path
    # A variant sets State flags, and its Add part appends to the farm's lists (by the farm's own keys;
    # Connections: the user profile connections) before the farm is built.
    $flags = @{}
    if ($Variant) {
        foreach ($entry in $farm.Variants[$Variant].GetEnumerator()) {
            if ($entry.Key -ne 'Add') { $flags[$entry.Key] = $entry.Value; continue }
            foreach ($part in $entry.Value.GetEnumerator()) {
                if ($part.Key -eq 'Connections') { $farm.UserProfiles.Connections = @($farm.UserProfiles.Connections) + @($part.Value) }
                else { $farm[$part.Key] = @($farm[$part.Key]) + @($part.Value) }
            }
        }
    }
    $script:Definition = $farm
    $script:ExitAfterSiteReads = 0
    [FarmscanSim.State]::Reset()
    [FarmscanSim.State]::BuildVersion = [version]$farm.BuildVersion
    $webApps = @{}
    foreach ($w in $farm.WebApplications) {
        $webApps[$w.Name] = [FarmscanSim.State]::AddWebApplication($w.Name, $w.Url, [bool]($w['Administration']))
    }
    foreach ($d in $farm.ContentDatabases) {
        $db = [FarmscanSim.State]::AddDatabase([guid]$d.Id, $d.Name, $d.Status, $d.IsReadOnly, $webApps[$d.WebApplication])
        foreach ($s in $d.Sites) {
            $site = [FarmscanSim.SimSite]@{
                Id = [guid]$s.Id; Url = $s.Url; Database = $db
                ReadLocked = [bool]$s['ReadLocked']; WriteLocked = [bool]$s['WriteLocked']; ReadOnly = [bool]$s['ReadOnly']
            }
            # Set only when given: PowerShell would turn a $null into '' on the way into a string field.
            if ($s.ContainsKey('LockIssue')) { $site.LockIssue = $s.LockIssue }
            [FarmscanSim.State]::Sites.Add($site)
        }
    }
    foreach ($name in $farm.TrustedProviders.Keys) { [FarmscanSim.State]::TrustedProviders[$name] = $farm.TrustedProviders[$name] }
    foreach ($name in $farm.ClaimProviders) { [void][FarmscanSim.State]::ClaimProviders.Add($name) }
    foreach ($a in $farm.SecureStore) { Add-SimApplication $a }
    foreach ($l in $farm.LobSystems) {
        $lob = [FarmscanSim.State]::AddLobSystem($l.Name, $l.Properties)
        foreach ($i in $l.Instances) { [void][FarmscanSim.State]::AddLobSystemInstance($lob, $i.Name, $i.Properties) }
    }
    Add-SimUserProfiles $farm.UserProfiles
    foreach ($name in $flags.Keys) { [FarmscanSim.State]::($name) = $flags[$name] }
}

function Add-SimApplication($a) {
    $url = if ($a['CredentialManagementUrl']) { [uri]$a.CredentialManagementUrl } else { $null }
    # [NullString]: a plain $null would reach a string parameter as ''.
    $email = if ($null -eq $a.ContactEmail) { [NullString]::Value } else { $a.ContactEmail }
    $ta = New-Object Microsoft.Office.SecureStoreService.Server.TargetApplication -ArgumentList @($a.Id, $a.FriendlyName, $email, [int]$a.TicketTimeout, $a.Type, $url)
    $app = [FarmscanSim.State]::AddApplication($ta)
    foreach ($f in $a.Fields) { $app.Fields.Add((New-Object Microsoft.Office.SecureStoreService.Server.TargetApplicationField -ArgumentList @($f.Name, $f.Masked, $f.Type))) }
    # The stored credentials: values only ISecureStore.GetCredentials / GetRestrictedCredentials return.
    foreach ($value in @($a['Credentials'])) { if ($null -ne $value) { $app.Credentials.Add($value) } }
    foreach ($c in @($a['Administrators'])) { if ($c) { $app.Administrators.Add((New-SimClaim $c)) } }
    foreach ($c in @($a['TicketRedeemers'])) { if ($c) { $app.TicketRedeemers.Add((New-SimClaim $c)) } }
    # GroupClaims is null for the individual types (TargetApplicationClaims.GroupClaims, ee574322).
    if ($a.Type -like '*Group*') {
        $app.Members = New-Object 'System.Collections.Generic.List[Microsoft.Office.SecureStoreService.Server.SecureStoreServiceClaim]'
        foreach ($c in @($a['Members'])) { if ($c) { $app.Members.Add((New-SimClaim $c)) } }
    }
}

function New-SimClaim($c) {
    New-Object Microsoft.Office.SecureStoreService.Server.SecureStoreServiceClaim -ArgumentList @($ClaimTypes[$c.T], $c.I, $c.V)
}

function Add-SimUserProfiles($ups) {
    foreach ($p in $ups.CoreProperties) { [FarmscanSim.State]::AddCoreProperty($p.Name, $p.DisplayName, $p.Length) }
    foreach ($c in $ups.Connections) {
        $maps = $null
        if ($null -ne $c.Maps) {
            $list = New-Object 'System.Collections.Generic.List[Microsoft.Office.Server.UserProfiles.PropertyMap]'
            foreach ($m in $c.Maps) { $list.Add([FarmscanSim.State]::Mapping($m.Property, $m.Attribute, $m.Import, $m.Export)) }
            $maps = [FarmscanSim.State]::Mappings($list)
        }
        if ($c.Type -eq 'BusinessDataCatalog') { [FarmscanSim.State]::AddBcsConnection($c.Name, $c.SystemName, $c.Entity, $maps) }
        elseif ($c.ContainsKey('Account')) {
            # A synchronization connection's account and password (DirectoryServiceConnection).
            $password = ConvertTo-SecureString -String $c.Account.Password -AsPlainText -Force
            [FarmscanSim.State]::AddDirectoryServiceConnection($c.Name, $maps, $c.Account.Domain, $c.Account.User, $password)
        }
        else { [FarmscanSim.State]::AddConnection($c.Name, $c.Type, $maps) }
    }
    foreach ($p in $ups.Profiles) {
        $values = New-Object 'System.Collections.Generic.Dictionary[string,string]' ([StringComparer]::OrdinalIgnoreCase)
        foreach ($k in $p.Keys) { $values[$k] = $p[$k] }
        [FarmscanSim.State]::Profiles.Add($values)
    }
}

# ---------------------------------------------------------------------------------------------------
# Helpers behind the cmdlets
# ---------------------------------------------------------------------------------------------------

function Resolve-SimSiteUrl($Site) {
    if ($Site -is [Microsoft.SharePoint.SPSite]) { return $Site.Url }
    [string]$Site
}

function Find-SimSite([string]$Url) {
    $found = @([FarmscanSim.State]::Sites | Where-Object { $_.Url.TrimEnd('/') -eq $Url.TrimEnd('/') })
    # [guess] the text of the SPSitePipeBind failure.
    if ($found.Count -eq 0) { throw "Cannot find an SPSite object with Id or Url: $Url." }
    $found[0]
}

function Resolve-SimServiceContext($ServiceContext) {
    if ($ServiceContext -is [Microsoft.SharePoint.SPServiceContext]) { return $ServiceContext }
    [FarmscanSim.State]::ServiceContext((Find-SimSite (Resolve-SimSiteUrl $ServiceContext)).Url)
}

function Resolve-SimDatabase($ContentDatabase) {
    $db = $ContentDatabase
    if ($db -is [Microsoft.SharePoint.Administration.SPContentDatabase]) { $db = $db.Id }
    $found = @([FarmscanSim.State]::Databases | Where-Object { $_.Id -eq $db -or $_.Name -eq [string]$db })
    if ($found.Count -eq 0) { throw "Cannot find an SPContentDatabase object with Id or Name: $ContentDatabase." }
    $found[0]
}

function Resolve-SimWebApplication($WebApplication) {
    if ($WebApplication -is [Microsoft.SharePoint.Administration.SPWebApplication]) { return $WebApplication }
    $found = @([FarmscanSim.State]::WebApplications | Where-Object { $_.Url.TrimEnd('/') -eq ([string]$WebApplication).TrimEnd('/') -or $_.DisplayName -eq [string]$WebApplication })
    if ($found.Count -eq 0) { throw "Cannot find an SPWebApplication object with Id, Name or Url: $WebApplication." }
    $found[0]
}

function Select-SimSites {
    # The sites a Get-SPSite / Get-SPSiteAdministration call covers, honouring -Limit (default 200).
    param($Identity, $ContentDatabase, $WebApplication, [string]$Limit)
    $sites = [FarmscanSim.State]::Sites | Where-Object { -not $_.Database.WebApplication.IsAdministrationWebApplication }
    if ($null -ne $Identity) { $sites = @(Find-SimSite (Resolve-SimSiteUrl $Identity)) }
    elseif ($null -ne $ContentDatabase) { $db = Resolve-SimDatabase $ContentDatabase; $sites = $sites | Where-Object { $_.Database -eq $db } }
    elseif ($null -ne $WebApplication) { $w = Resolve-SimWebApplication $WebApplication; $sites = $sites | Where-Object { $_.Database.WebApplication -eq $w } }
    $sites = @($sites)
    if ($Limit -ne 'All' -and $sites.Count -gt [int]$Limit) {
        Write-Warning "More results were found than the limit of $Limit. Use -Limit All to return every site."
        $sites = $sites[0..([int]$Limit - 1)]
    }
    foreach ($site in $sites) {
        [FarmscanSim.State]::SiteReads++
        if ($script:ExitAfterSiteReads -gt 0 -and [FarmscanSim.State]::SiteReads -gt $script:ExitAfterSiteReads) {
            # A cut-off export: the process ends here, as when the server restarts; no finally block runs.
            [Environment]::Exit(70)
        }
        $site
    }
}

# ---------------------------------------------------------------------------------------------------
# The cmdlets
# ---------------------------------------------------------------------------------------------------

function Get-SPFarm { [CmdletBinding()] param($AssignmentCollection) [FarmscanSim.State]::Farm() }

# The Central Administration web application only with -IncludeCentralAdministration or its own identity.
function Get-SPWebApplication {
    [CmdletBinding()]
    param([Parameter(Position = 0)] $Identity, [switch]$IncludeCentralAdministration, $AssignmentCollection)
    if ($null -ne $Identity) { return Resolve-SimWebApplication $Identity }
    [FarmscanSim.State]::WebApplications | Where-Object { $IncludeCentralAdministration -or -not $_.IsAdministrationWebApplication }
}

# [guess] without -NoStatusFilter only Online databases are returned; the admin content database is not.
function Get-SPContentDatabase {
    [CmdletBinding(DefaultParameterSetName = 'DefaultSet')]
    param(
        [Parameter(ParameterSetName = 'DefaultSet', Position = 0)] $Identity,
        [Parameter(ParameterSetName = 'ContentDatabasesOfSite', Mandatory = $true)] $Site,
        [Parameter(ParameterSetName = 'AllContentDatabasesInWebApplication', Mandatory = $true)] $WebApplication,
        [Parameter(ParameterSetName = 'DefaultSet')] [Parameter(ParameterSetName = 'AllContentDatabasesInWebApplication')] [switch]$NoStatusFilter,
        $AssignmentCollection
    )
    if ($PSCmdlet.ParameterSetName -eq 'ContentDatabasesOfSite') { return (Find-SimSite (Resolve-SimSiteUrl $Site)).Database.Object }
    if ($null -ne $Identity) { return (Resolve-SimDatabase $Identity).Object }
    $dbs = [FarmscanSim.State]::Databases | Where-Object { -not $_.WebApplication.IsAdministrationWebApplication }
    if ($null -ne $WebApplication) { $w = Resolve-SimWebApplication $WebApplication; $dbs = $dbs | Where-Object { $_.WebApplication -eq $w } }
    if (-not $NoStatusFilter) { $dbs = $dbs | Where-Object { $_.Status -eq 'Online' } }
    $dbs | ForEach-Object { $_.Object }
}

function Get-SPSite {
    [CmdletBinding(DefaultParameterSetName = 'AllSitesInWebApplication')]
    param(
        [Parameter(ParameterSetName = 'AllSitesInIdentity', Mandatory = $true, Position = 0)] $Identity,
        [Parameter(ParameterSetName = 'AllSitesInContentDB', Mandatory = $true)] $ContentDatabase,
        [Parameter(ParameterSetName = 'AllSitesInWebApplication')] $WebApplication,
        [string]$Limit = '200', [scriptblock]$Filter, $AssignmentCollection
    )
    Select-SimSites -Identity $Identity -ContentDatabase $ContentDatabase -WebApplication $WebApplication -Limit $Limit |
        ForEach-Object { [FarmscanSim.State]::OpenSite($_) }
}

# Get-SPSiteAdministration has Get-SPSite's parameter sets; only the object it returns differs.
$body = [scriptblock]::Create((Get-Command Get-SPSite).ScriptBlock.ToString().Replace('::OpenSite(', '::OpenSiteAdministration('))
Set-Item -Path function:script:Get-SPSiteAdministration -Value $ExecutionContext.SessionState.Module.NewBoundScriptBlock($body)

function Get-SPServiceContext {
    [CmdletBinding(DefaultParameterSetName = 'Site')]
    param([Parameter(ParameterSetName = 'Site', Mandatory = $true)] $Site, [Parameter(ParameterSetName = 'SiteSubscription', Mandatory = $true)] $SiteSubscription, $AssignmentCollection)
    [FarmscanSim.State]::ServiceContext((Find-SimSite (Resolve-SimSiteUrl $Site)).Url)
}

# [guess] without Secure Store administrator rights the list comes back empty (EXPORTER.md says "empty or denied").
function Get-SPSecureStoreApplication {
    [CmdletBinding(DefaultParameterSetName = 'NameSet')]
    param(
        [Parameter(ParameterSetName = 'NameSet', Mandatory = $true)] [string]$Name,
        [Parameter(Mandatory = $true)] $ServiceContext,
        [Parameter(ParameterSetName = 'AllSet', Mandatory = $true)] [switch]$All,
        $AssignmentCollection
    )
    [void](Resolve-SimServiceContext $ServiceContext)
    [FarmscanSim.State]::RequireSecureStoreReachable()
    if (-not [FarmscanSim.State]::SecureStoreRights) { return }
    $apps = [FarmscanSim.State]::Applications
    if ($PSCmdlet.ParameterSetName -eq 'NameSet') {
        $apps = @($apps | Where-Object { $_.Application.ApplicationId -eq $Name })
        if ($apps.Count -eq 0) { throw "Target application $Name not found." }
    }
    foreach ($app in $apps) { [FarmscanSim.State]::CmdletApplication($app) }
}

# [guess] -Name takes BDC's own wildcard '*' (public scripts call it with -Name *).
function Get-SPBusinessDataCatalogMetadataObject {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [ValidateSet('Catalog', 'Model', 'LobSystem', 'LobSystemInstance', 'Entity')] [string]$BdcObjectType,
        [Parameter(Mandatory = $true)] $ServiceContext,
        [string]$Name, [string]$Namespace, [string]$ContainingLobSystem, $AssignmentCollection
    )
    [void](Resolve-SimServiceContext $ServiceContext)
    $catalog = [FarmscanSim.State]::Catalog()
    switch ($BdcObjectType) {
        'Catalog' { return $catalog }
        'LobSystem' {
            if (-not $Name) { throw 'The Name parameter is required for the LobSystem object type.' }
            return $catalog.GetLobSystems($Name)
        }
        default { throw "BdcObjectType $BdcObjectType is not simulated." }
    }
}

Export-ModuleMember -Function Import-SimFarm, Get-SimFarmDefinition, Get-SimClaimType, Set-SimFault, Get-SPFarm, Get-SPWebApplication, Get-SPContentDatabase, Get-SPSite, Get-SPSiteAdministration, Get-SPServiceContext, Get-SPSecureStoreApplication, Get-SPBusinessDataCatalogMetadataObject
