# farmscan remediation script
#
# Recreates Secure Store target applications as Group Restricted (RestrictedGroup) applications on a
# SharePoint Server Subscription Edition farm (also valid on SharePoint Server 2016 and 2019), from a
# farmscan remediation plan. Run it in the SharePoint Management Shell as a farm administrator:
#
#   .\remediation.ps1 -SiteUrl https://sharepoint.contoso.com -WhatIf   # shows what it would do
#   .\remediation.ps1 -SiteUrl https://sharepoint.contoso.com
#
# No credential value is stored in this script. Type them at the prompts (masked fields, and every
# password, PIN, key or certificate field, are read without echo), or give them with -Credentials:
# a hashtable of application id to a hashtable of field name to value, ids and field names exactly
# as in the steps below (case included). Give each value as a SecureString (or a PSCredential, whose
# password is taken), not as a plain string, which stays in the shell history or in a file:
#
#   $pw = Read-Host -AsSecureString -Prompt 'HR-Payroll / Password'
#   .\remediation.ps1 -SiteUrl https://sharepoint.contoso.com -Credentials @{ 'HR-Payroll' = @{ 'Password' = $pw } }
#
#   # Windows: saved once, encrypted for this user on this machine (DPAPI), read back when needed
#   Read-Host -AsSecureString | Export-Clixml -Path .\hr-payroll-password.xml
#   $pw = Import-Clixml -Path .\hr-payroll-password.xml
#
# An application that already exists is left alone and reported, so running the script again
# changes nothing. (If setting the credentials fails after an application was created, a rerun
# leaves it alone too: set them in Central Administration or with
# Update-SPSecureStoreGroupCredentialMapping.)
#
# Rights the account running it needs:
#   - Farm Administrators group membership, and SharePoint shell access (Add-SPShellAdmin), in a
#     SharePoint Management Shell run as administrator;
#   - Full Control on the Secure Store Service application (Central Administration > Manage service
#     applications > select the Secure Store Service application > Administrators): it lists the
#     target applications, creates them and sets their group credentials;
#   - a master key for the Secure Store (Generate New Key), refreshed on this server if it is new to
#     the farm (Refresh Key). Without them the script stops before creating anything and says why.
#
# Plan ScanID: '00000000-0000-4000-8000-000000000001'
# Plan generated at: '2026-11-23T10:00:00.000Z'
# Values below are PowerShell literals: [char]0xHHHH stands for a character outside plain ASCII.
#
# Applications it creates (4):
#   1. 'CRM-Reports'
#   2. 'HR-Payroll'
#   3. 'Legacy-Timesheets'
#   4. ('Pe' + [char]0x00F1 + 'a-Finance')
# Left out (0): each needs a decision in decisions.json (see the reasons of its step in
# the plan, and docs/decisions.md), or has a claim without an encoded form. Settle them, then
# generate the script again:
#   (none)
# Skipped by decision (1):
#   1. 'Old-Ticketing'

[CmdletBinding(SupportsShouldProcess)]
param(
    # A site URL of the target farm: the service context of its Secure Store.
    [Parameter(Mandatory)][string]$SiteUrl,
    # @{ <application id> = @{ <field name> = <SecureString or PSCredential> } }, ids and names exactly as
    # in the plan; missing values are prompted for. A plain string works too, with a warning.
    [hashtable]$Credentials = @{}
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# SharePoint Server SE loads its module on demand; 2016 and 2019 need the snap-in.
if (-not (Get-Command -Name New-SPSecureStoreApplication -ErrorAction SilentlyContinue)) {
    Add-PSSnapin -Name Microsoft.SharePoint.PowerShell
}

# A value from the plan, shown without control or format characters so it cannot drive the console.
function Format-FarmscanText([string]$Text) {
    return ($Text -replace '[\p{Cc}\p{Cf}\u2028\u2029]', '?')
}

# Ends the run with one line that says what to do; nothing after it runs.
function Stop-Farmscan([string]$Message) {
    $exception = New-Object -TypeName System.InvalidOperationException -ArgumentList ('farmscan: ' + $Message)
    $record = New-Object -TypeName System.Management.Automation.ErrorRecord -ArgumentList $exception, 'FarmscanStop', 'InvalidOperation', $SiteUrl
    $PSCmdlet.ThrowTerminatingError($record)
}

# Why the Secure Store could not be read, in one line.
function Get-FarmscanReadProblem($ErrorRecord) {
    $chain = @()
    $e = $ErrorRecord.Exception
    while ($null -ne $e) { $chain += ($e.GetType().Name + ': ' + (Format-FarmscanText $e.Message)); $e = $e.InnerException }
    $text = $chain -join ' / '
    $where = 'the Secure Store of ' + (Format-FarmscanText $SiteUrl)
    if ($text -match 'master\s*(encryption\s*)?key|generate a new key') {
        return ($where + ' has no master key this server can use: generate one (Central Administration, Secure Store Service, Generate New Key; or Update-SPSecureStoreMasterKey), or refresh it on this server (Refresh Key; or Update-SPSecureStoreApplicationServerKey); nothing was created')
    }
    if ($text -match 'UnauthorizedAccess|access (is )?denied|not authori[sz]ed') {
        return ('access to ' + $where + ' was denied to the account running this script: it needs the Secure Store rights listed at the top of the script; nothing was created')
    }
    return ('could not read ' + $where + ' (' + $text + '); nothing was created')
}

# The ids already on the target, read once with -All: a failure stops the run and is never read as absent.
function Get-FarmscanExistingIds {
    try {
        $apps = @(Get-SPSecureStoreApplication -ServiceContext $SiteUrl -All)
    } catch {
        Stop-Farmscan (Get-FarmscanReadProblem $_)
    }
    # [guess] ids compare without regard to case, as Secure Store looks them up.
    $ids = New-Object -TypeName 'System.Collections.Generic.HashSet[string]' -ArgumentList ([System.StringComparer]::OrdinalIgnoreCase)
    foreach ($app in $apps) { [void]$ids.Add([string]$app.TargetApplication.ApplicationId) }
    return ,$ids
}

# The trusted identity token issuers the claims name, each checked before anything is created.
function Get-FarmscanTrustedIssuers([string[]]$Names) {
    $found = @{}
    if ($Names.Count -eq 0) { return $found }
    try {
        $all = @(Get-SPTrustedIdentityTokenIssuer)
    } catch {
        Stop-Farmscan ('could not list the trusted identity token issuers of this farm (' + (Format-FarmscanText $_.Exception.Message) + '); nothing was created')
    }
    foreach ($name in $Names) {
        $match = @($all | Where-Object { [string]::Equals($_.Name, $name, 'OrdinalIgnoreCase') })
        if ($match.Count -eq 0) {
            Stop-Farmscan ('the trusted identity token issuer ' + (Format-FarmscanText $name) + ' that claims of this script name does not exist on this farm: create it (New-SPTrustedIdentityTokenIssuer) under that name, or give other claims in decisions.json and generate the script again; nothing was created')
        }
        $found[$name] = $match[0]
    }
    return $found
}

# A trusted issuer claim from its value and type. [guess] -IdentifierClaim marks the issuer identity
# claim (an i: claim, a user); any other type makes a c: claim (a role, a group). [guess] -ClaimType
# takes the claim type URI (the SharePoint 2010 page says I or C; later pages do not say).
function New-FarmscanTrustedPrincipal([string]$Value, [string]$Type, [string]$Issuer) {
    $provider = $trustedIssuers[$Issuer]
    $identity = $provider.IdentityClaimTypeInformation
    if ($null -ne $identity -and [string]::Equals($identity.MappedClaimType, $Type, 'Ordinal')) {
        return (New-SPClaimsPrincipal -ClaimValue $Value -ClaimType $Type -TrustedIdentityTokenIssuer $provider -IdentifierClaim)
    }
    return (New-SPClaimsPrincipal -ClaimValue $Value -ClaimType $Type -TrustedIdentityTokenIssuer $provider)
}

# The key of $Dictionary that is exactly $Name (ordinal), or $null.
function Find-FarmscanKey([System.Collections.IDictionary]$Dictionary, [string]$Name) {
    foreach ($key in @($Dictionary.Keys)) {
        if ([string]::Equals([string]$key, $Name, 'Ordinal')) { return $key }
    }
    return $null
}

# Before anything is created: every key of -Credentials names an application of this script and a field
# of it, exactly. Any other key is said by its name (never its value); its field is then asked for.
function Test-FarmscanCredentialKeys([System.Collections.IDictionary]$Fields) {
    foreach ($appKey in @($Credentials.Keys)) {
        $shown = Format-FarmscanText ([string]$appKey)
        if (-not $Fields.ContainsKey([string]$appKey)) {
            Write-Warning ('-Credentials: the key ''' + $shown + ''' names no application of this script (ids compare exactly, case included); its values are not used')
            continue
        }
        $set = $Credentials[$appKey]
        if ($set -isnot [System.Collections.IDictionary]) { continue }
        foreach ($fieldKey in @($set.Keys)) {
            if (@($Fields[[string]$appKey] | Where-Object { [string]::Equals($_, [string]$fieldKey, 'Ordinal') }).Count -eq 0) {
                Write-Warning ('-Credentials: the key ''' + (Format-FarmscanText ([string]$fieldKey)) + ''' of ' + $shown + ' names no field of that application (names compare exactly, case included); its value is not used')
            }
        }
    }
}

# One field value: from -Credentials, else prompted ($Hidden: without echo, for masked fields and secret
# field types whatever their mask). An empty answer is asked again; after three the run stops, so a
# closed input cannot loop for ever.
function Get-FarmscanSecret([string]$AppId, [string]$Field, [bool]$Hidden) {
    $label = (Format-FarmscanText $AppId) + ' / ' + (Format-FarmscanText $Field)
    $appKey = Find-FarmscanKey $Credentials $AppId
    if ($null -ne $appKey) {
        $set = $Credentials[$appKey]
        if ($set -isnot [System.Collections.IDictionary]) {
            Stop-Farmscan ('-Credentials: the value for ' + (Format-FarmscanText $AppId) + ' must be a hashtable of field name to value')
        }
        $fieldKey = Find-FarmscanKey $set $Field
        if ($null -ne $fieldKey) {
            $value = $set[$fieldKey]
            if ($value -is [System.Management.Automation.PSCredential]) { $value = $value.Password }
            if ($value -is [System.Security.SecureString] -and $value.Length -gt 0) { return $value }
            if ($value -is [string] -and $value.Length -gt 0) {
                # Typed into a command line, it is in the shell history (PSReadLine keeps a file of it).
                Write-Warning ('-Credentials: ' + $label + ': given as a plain string, which may be kept on disk or in the shell history; give a SecureString instead (Read-Host -AsSecureString, or on Windows Import-Clixml of one saved with Export-Clixml, encrypted by DPAPI), or leave it out to be asked')
                return (ConvertTo-SecureString -String $value -AsPlainText -Force)
            }
            Stop-Farmscan ('-Credentials: ' + $label + ': expected a SecureString, a PSCredential or a string, not empty')
        }
    }
    for ($try = 1; $try -le 3; $try++) {
        if ($Hidden) {
            $secret = Read-Host -Prompt $label -AsSecureString
            if ($null -ne $secret -and $secret.Length -gt 0) { return $secret }
        } else {
            $plain = Read-Host -Prompt $label
            if ($null -ne $plain -and $plain.Length -gt 0) { return (ConvertTo-SecureString -String $plain -AsPlainText -Force) }
        }
        Write-Warning ($label + ': a value is needed (every field of the application must have one)')
    }
    Stop-Farmscan ($label + ': no value after three prompts; stopped before creating this application (a rerun leaves those created before alone)')
}

# Credentials right after the application exists. If they fail, the application stays without them and a
# rerun would skip it: say so, and how to finish by hand. Called only once ShouldProcess has said yes for
# the application, so -Confirm:$false: the cmdlet sees the -Confirm of the script and would ask again,
# and a No there would leave the application created without credentials.
function Set-FarmscanCredentials([string]$AppId, [System.Security.SecureString[]]$Values) {
    try {
        $app = Get-SPSecureStoreApplication -ServiceContext $SiteUrl -Name $AppId
        Update-SPSecureStoreGroupCredentialMapping -Identity $app -Values $Values -Confirm:$false
    } catch {
        Stop-Farmscan ((Format-FarmscanText $AppId) + ' was created but its credentials could not be set (' + (Format-FarmscanText $_.Exception.Message) + '): set them in Central Administration or with Update-SPSecureStoreGroupCredentialMapping; a rerun leaves the application alone')
    }
}

# The field names of each application of this script, by id (ordinal, as -Credentials is read).
$scriptFields = New-Object -TypeName 'System.Collections.Generic.Dictionary[string,string[]]' -ArgumentList ([System.StringComparer]::Ordinal)
$scriptFields['CRM-Reports'] = @('User', 'Password', 'PIN')
$scriptFields['HR-Payroll'] = @('Windows User Name', 'Windows Password')
$scriptFields['Legacy-Timesheets'] = @('Windows User Name', 'Windows Password')
$scriptFields[('Pe' + [char]0x00F1 + 'a-Finance')] = @('Windows User Name', 'Windows Password')

# Before anything is created: the Secure Store can be read, every trusted issuer named exists, and
# what -Credentials names is said if it names nothing here.
$existingIds = Get-FarmscanExistingIds
$trustedIssuers = Get-FarmscanTrustedIssuers @()
Test-FarmscanCredentialKeys $scriptFields
$created = 0
$existing = 0

# Application 1 of 4: source type GroupWithTicketing, convert
# Ticket time-out of 30 minutes dropped: Group Restricted has no ticketing.
$appId = 'CRM-Reports'
if ($existingIds.Contains($appId)) {
    Write-Output ('Already exists, left alone: ' + (Format-FarmscanText $appId))
    $existing++
} elseif ($PSCmdlet.ShouldProcess((Format-FarmscanText $appId), 'Create a Group Restricted Secure Store target application')) {
    # Values first: a cancelled prompt leaves nothing half-made. One per field, in field order.
    $values = @(
        (Get-FarmscanSecret $appId 'User' $false),
        (Get-FarmscanSecret $appId 'Password' $true),
        (Get-FarmscanSecret $appId 'PIN' $true)
    )
    $fields = @(
        (New-SPSecureStoreApplicationField -Name 'User' -Type UserName -Masked:$false),
        (New-SPSecureStoreApplicationField -Name 'Password' -Type Password -Masked:$true),
        (New-SPSecureStoreApplicationField -Name 'PIN' -Type Pin -Masked:$true)
    )
    $target = New-SPSecureStoreTargetApplication -Name $appId -FriendlyName 'O''Brien''s CRM reports' -ContactEmail 'sp-admin@contoso.com' -ApplicationType RestrictedGroup
    $administrators = @(
        (New-SPClaimsPrincipal -EncodedClaim 'i:0#.w|contoso\sp-admin')
    )
    $members = @(
        (New-SPClaimsPrincipal -EncodedClaim 'c:0+.w|s-1-5-21-1004336348-1177238915-682003330-1104')
    )
    New-SPSecureStoreApplication -ServiceContext $SiteUrl -TargetApplication $target -Fields $fields -Administrator $administrators -CredentialsOwnerGroup $members | Out-Null
    [void]$existingIds.Add($appId)
    Set-FarmscanCredentials $appId $values
    Write-Output ('Created: ' + (Format-FarmscanText $appId))
    $created++
}

# Application 2 of 4: source type Group, convert
# Used by 1 user-profile property mapping(s): test the profile synchronization afterwards.
$appId = 'HR-Payroll'
if ($existingIds.Contains($appId)) {
    Write-Output ('Already exists, left alone: ' + (Format-FarmscanText $appId))
    $existing++
} elseif ($PSCmdlet.ShouldProcess((Format-FarmscanText $appId), 'Create a Group Restricted Secure Store target application')) {
    # Values first: a cancelled prompt leaves nothing half-made. One per field, in field order.
    $values = @(
        (Get-FarmscanSecret $appId 'Windows User Name' $false),
        (Get-FarmscanSecret $appId 'Windows Password' $true)
    )
    $fields = @(
        (New-SPSecureStoreApplicationField -Name 'Windows User Name' -Type WindowsUserName -Masked:$false),
        (New-SPSecureStoreApplicationField -Name 'Windows Password' -Type WindowsPassword -Masked:$true)
    )
    $target = New-SPSecureStoreTargetApplication -Name $appId -FriendlyName 'HR Payroll (SAP)' -ContactEmail 'hr-it@contoso.com' -ApplicationType RestrictedGroup
    $administrators = @(
        (New-SPClaimsPrincipal -EncodedClaim 'i:0#.w|contoso\sp-admin')
    )
    $members = @(
        (New-SPClaimsPrincipal -EncodedClaim 'c:0+.w|s-1-5-21-1004336348-1177238915-682003330-1104')
    )
    New-SPSecureStoreApplication -ServiceContext $SiteUrl -TargetApplication $target -Fields $fields -Administrator $administrators -CredentialsOwnerGroup $members | Out-Null
    [void]$existingIds.Add($appId)
    Set-FarmscanCredentials $appId $values
    Write-Output ('Created: ' + (Format-FarmscanText $appId))
    $created++
}

# Application 3 of 4: source type Individual, redesign
# Individual credential mappings dropped: the members below share one credential set.
$appId = 'Legacy-Timesheets'
if ($existingIds.Contains($appId)) {
    Write-Output ('Already exists, left alone: ' + (Format-FarmscanText $appId))
    $existing++
} elseif ($PSCmdlet.ShouldProcess((Format-FarmscanText $appId), 'Create a Group Restricted Secure Store target application')) {
    # Values first: a cancelled prompt leaves nothing half-made. One per field, in field order.
    $values = @(
        (Get-FarmscanSecret $appId 'Windows User Name' $false),
        (Get-FarmscanSecret $appId 'Windows Password' $true)
    )
    $fields = @(
        (New-SPSecureStoreApplicationField -Name 'Windows User Name' -Type WindowsUserName -Masked:$false),
        (New-SPSecureStoreApplicationField -Name 'Windows Password' -Type WindowsPassword -Masked:$true)
    )
    $target = New-SPSecureStoreTargetApplication -Name $appId -FriendlyName 'Legacy-Timesheets (friendly)' -ContactEmail 'sp-admin@contoso.com' -ApplicationType RestrictedGroup
    $administrators = @(
        (New-SPClaimsPrincipal -EncodedClaim 'i:0#.w|contoso\sp-admin')
    )
    $members = @(
        (New-SPClaimsPrincipal -EncodedClaim 'c:0+.w|s-1-5-21-1004336348-1177238915-682003330-1120')
    )
    New-SPSecureStoreApplication -ServiceContext $SiteUrl -TargetApplication $target -Fields $fields -Administrator $administrators -CredentialsOwnerGroup $members | Out-Null
    [void]$existingIds.Add($appId)
    Set-FarmscanCredentials $appId $values
    Write-Output ('Created: ' + (Format-FarmscanText $appId))
    $created++
}

# Application 4 of 4: source type RestrictedGroup, compatible
$appId = ('Pe' + [char]0x00F1 + 'a-Finance')
if ($existingIds.Contains($appId)) {
    Write-Output ('Already exists, left alone: ' + (Format-FarmscanText $appId))
    $existing++
} elseif ($PSCmdlet.ShouldProcess((Format-FarmscanText $appId), 'Create a Group Restricted Secure Store target application')) {
    # Values first: a cancelled prompt leaves nothing half-made. One per field, in field order.
    $values = @(
        (Get-FarmscanSecret $appId 'Windows User Name' $false),
        (Get-FarmscanSecret $appId 'Windows Password' $true)
    )
    $fields = @(
        (New-SPSecureStoreApplicationField -Name 'Windows User Name' -Type WindowsUserName -Masked:$false),
        (New-SPSecureStoreApplicationField -Name 'Windows Password' -Type WindowsPassword -Masked:$true)
    )
    $target = New-SPSecureStoreTargetApplication -Name $appId -FriendlyName ('Finanzas Pe' + [char]0x00F1 + 'a ' + [char]0x20AC) -ContactEmail 'sp-admin@contoso.com' -ApplicationType RestrictedGroup
    $members = @(
        (New-SPClaimsPrincipal -Identity 'S-1-5-21-1004336348-1177238915-682003330-513' -IdentityType WindowsSecurityGroupSid)
    )
    New-SPSecureStoreApplication -ServiceContext $SiteUrl -TargetApplication $target -Fields $fields -CredentialsOwnerGroup $members | Out-Null
    [void]$existingIds.Add($appId)
    Set-FarmscanCredentials $appId $values
    Write-Output ('Created: ' + (Format-FarmscanText $appId))
    $created++
}

Write-Output ('Created ' + $created + ', already present ' + $existing + ', left out of this script ' + 0 + '.')
