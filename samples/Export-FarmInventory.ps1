#Requires -Version 3.0
<#
.SYNOPSIS
    Exports what farmscan needs from a SharePoint Server farm: Secure Store target application settings,
    site collection lock states, BCS LobSystemInstances and user-profile property mappings, as CLIXML.

.DESCRIPTION
    Run on a server of the source farm (SharePoint Server 2013, 2016, 2019 or Subscription Edition) in the
    SharePoint Management Shell (Windows PowerShell 5.1). Each file is written with Export-Clixml -Depth 4
    (UTF-16 LE on Windows PowerShell 5.1), first as <name>.xml.partial and renamed when complete, so a
    failed section never leaves a half-written .xml behind:

      SecureStoreApplications.xml   one object per target application: settings, fields, claims
      SiteCollections.xml           one object per site collection: Id, Url, ReadLocked, WriteLocked,
                                    ReadOnly, LockIssue (read through Get-SPSiteAdministration, streamed)
      BcsLobSystemInstances.xml     one object per BCS LobSystemInstance and its Secure Store app ids
      ProfilePropertyMappings.xml   one object per user-profile synchronization property mapping
      ExportInfo.xml                farm build, export time, computer, counts, warnings

    Each section runs in its own try/catch: a missing service application writes a warning, and the
    other sections still run.

    RIGHTS NEEDED
      - Farm administrator, and local administrator of the server (SharePoint Management Shell).
      - Secure Store administrator: the account must be in the Administrators of the Secure Store
        service application, or Get-SPSecureStoreApplication returns nothing or access denied.
      - For profile mappings: Full Control on the User Profile service application's Administrators
        and Permissions (the same rights SMAT asks for).
      - Read access to every web application (a farm admin normally has it through the policy).

    NEVER EXPORTED
      Credential values, pass phrases and keys are never read or written. The script calls no cmdlet
      or method that returns Secure Store credentials; it reads the names and types of the credential
      fields only. No SecureString is ever serialized.

.PARAMETER OutputFolder
    Folder to write the files into; created if missing.

.PARAMETER ServiceContext
    URL of a site whose service connections include the Secure Store, BCS and User Profile service
    applications to export. Default: the first web application's root site.

.PARAMETER SkipSites
    Do not export site collections (the longest section on a big farm).

.PARAMETER SkipProfiles
    Do not export user-profile property mappings.

.PARAMETER SkipBcs
    Do not export BCS LobSystemInstances.

.PARAMETER SkipPropertyUsage
    Write $null for PropertyUsage instead of counting, per mapped property, the profiles that have a
    value. Counting reads every user profile once (minutes on a farm with 100,000 profiles).

.EXAMPLE
    .\Export-FarmInventory.ps1 -OutputFolder D:\farmscan\contoso-export

    Exports everything, using the first web application's root site as the service context.

.EXAMPLE
    .\Export-FarmInventory.ps1 -OutputFolder D:\farmscan\export -ServiceContext https://intranet.contoso.com -SkipSites

    Exports the Secure Store, BCS and profile data only, through the intranet's service connections.

.NOTES
    farmscan reads these files with: farmscan scan <folder> --out <dir>   (see samples/EXPORTER.md)
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [string]$OutputFolder,

    [string]$ServiceContext,

    [switch]$SkipSites,
    [switch]$SkipProfiles,
    [switch]$SkipBcs,
    [switch]$SkipPropertyUsage
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$ExporterVersion = '1.0.0'
$script:Warnings = New-Object System.Collections.Generic.List[string]
$script:Counts = [ordered]@{}

# ---------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------

function Write-ExportWarning([string]$Message) {
    # Kept for ExportInfo.xml too, so the consultant reading the export later sees what was missing.
    $script:Warnings.Add($Message)
    Write-Warning $Message
}

function Read-OrNull([scriptblock]$Getter) {
    # A property getter that throws (SPSite.ReadLocked on a locked site, for one) becomes $null,
    # which the scanner reports as "unknown" instead of guessing.
    try { & $Getter } catch { $null }
}

function Get-PropertyOrNull($Object, [string]$Name) {
    if ($null -eq $Object) { return $null }
    $property = $Object.PSObject.Properties[$Name]
    if ($null -eq $property) { return $null }
    Read-OrNull { $property.Value }
}

function Initialize-SharePointShell {
    if (Get-Command Get-SPFarm -ErrorAction SilentlyContinue) { return }
    try {
        Add-PSSnapin Microsoft.SharePoint.PowerShell
    } catch {
        # Subscription Edition ships a module instead of the snap-in.
        Import-Module SharePointServer
    }
}

function Resolve-ServiceContextUrl([string]$Url) {
    if ($Url) { return $Url }
    $first = Get-SPWebApplication | Select-Object -First 1
    if ($null -eq $first) { throw 'No web application found; pass -ServiceContext <site url>.' }
    $first.Url
}

function Export-Section {
    # Streams what $Produce writes into <File>.partial, then renames it: a failed section leaves no .xml.
    param([string]$Name, [string]$File, [scriptblock]$Produce)
    $final = Join-Path $OutputFolder $File
    $partial = "$final.partial"
    $script:Counts[$Name] = 0
    try {
        & $Produce | ForEach-Object { $script:Counts[$Name]++; $_ } | Export-Clixml -LiteralPath $partial -Depth 4
        Move-Item -LiteralPath $partial -Destination $final -Force
        Write-Host ("{0}: {1} written to {2}" -f $Name, $script:Counts[$Name], $final)
    } catch {
        $script:Counts[$Name] = $null
        Remove-Item -LiteralPath $partial -ErrorAction SilentlyContinue
        Write-ExportWarning ("{0} not exported: {1}" -f $Name, $_.Exception.Message)
    }
}

# ---------------------------------------------------------------------------------------------------
# Secure Store target applications (settings, fields and claims; never credentials)
# ---------------------------------------------------------------------------------------------------

function Get-SecureStore($SiteUrl) {
    # ISecureStore gives fields and claims through documented methods; $null if it cannot be reached.
    try {
        [void][Reflection.Assembly]::LoadWithPartialName('Microsoft.Office.SecureStoreService')
        $context = Get-SPServiceContext -Site $SiteUrl
        (New-Object Microsoft.Office.SecureStoreService.Server.SecureStoreServiceProxy).GetSecureStore($context)
    } catch {
        $null
    }
}

function Get-EncodedClaim($Claim, [string]$ApplicationId) {
    # SharePoint's own encoding (i:0#.w|contoso\chris, c:0+.w|s-1-5-21-...), so the target can rebuild
    # the principal with New-SPClaimsPrincipal -EncodedClaim.
    try {
        $issuer = [string]$Claim.ClaimIssuer
        if ($issuer -eq 'windows') {
            $issuer = [Microsoft.SharePoint.Administration.Claims.SPOriginalIssuers]::Format([Microsoft.SharePoint.Administration.Claims.SPOriginalIssuerType]::Windows)
        }
        $spClaim = New-Object Microsoft.SharePoint.Administration.Claims.SPClaim -ArgumentList @(
            [string]$Claim.ClaimType, [string]$Claim.ClaimValue, 'http://www.w3.org/2001/XMLSchema#string', $issuer)
        [Microsoft.SharePoint.Administration.Claims.SPClaimProviderManager]::Local.EncodeClaim($spClaim)
    } catch {
        Write-ExportWarning ("{0}: claim '{1}' could not be encoded ({2}); EncodedClaim left empty." -f $ApplicationId, $Claim.ClaimValue, $_.Exception.Message)
        $null
    }
}

function ConvertTo-ClaimRow($Claims, [string]$ApplicationId) {
    if ($null -eq $Claims) { return }
    foreach ($claim in $Claims) {
        if ($null -eq $claim) { continue }
        [pscustomobject]@{
            ClaimType    = [string]$claim.ClaimType
            ClaimIssuer  = [string]$claim.ClaimIssuer
            ClaimValue   = [string]$claim.ClaimValue
            EncodedClaim = Get-EncodedClaim $claim $ApplicationId
        }
    }
}

function ConvertTo-FieldRow($Fields) {
    if ($null -eq $Fields) { return }
    foreach ($field in $Fields) {
        [pscustomobject]@{
            Name           = [string]$field.Name
            IsMasked       = [bool]$field.IsMasked
            CredentialType = $field.CredentialType   # the enum itself: CLIXML keeps its name and number
        }
    }
}

function Get-SecureStoreApplicationRow([string]$SiteUrl) {
    $store = Get-SecureStore $SiteUrl
    $applications = @(Get-SPSecureStoreApplication -ServiceContext $SiteUrl -All)
    $index = 0
    foreach ($application in $applications) {
        $index++
        $ta = $application.TargetApplication
        $id = [string]$ta.ApplicationId
        Write-Progress -Id 1 -Activity 'Secure Store target applications' -Status $id -PercentComplete (100 * $index / $applications.Count)

        # Fields and claims: through ISecureStore when available, else from the cmdlet's own object.
        $fields = $null
        $claims = $null
        if ($null -ne $store) {
            $fields = Read-OrNull { $store.GetApplicationFields($id) }
            $claims = Read-OrNull { $store.GetApplicationClaims($id) }
        }
        if ($null -eq $fields) { $fields = Get-PropertyOrNull $application 'TargetApplicationFields' }
        if ($null -eq $claims) { $claims = Get-PropertyOrNull $application 'TargetApplicationClaims' }
        if ($null -eq $fields) { Write-ExportWarning "${id}: credential field list could not be read." }
        if ($null -eq $claims) { Write-ExportWarning "${id}: administrators and members could not be read." }

        $url = Get-PropertyOrNull $ta 'CredentialManagementUrl'
        [pscustomobject]@{
            TargetApplication       = [pscustomobject]@{
                ApplicationId           = $id
                Name                    = [string]$ta.Name
                FriendlyName            = Get-PropertyOrNull $ta 'FriendlyName'
                ContactEmail            = Get-PropertyOrNull $ta 'ContactEmail'
                Type                    = $ta.Type   # TargetApplicationType enum value
                TicketTimeout           = [int]$ta.TicketTimeout
                CredentialManagementUrl = if ($null -eq $url -or [string]$url -eq '') { $null } else { [uri]$url }
            }
            TargetApplicationFields = @(ConvertTo-FieldRow $fields)
            TargetApplicationClaims = [pscustomobject]@{
                AdministratorClaims  = @(ConvertTo-ClaimRow (Get-PropertyOrNull $claims 'AdministratorClaims') $id)
                GroupClaims          = @(ConvertTo-ClaimRow (Get-PropertyOrNull $claims 'GroupClaims') $id)
                TicketRedeemerClaims = @(ConvertTo-ClaimRow (Get-PropertyOrNull $claims 'TicketRedeemerClaims') $id)
            }
        }
    }
    Write-Progress -Id 1 -Activity 'Secure Store target applications' -Completed
}

# ---------------------------------------------------------------------------------------------------
# Site collections and their locks
# ---------------------------------------------------------------------------------------------------

function Get-SiteId($Administration) {
    # SPSiteAdministration has no documented Id; open the SPSite briefly when the property is absent.
    $id = Get-PropertyOrNull $Administration 'Id'
    if ($null -ne $id) { return [guid]$id }
    Read-OrNull {
        $site = New-Object Microsoft.SharePoint.SPSite([string]$Administration.Url)
        try { $site.ID } finally { $site.Dispose() }
    }
}

function Get-SiteCollectionRow {
    # Streamed: one object at a time goes down the pipeline into Export-Clixml, never an array.
    $total = Read-OrNull { [int](Get-SPContentDatabase | Measure-Object -Property CurrentSiteCount -Sum).Sum }
    $script:SitesSeen = 0
    $script:SitesWithUnreadableLock = 0
    Get-SPSiteAdministration -Limit All | ForEach-Object {
        $administration = $_
        try {
            $script:SitesSeen++
            if ($script:SitesSeen % 200 -eq 1) {
                $percent = if ($total) { [math]::Min(100, 100 * $script:SitesSeen / $total) } else { -1 }
                Write-Progress -Id 2 -Activity 'Site collections' -Status ("{0} read" -f $script:SitesSeen) -PercentComplete $percent
            }
            # SPSiteAdministration.ReadLocked answers on No Access sites, where SPSite.ReadLocked throws.
            $row = [pscustomobject]@{
                Id          = Get-SiteId $administration
                Url         = Read-OrNull { [string]$administration.Url }
                ReadLocked  = Read-OrNull { [bool]$administration.ReadLocked }
                WriteLocked = Read-OrNull { [bool]$administration.WriteLocked }
                ReadOnly    = Read-OrNull { [bool]$administration.ReadOnly }
                LockIssue   = Read-OrNull { $administration.LockIssue }
            }
            if ($null -eq $row.ReadLocked -or $null -eq $row.WriteLocked -or $null -eq $row.ReadOnly) {
                $script:SitesWithUnreadableLock++
            }
            $row
        } finally {
            # Dispose as we go: a million undisposed SPSiteAdministration objects would exhaust memory.
            try { $administration.Dispose() } catch { }
        }
    }
    Write-Progress -Id 2 -Activity 'Site collections' -Completed
    if ($script:SitesWithUnreadableLock -gt 0) {
        Write-ExportWarning ("{0} site collection(s) with an unreadable lock property; written as null (lock state unknown)." -f $script:SitesWithUnreadableLock)
    }
}

# ---------------------------------------------------------------------------------------------------
# BCS LobSystemInstances (which Secure Store applications they authenticate through)
# ---------------------------------------------------------------------------------------------------

function Get-InstanceProperty($Instance, [string]$Name) {
    # The administration object model's PropertyCollection; absent property -> $null.
    $properties = Get-PropertyOrNull $Instance 'Properties'
    if ($null -eq $properties) { return $null }
    foreach ($property in $properties) {
        if ([string]$property.Name -eq $Name) {
            $value = [string]$property.Value
            if ($value -eq '') { return $null }
            return $value
        }
    }
    $null
}

function Get-LobSystemInstanceRow([string]$SiteUrl) {
    # A wildcard name returns every LobSystem; LobSystemInstances are then read from each LobSystem.
    $lobSystems = @(Get-SPBusinessDataCatalogMetadataObject -BdcObjectType LobSystem -Name '*' -ServiceContext $SiteUrl)
    $index = 0
    foreach ($lobSystem in $lobSystems) {
        $index++
        Write-Progress -Id 3 -Activity 'BCS LobSystemInstances' -Status ([string]$lobSystem.Name) -PercentComplete (100 * $index / [math]::Max(1, $lobSystems.Count))
        foreach ($instance in @($lobSystem.LobSystemInstances)) {
            [pscustomobject]@{
                LobSystem                 = [string]$lobSystem.Name
                Name                      = [string]$instance.Name
                SsoApplicationId          = Get-InstanceProperty $instance 'SsoApplicationId'
                SecondarySsoApplicationId = Get-InstanceProperty $instance 'SecondarySsoApplicationId'
            }
        }
    }
    Write-Progress -Id 3 -Activity 'BCS LobSystemInstances' -Completed
}

# ---------------------------------------------------------------------------------------------------
# User-profile synchronization property mappings
# ---------------------------------------------------------------------------------------------------

function Find-LobSystemInstance([string]$SystemName, [string]$SiteUrl) {
    # A BCS connection names its external system; the profile data comes through that system's instance.
    if (-not $SystemName) { return $null }
    if ($null -eq $script:LobInstances) {
        $script:LobInstances = @(Read-OrNull { Get-LobSystemInstanceRow $SiteUrl })
    }
    $found = @($script:LobInstances | Where-Object { $_ -and ($_.LobSystem -eq $SystemName -or $_.Name -eq $SystemName) })
    if ($found.Count -eq 0) {
        Write-ExportWarning "BCS connection reads external system '$SystemName', which has no LobSystemInstance in this BCS service."
        return $null
    }
    if ($found.Count -gt 1) {
        Write-ExportWarning "External system '$SystemName' has $($found.Count) LobSystemInstances; the first, '$($found[0].Name)', is recorded."
    }
    $found[0]
}

function Get-PropertyUsage($ServiceContext, [string[]]$PropertyNames) {
    # One pass over every profile, counting non-empty values of each mapped property.
    $usage = @{}
    foreach ($name in $PropertyNames) { $usage[$name] = 0 }
    $profiles = New-Object Microsoft.Office.Server.UserProfiles.UserProfileManager($ServiceContext)
    $seen = 0
    foreach ($userProfile in $profiles) {
        $seen++
        if ($seen % 500 -eq 1) { Write-Progress -Id 5 -ParentId 4 -Activity 'Counting property usage' -Status ("{0} profiles" -f $seen) -PercentComplete -1 }
        foreach ($name in $PropertyNames) {
            $value = Read-OrNull { $userProfile[$name].Value }
            if ($null -ne $value -and [string]$value -ne '') { $usage[$name]++ }
        }
    }
    Write-Progress -Id 5 -Activity 'Counting property usage' -Completed
    $usage
}

function Get-ProfilePropertyMappingRow([string]$SiteUrl) {
    [void][Reflection.Assembly]::LoadWithPartialName('Microsoft.Office.Server.UserProfiles')
    $serviceContext = Get-SPServiceContext -Site $SiteUrl
    $config = New-Object Microsoft.Office.Server.UserProfiles.UserProfileConfigManager($serviceContext)
    $coreProperties = $config.ProfilePropertyManager.GetCoreProperties()

    # Collect the (small) list of mappings first: PropertyUsage needs every mapped name before counting.
    $rows = New-Object System.Collections.Generic.List[object]
    foreach ($connection in $config.ConnectionManager) {
        $connectionName = [string]$connection.DisplayName
        $connectionType = [string]$connection.Type
        Write-Progress -Id 4 -Activity 'User profile property mappings' -Status $connectionName -PercentComplete -1
        $maps = Read-OrNull { $connection.PropertyMapping }
        if ($null -eq $maps) {
            # AD Import (2013+) keeps its mappings out of the public API: Connection.PropertyMapping is null.
            Write-ExportWarning "Connection '$connectionName' ($connectionType): its property mappings are not readable through the object model; not exported."
            continue
        }
        $lob = $null
        if ($connectionType -like '*BusinessData*') {
            $lob = Find-LobSystemInstance (Get-PropertyOrNull $connection 'SystemName') $SiteUrl
        }
        foreach ($map in $maps) {
            $profileProperty = $map.ProfileProperty
            $propertyName = if ($profileProperty -is [string]) { $profileProperty } else { [string]$profileProperty.Name }
            $core = Read-OrNull { $coreProperties.GetPropertyByName($propertyName) }
            $directions = @()
            if ($map.IsImport) { $directions += 'Import' }
            if ($map.IsExport) { $directions += 'Export' }
            foreach ($direction in $directions) {
                $rows.Add([pscustomobject]@{
                    ConnectionName      = $connectionName
                    ConnectionType      = $connectionType
                    PropertyName        = $propertyName
                    PropertyDisplayName = Get-PropertyOrNull $core 'DisplayName'
                    PropertyMapping     = [string]$map.DataSourcePropertyName
                    Direction           = $direction
                    PropertyLength      = Read-OrNull { [int]$core.Length }
                    PropertyUsage       = $null
                    LobSystem           = if ($lob) { $lob.LobSystem } else { $null }
                    LobSystemInstance   = if ($lob) { $lob.Name } else { $null }
                })
            }
        }
    }

    if (-not $SkipPropertyUsage -and $rows.Count -gt 0) {
        try {
            $names = @($rows | ForEach-Object { $_.PropertyName } | Sort-Object -Unique)
            $usage = Get-PropertyUsage $serviceContext $names
            foreach ($row in $rows) { $row.PropertyUsage = [int]$usage[$row.PropertyName] }
        } catch {
            Write-ExportWarning ("PropertyUsage not counted: {0}" -f $_.Exception.Message)
        }
    }
    Write-Progress -Id 4 -Activity 'User profile property mappings' -Completed
    $rows
}

# ---------------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------------

Initialize-SharePointShell
if (-not (Test-Path -LiteralPath $OutputFolder)) {
    [void](New-Item -ItemType Directory -Path $OutputFolder)
}
$OutputFolder = (Resolve-Path -LiteralPath $OutputFolder).ProviderPath
$siteUrl = Resolve-ServiceContextUrl $ServiceContext
$started = [DateTime]::UtcNow
$script:LobInstances = $null
Write-Host "Service context: $siteUrl"

Export-Section 'SecureStoreApplications' 'SecureStoreApplications.xml' { Get-SecureStoreApplicationRow $siteUrl }

if ($SkipBcs) {
    $script:Counts['BcsLobSystemInstances'] = $null
} else {
    Export-Section 'BcsLobSystemInstances' 'BcsLobSystemInstances.xml' {
        $script:LobInstances = @(Get-LobSystemInstanceRow $siteUrl)
        $script:LobInstances
    }
}

if ($SkipProfiles) {
    $script:Counts['ProfilePropertyMappings'] = $null
} else {
    Export-Section 'ProfilePropertyMappings' 'ProfilePropertyMappings.xml' { Get-ProfilePropertyMappingRow $siteUrl }
}

if ($SkipSites) {
    $script:Counts['SiteCollections'] = $null
} else {
    Export-Section 'SiteCollections' 'SiteCollections.xml' { Get-SiteCollectionRow }
}

# A short record of the run; counts are $null for a skipped or failed section.
$info = [pscustomobject]@{
    ExporterVersion         = $ExporterVersion
    FarmBuildVersion        = Read-OrNull { (Get-SPFarm).BuildVersion }
    ComputerName            = $env:COMPUTERNAME
    ExportedBy              = Read-OrNull { [Security.Principal.WindowsIdentity]::GetCurrent().Name }
    ExportStartedUtc        = $started
    ExportFinishedUtc       = [DateTime]::UtcNow
    ServiceContext          = $siteUrl
    SecureStoreApplications = $script:Counts['SecureStoreApplications']
    SiteCollections         = $script:Counts['SiteCollections']
    BcsLobSystemInstances   = $script:Counts['BcsLobSystemInstances']
    ProfilePropertyMappings = $script:Counts['ProfilePropertyMappings']
    PropertyUsageCounted    = -not $SkipPropertyUsage
    Warnings                = @($script:Warnings)
}
$info | Export-Clixml -LiteralPath (Join-Path $OutputFolder 'ExportInfo.xml') -Depth 4

Write-Host ("Done in {0:n0} s; {1} warning(s). Copy the folder '{2}' to the machine running farmscan." -f ([DateTime]::UtcNow - $started).TotalSeconds, $script:Warnings.Count, $OutputFolder)
