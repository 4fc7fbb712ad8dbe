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
      SiteCollections\<db>.xml      one file per content database, one object per site collection: Id,
                                    Url, ReadLocked (SPSite.IsReadLocked), WriteLocked, ReadOnly,
                                    LockIssue, ContentDatabase, ContentDatabaseReadOnly (streamed)
      BcsLobSystemInstances.xml     one object per BCS LobSystemInstance and every *SsoApplicationId of
                                    it and of its LobSystem
      ProfilePropertyMappings.xml   one object per user-profile synchronization property mapping
      ExportInfo.xml                farm build, export time, computer, counts, content databases, warnings

    Each section runs in its own try/catch: a missing service application writes a warning, and the
    other sections still run. Warnings go to the console and into ExportInfo.xml, with the control and
    bidi characters of farm names and values shown as \u{XXXX}, so that farm data cannot drive the console.

    RESUME
      A content database whose file is already in SiteCollections\ is not read again: run the same
      command again after an export was cut off and it goes on with the databases still missing.
      -Restart exports every database again. Content databases that are not Online are skipped and named.

    RIGHTS NEEDED
      - Farm administrator, and local administrator of the server (SharePoint Management Shell).
      - Secure Store administrator: the account must be in the Administrators of the Secure Store
        service application, or Get-SPSecureStoreApplication returns nothing or access denied.
      - For profile mappings: Full Control on the User Profile service application's Administrators
        and Permissions (the same rights SMAT asks for).
      - Read access to every web application (a farm admin normally has it through the policy); lock
        properties of a site collection need site collection administrator rights (SPSite.WriteLocked).

    NEVER EXPORTED
      Credential values, pass phrases and keys are never read or written. The script calls no cmdlet
      or method that returns Secure Store credentials; it reads the names and types of the credential
      fields only. No SecureString is ever serialized.

.PARAMETER OutputFolder
    Folder to write the files into; created if missing.

.PARAMETER ServiceContext
    URL of a site whose service connections include the Secure Store, BCS and User Profile service
    applications to export. Default: the Central Administration site (the farm's default service
    connections; a host-named farm's web applications may have no root site at all).

.PARAMETER SkipSites
    Do not export site collections (the longest section on a big farm).

.PARAMETER SkipProfiles
    Do not export user-profile property mappings.

.PARAMETER SkipBcs
    Do not export BCS LobSystemInstances.

.PARAMETER CountPropertyUsage
    Count, per mapped property, the profiles that have a value (SMAT's PropertyUsage). Off by default:
    it reads every user profile once, hours on a farm with 300,000 profiles. Without it PropertyUsage is
    $null.

.PARAMETER SkipPropertyUsage
    Obsolete: not counting is the default now. Accepted so that older command lines still run.

.PARAMETER Restart
    Export every content database again, even those a cut-off earlier run already wrote.

.EXAMPLE
    .\Export-FarmInventory.ps1 -OutputFolder D:\farmscan\contoso-export

    Exports everything, using the Central Administration site as the service context. Run it again
    with the same folder after an interruption: finished content databases are kept.

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
    [switch]$CountPropertyUsage,
    [switch]$SkipPropertyUsage,
    [switch]$Restart
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$ExporterVersion = '2.0.0'
$script:Warnings = New-Object System.Collections.Generic.List[string]
$script:Counts = [ordered]@{}
$script:Databases = New-Object System.Collections.Generic.List[object]

# ---------------------------------------------------------------------------------------------------
# Where the SharePoint names used here come from. [doc] = on a Microsoft Learn page (page id given);
# [guess] = seen in public scripts or on farms, not documented where we looked: each guess is read
# through Read-OrNull / Get-PropertyOrNull, so a wrong one costs a warning or a null, never the run.
#   [doc]   Get-SPWebApplication -IncludeCentralAdministration; SPWebApplication.IsAdministrationWebApplication (ms463906)
#   [guess] SPWebApplication.Url (the snap-in's type data shows it; the class documents GetResponseUri)
#   [doc]   Get-SPContentDatabase -NoStatusFilter; SPContentDatabase.Name, Id, Status, CurrentSiteCount, IsReadOnly (ee376991)
#   [doc]   Get-SPSite -ContentDatabase -Limit All; SPSite.ID, Url, IsReadLocked (jj174038, 2013+), WriteLocked (ms434075),
#           ReadOnly (ms465794: true whenever the content database is read-only), LockIssue, Dispose
#   [doc]   SPSite.ReadLocked "throws on a locked site" (ms455066, 2010 page): not read; SPSiteAdministration has no Id (ms443070)
#   [doc]   Get-SPServiceContext -Site; SecureStoreServiceProxy.GetSecureStore(SPServiceContext) (ee575123);
#           ISecureStore.GetApplicationFields / GetApplicationClaims (ee575408)
#   [guess] the parameterless SecureStoreServiceProxy constructor
#   [doc]   Get-SPSecureStoreApplication -ServiceContext -All; its TargetApplication (ee575079: ApplicationId, Name,
#           FriendlyName, ContactEmail, Type, TicketTimeout, CredentialManagementUrl); TargetApplicationField
#           (Name, IsMasked, CredentialType); TargetApplicationClaims (AdministratorClaims, GroupClaims,
#           TicketRedeemerClaims); SecureStoreServiceClaim (ClaimType, ClaimIssuer, ClaimValue)
#   [guess] TargetApplicationFields / TargetApplicationClaims on the cmdlet's object (fallback only)
#   [doc]   SPClaim(type, value, valueType, originalIssuer) (ee556625); SPOriginalIssuers.Format; SPClaimProviderManager.Local.EncodeClaim
#   [guess] Secure Store's ClaimIssuer spellings 'windows', 'Windows', 'AD AUTHORITY' for Windows claims
#   [doc]   Get-SPBusinessDataCatalogMetadataObject -BdcObjectType LobSystem; LobSystem.LobSystemInstances, MetadataObject.Properties
#           (Name, Value); property names SsoApplicationId, SecondarySsoApplicationId, WebServiceSsoApplicationId
#           (LobSystemInstanceConstants, ee561874), WsdlFetchSsoApplicationId (LobSystemConstants, ee566121)
#   [guess] -Name '*' returning every LobSystem (BDC's wildcard)
#   [doc]   UserProfileConfigManager(SPServiceContext), ConnectionManager, Connection.DisplayName / Type / PropertyMapping,
#           BusinessDataCatalogConnection.SystemName, PropertyMap.ProfileProperty / DataSourcePropertyName / IsImport /
#           IsExport, CoreProperty.DisplayName / Length, UserProfileManager (enumerable), UserProfile[name].Value
#   [guess] Connection.PropertyMapping is null for Active Directory Import connections
# ---------------------------------------------------------------------------------------------------

# ---------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------

function Format-ConsoleText($Value, [int]$MaxLength = 200) {
    # Text from the farm, made safe to print: a control character (ESC sequences, BEL, a CR that overwrites
    # the line) would drive the admin's terminal and a bidi control (U+202E) would reorder what they read,
    # so each is shown as \u{XXXX}; a value longer than MaxLength (0: no limit) is cut, marked '...'.
    if ($null -eq $Value) { return '' }
    $text = [string]$Value
    $cut = $MaxLength -gt 0 -and $text.Length -gt $MaxLength
    if ($cut) {
        $end = $MaxLength
        if ([char]::IsHighSurrogate($text[$end - 1])) { $end-- }
        $text = $text.Substring(0, $end)
    }
    # Control: C0, DEL and C1 (CSI too); Format: bidi controls, zero-width characters; U+2028, U+2029.
    $shown = 'Control', 'Format', 'LineSeparator', 'ParagraphSeparator'
    $builder = New-Object System.Text.StringBuilder
    foreach ($ch in $text.ToCharArray()) {
        if ($shown -contains [string][Globalization.CharUnicodeInfo]::GetUnicodeCategory($ch)) {
            [void]$builder.AppendFormat('\u{{{0:X4}}}', [int]$ch)
        } else {
            [void]$builder.Append($ch)
        }
    }
    if ($cut) { [void]$builder.Append('...') }
    $builder.ToString()
}

function Write-ExportWarning([string]$Message) {
    # Kept for ExportInfo.xml too, so the consultant reading the export later sees what was missing; the
    # same safe text in both (callers cut farm values; exception messages may carry farm text too).
    $safe = Format-ConsoleText $Message 0
    $script:Warnings.Add($safe)
    Write-Warning $safe
}

function Read-OrNull([scriptblock]$Getter) {
    # A property getter that throws (SPSite.ReadLocked on a locked site, for one) becomes $null,
    # which the scanner reports as "unknown" instead of guessing.
    try { & $Getter } catch { $null }
}

function Get-InnermostMessage($ErrorRecord) {
    # 'Exception calling ".ctor" with "1" argument(s)' says nothing to an admin: the innermost message does.
    $reason = $ErrorRecord.Exception
    while ($null -ne $reason.InnerException) { $reason = $reason.InnerException }
    $reason.Message
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
    # Central Administration uses the farm's default service connections and always has its root site;
    # the first web application may be a host-named one with no site at its own URL.
    if ($Url) { return $Url }
    $admin = @(Get-SPWebApplication -IncludeCentralAdministration | Where-Object { $_.IsAdministrationWebApplication }) | Select-Object -First 1
    if ($null -eq $admin) { throw 'No Central Administration web application found; pass -ServiceContext <site url>.' }
    $admin.Url
}

function Export-Section {
    # Streams what $Produce writes into <File>.partial, then renames it: a failed section leaves no .xml.
    param([string]$Name, [string]$File, [scriptblock]$Produce)
    $final = if ([IO.Path]::IsPathRooted($File)) { $File } else { Join-Path $OutputFolder $File }
    $partial = "$final.partial"
    $script:Counts[$Name] = 0
    try {
        & $Produce | ForEach-Object { $script:Counts[$Name]++; $_ } | Export-Clixml -LiteralPath $partial -Depth 4
        Move-Item -LiteralPath $partial -Destination $final -Force
        Write-Host ("{0}: {1} written to {2}" -f (Format-ConsoleText $Name 0), $script:Counts[$Name], (Format-ConsoleText $final 0))
    } catch {
        $script:Counts[$Name] = $null
        Remove-Item -LiteralPath $partial -ErrorAction SilentlyContinue
        Write-ExportWarning ("{0} not exported: {1}" -f (Format-ConsoleText $Name 0), (Get-InnermostMessage $_))
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
        # Fields and claims then come from the cmdlet's objects, if at all: say why once.
        Write-ExportWarning ("Secure Store could not be opened through {0} ({1}); fields and claims are read from Get-SPSecureStoreApplication's objects instead." -f (Format-ConsoleText $SiteUrl), (Get-InnermostMessage $_))
        $null
    }
}

function Get-EncodedClaim($Claim, [string]$ApplicationId) {
    # SharePoint's own encoding (i:0#.w|contoso\chris, c:0+.w|s-1-5-21-...), so the target can rebuild
    # the principal with New-SPClaimsPrincipal -EncodedClaim.
    try {
        $issuer = [string]$Claim.ClaimIssuer
        # Secure Store hands Windows claims back as 'windows', 'Windows' or, for group SIDs, 'AD AUTHORITY';
        # SharePoint's encoder knows the Windows issuer by its own name only.
        if ($issuer -ieq 'windows' -or $issuer -ieq 'AD AUTHORITY') {
            $issuer = [Microsoft.SharePoint.Administration.Claims.SPOriginalIssuers]::Format([Microsoft.SharePoint.Administration.Claims.SPOriginalIssuerType]::Windows)
        }
        $spClaim = New-Object Microsoft.SharePoint.Administration.Claims.SPClaim -ArgumentList @(
            [string]$Claim.ClaimType, [string]$Claim.ClaimValue, 'http://www.w3.org/2001/XMLSchema#string', $issuer)
        [Microsoft.SharePoint.Administration.Claims.SPClaimProviderManager]::Local.EncodeClaim($spClaim)
    } catch {
        Write-ExportWarning ("{0}: claim '{1}' could not be encoded ({2}); EncodedClaim left empty." -f (Format-ConsoleText $ApplicationId), (Format-ConsoleText $Claim.ClaimValue), $_.Exception.Message)
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
    $applications = @(Get-SPSecureStoreApplication -ServiceContext $SiteUrl -All)
    # Opened only when there is something to read: a failing list says it all already.
    $store = $null
    if ($applications.Count -gt 0) { $store = Get-SecureStore $SiteUrl }
    $index = 0
    foreach ($application in $applications) {
        $index++
        $ta = $application.TargetApplication
        $id = [string]$ta.ApplicationId
        Write-Progress -Id 1 -Activity 'Secure Store target applications' -Status (Format-ConsoleText $id) -PercentComplete (100 * $index / $applications.Count)

        # Fields and claims: through ISecureStore when available, else from the cmdlet's own object.
        $fields = $null
        $claims = $null
        if ($null -ne $store) {
            $fields = Read-OrNull { $store.GetApplicationFields($id) }
            $claims = Read-OrNull { $store.GetApplicationClaims($id) }
        }
        if ($null -eq $fields) { $fields = Get-PropertyOrNull $application 'TargetApplicationFields' }
        if ($null -eq $claims) { $claims = Get-PropertyOrNull $application 'TargetApplicationClaims' }
        if ($null -eq $fields) { Write-ExportWarning ("{0}: credential field list could not be read." -f (Format-ConsoleText $id)) }
        if ($null -eq $claims) { Write-ExportWarning ("{0}: administrators and members could not be read." -f (Format-ConsoleText $id)) }

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

function Get-SiteCollectionRow($Database, [string]$DatabaseName, $DatabaseReadOnly) {
    # One SPSite per site gives the Id and the locks: SPSiteAdministration has no Id, and SPSite.IsReadLocked
    # (2013+) answers on No Access sites, where SPSite.ReadLocked throws. Streamed into Export-Clixml.
    Get-SPSite -ContentDatabase $Database -Limit All | ForEach-Object {
        $site = $_
        try {
            $script:SitesSeen++
            if ($script:SitesSeen % 200 -eq 1) {
                Write-Progress -Id 2 -Activity 'Site collections' -Status ("{0}: {1} read in all" -f (Format-ConsoleText $DatabaseName), $script:SitesSeen) -PercentComplete -1
            }
            $row = [pscustomobject]@{
                Id                      = Read-OrNull { [guid]$site.ID }
                Url                     = Read-OrNull { [string]$site.Url }
                ReadLocked              = Read-OrNull { [bool]$site.IsReadLocked }
                WriteLocked             = Read-OrNull { [bool]$site.WriteLocked }
                ReadOnly                = Read-OrNull { [bool]$site.ReadOnly }
                LockIssue               = Read-OrNull { $site.LockIssue }
                ContentDatabase         = $DatabaseName
                # A read-only database makes every site in it read ReadOnly and WriteLocked: no lock an
                # administrator set, and it hides one that was (SPSite.ReadOnly, ms465794).
                ContentDatabaseReadOnly = $DatabaseReadOnly
            }
            if ($null -eq $row.ReadLocked -or $null -eq $row.WriteLocked -or $null -eq $row.ReadOnly) {
                $script:SitesWithUnreadableLock++
            }
            $row
        } finally {
            # Dispose as we go: a million undisposed SPSite objects would exhaust memory.
            try { $site.Dispose() } catch { }
        }
    }
}

function Get-DatabaseFileName($Database, $Taken) {
    # A file name that any file system and zip tool take; two databases of one name (on two SQL servers)
    # are told apart by their Id.
    $name = ([string]$Database.Name) -replace '[^A-Za-z0-9._-]', '_'
    if ($name -eq '' -or $Taken.ContainsKey($name)) { $name = "{0}-{1}" -f $name, $Database.Id }
    $Taken[$name] = $true
    "$name.xml"
}

function Read-DatabaseCheckpoint([string]$File, $DatabaseId) {
    # <db>.xml.done is written after <db>.xml is complete: "<database id><TAB><sites><TAB><IsReadOnly>".
    # Without it (cut off between the two), or for another database of that file name, export again.
    $done = "$File.done"
    if (-not (Test-Path -LiteralPath $File) -or -not (Test-Path -LiteralPath $done)) { return $null }
    $parts = @(([IO.File]::ReadAllText($done)).Trim() -split "`t")
    if ($parts.Count -ne 3 -or $parts[0] -ne [string]$DatabaseId) { return $null }
    $readOnly = $null
    if ($parts[2] -ne '') { $readOnly = [bool]::Parse($parts[2]) }
    [pscustomobject]@{ Sites = [int]$parts[1]; IsReadOnly = $readOnly }
}

function Write-DatabaseCheckpoint([string]$File, $DatabaseId, $Sites, $IsReadOnly) {
    $done = "$File.done"
    $readOnly = ''
    if ($null -ne $IsReadOnly) { $readOnly = [string][bool]$IsReadOnly }
    # ASCII and renamed into place: a checkpoint is whole or absent.
    [IO.File]::WriteAllText("$done.partial", ("{0}`t{1}`t{2}" -f $DatabaseId, $Sites, $readOnly), [Text.Encoding]::ASCII)
    Move-Item -LiteralPath "$done.partial" -Destination $done -Force
}

function Write-ReadOnlyDatabaseWarning([string]$Name) {
    Write-ExportWarning ("Content database '{0}' is read-only: every site in it reads ReadOnly and WriteLocked whatever its own lock; its sites are marked ContentDatabaseReadOnly." -f (Format-ConsoleText $Name))
}

function Export-ContentDatabase($Database, $Entry, [string]$File) {
    # One database into its own file; $Entry (its line in ExportInfo.xml) is filled in.
    $checkpoint = Read-DatabaseCheckpoint $File $Entry.Id
    if ($null -ne $checkpoint) {
        $Entry.Result = 'Resumed'
        $Entry.Sites = $checkpoint.Sites
        $Entry.IsReadOnly = $checkpoint.IsReadOnly
        Write-Host ("Content database '{0}': kept from an earlier run ({1}); -Restart exports it again." -f (Format-ConsoleText $Entry.Name), (Format-ConsoleText $Entry.File))
        if ($Entry.IsReadOnly) { Write-ReadOnlyDatabaseWarning $Entry.Name }
        return
    }
    # SPContentDatabase.IsReadOnly asks SQL Server (one round trip): read once per database.
    $Entry.IsReadOnly = Read-OrNull { [bool]$Database.IsReadOnly }
    if ($Entry.IsReadOnly) { Write-ReadOnlyDatabaseWarning $Entry.Name }
    # Names of their own: the block runs inside Export-Section, whose $Name and $File would win.
    $sectionDatabase = $Database
    $sectionDatabaseName = $Entry.Name
    $sectionReadOnly = $Entry.IsReadOnly
    $section = "SiteCollections ($(Format-ConsoleText $Entry.Name))"
    Export-Section $section $File { Get-SiteCollectionRow $sectionDatabase $sectionDatabaseName $sectionReadOnly }
    $Entry.Sites = $script:Counts[$section]
    $script:Counts.Remove($section)
    if ($null -eq $Entry.Sites) { $Entry.Result = 'Failed'; return }
    $Entry.Result = 'Exported'
    Write-DatabaseCheckpoint $File $Entry.Id $Entry.Sites $Entry.IsReadOnly
}

function Write-StaleSiteFileWarning([string]$Folder) {
    # A site file this run did not write or keep (its database is gone, renamed, or no longer Online)
    # would still be scanned: say so rather than delete what an earlier run exported.
    $current = @($script:Databases | Where-Object { $_.Result -eq 'Exported' -or $_.Result -eq 'Resumed' } | ForEach-Object { Split-Path -Leaf $_.File })
    foreach ($file in @(Get-ChildItem -LiteralPath $Folder -Filter '*.xml' -File)) {
        if ($current -contains $file.Name) { continue }
        Write-ExportWarning ("SiteCollections/{0} is from an earlier run, for a content database this run did not export: farmscan will still read it. Delete it, or run with -Restart, unless you want those sites in the scan." -f (Format-ConsoleText $file.Name))
    }
}

function Export-SiteCollections {
    $folder = Join-Path $OutputFolder 'SiteCollections'
    if ($Restart -and (Test-Path -LiteralPath $folder)) { Remove-Item -LiteralPath $folder -Recurse -Force }
    if (-not (Test-Path -LiteralPath $folder)) { [void](New-Item -ItemType Directory -Path $folder) }
    $script:SitesSeen = 0
    $script:SitesWithUnreadableLock = 0
    $taken = @{}
    # -NoStatusFilter: without it the databases that are not Online are left out without a word.
    foreach ($database in @(Get-SPContentDatabase -NoStatusFilter)) {
        $name = [string]$database.Name
        $file = Join-Path $folder (Get-DatabaseFileName $database $taken)
        $entry = [ordered]@{ Name = $name; Id = Read-OrNull { [guid]$database.Id }; Status = [string]$database.Status; IsReadOnly = $null; File = $null; Sites = $null; Result = $null }
        $script:Databases.Add($entry)
        if ($entry.Status -ne 'Online') {
            $entry.Result = 'Skipped'
            Write-ExportWarning ("Content database '{0}' is {1}, not Online: its {2} site collection(s) were not exported. Bring it Online and run the export again to add them." -f (Format-ConsoleText $name), (Format-ConsoleText $entry.Status), (Read-OrNull { $database.CurrentSiteCount }))
            continue
        }
        $entry.File = 'SiteCollections/' + (Split-Path -Leaf $file)
        Export-ContentDatabase $database $entry $file
    }
    Write-Progress -Id 2 -Activity 'Site collections' -Completed
    # The section's count: every site now in the folder (this run's and those kept); $null if any failed.
    $script:Counts['SiteCollections'] = 0
    foreach ($entry in $script:Databases) {
        if ($entry.Result -eq 'Failed') { $script:Counts['SiteCollections'] = $null; break }
        if ($null -ne $entry.Sites) { $script:Counts['SiteCollections'] += $entry.Sites }
    }
    Write-StaleSiteFileWarning $folder
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

function Get-SsoApplicationIdList($MetadataObject, [string]$Source) {
    # Every property named *SsoApplicationId names a Secure Store application: SsoApplicationId and
    # SecondarySsoApplicationId (databases), WebServiceSsoApplicationId (web services, WCF),
    # WsdlFetchSsoApplicationId (on the LobSystem, for its metadata), and whatever later connectors add.
    foreach ($property in @(Get-PropertyOrNull $MetadataObject 'Properties')) {
        if ($null -eq $property) { continue }
        $name = [string]$property.Name
        $value = [string]$property.Value
        if ($name -notlike '*SsoApplicationId' -or $value -eq '') { continue }
        [pscustomobject]@{ Property = $name; Source = $Source; ApplicationId = $value }
    }
}

function Get-LobSystemInstanceRow([string]$SiteUrl) {
    # A wildcard name returns every LobSystem; LobSystemInstances are then read from each LobSystem.
    $lobSystems = @(Get-SPBusinessDataCatalogMetadataObject -BdcObjectType LobSystem -Name '*' -ServiceContext $SiteUrl)
    $index = 0
    foreach ($lobSystem in $lobSystems) {
        $index++
        Write-Progress -Id 3 -Activity 'BCS LobSystemInstances' -Status (Format-ConsoleText $lobSystem.Name) -PercentComplete (100 * $index / [math]::Max(1, $lobSystems.Count))
        $systemIds = @(Get-SsoApplicationIdList $lobSystem 'LobSystem')
        foreach ($instance in @($lobSystem.LobSystemInstances)) {
            [pscustomobject]@{
                LobSystem                 = [string]$lobSystem.Name
                Name                      = [string]$instance.Name
                SsoApplicationId          = Get-InstanceProperty $instance 'SsoApplicationId'
                SecondarySsoApplicationId = Get-InstanceProperty $instance 'SecondarySsoApplicationId'
                SsoApplicationIds         = @($systemIds + @(Get-SsoApplicationIdList $instance 'LobSystemInstance'))
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
        Write-ExportWarning ("BCS connection reads external system '{0}', which has no LobSystemInstance in this BCS service." -f (Format-ConsoleText $SystemName))
        return $null
    }
    if ($found.Count -gt 1) {
        Write-ExportWarning ("External system '{0}' has {1} LobSystemInstances; the first, '{2}', is recorded." -f (Format-ConsoleText $SystemName), $found.Count, (Format-ConsoleText $found[0].Name))
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
        Write-Progress -Id 4 -Activity 'User profile property mappings' -Status (Format-ConsoleText $connectionName) -PercentComplete -1
        $maps = Read-OrNull { $connection.PropertyMapping }
        if ($null -eq $maps) {
            # AD Import (2013+) keeps its mappings out of the public API: Connection.PropertyMapping is null.
            Write-ExportWarning ("Connection '{0}' ({1}): its property mappings are not readable through the object model; not exported." -f (Format-ConsoleText $connectionName), (Format-ConsoleText $connectionType))
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

    if ($CountPropertyUsage -and $rows.Count -gt 0) {
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
Write-Host ("Service context: {0}" -f (Format-ConsoleText $siteUrl 0))

Export-Section 'SecureStoreApplications' 'SecureStoreApplications.xml' { Get-SecureStoreApplicationRow $siteUrl }
if ($script:Counts['SecureStoreApplications'] -eq 0) {
    # Without Secure Store administrator rights the cmdlet returns nothing rather than an error.
    Write-ExportWarning ("Secure Store returned no target application through {0}: either it has none, or this account is not one of the Administrators of the Secure Store service application (Central Administration > Manage service applications > Secure Store)." -f (Format-ConsoleText $siteUrl 0))
}
if ($SkipPropertyUsage) {
    Write-Host '-SkipPropertyUsage is no longer needed: PropertyUsage is only counted with -CountPropertyUsage.'
}

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
    Export-SiteCollections
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
    PropertyUsageCounted    = [bool]$CountPropertyUsage
    # Per content database: Exported (Sites = how many), Resumed (kept from an earlier run), Skipped (not
    # Online) or Failed; IsReadOnly as SharePoint reported it.
    ContentDatabases        = @($script:Databases | ForEach-Object { [pscustomobject]$_ })
    Warnings                = @($script:Warnings)
}
# Written as <file>.partial and renamed, like every section: an .xml in the folder is always whole.
$infoFile = Join-Path $OutputFolder 'ExportInfo.xml'
$info | Export-Clixml -LiteralPath "$infoFile.partial" -Depth 4
Move-Item -LiteralPath "$infoFile.partial" -Destination $infoFile -Force

Write-Host ("Done in {0:n0} s; {1} warning(s). Copy the folder '{2}' to the machine running farmscan." -f ([DateTime]::UtcNow - $started).TotalSeconds, $script:Warnings.Count, (Format-ConsoleText $OutputFolder 0))
