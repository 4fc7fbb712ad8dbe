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
# An application that already exists as the plan has it is left alone, so running the script again
# changes nothing. One that exists but differs (type, friendly name, contact, fields, their types and
# masks, administrators, members) is never overwritten: it is left alone and reported with what
# differs. One with a claim or field this farm cannot make (a Windows account its directory does not
# know, say) is left alone too, named with the cause, and the run goes on with the next. (If setting
# the credentials fails after an application was created, a rerun leaves it alone too: set them in
# Central Administration or with Update-SPSecureStoreGroupCredentialMapping.)
#
# Exit code 3: steps by hand are left: an application differs from the plan or could not be compared
# with it, has a claim or field this farm could not make, or was left out of this script (listed
# below). Otherwise 0, also after -WhatIf or a create declined at -Confirm: then nothing was created.
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

# The applications already on the target, by id, read once with -All: a failure stops the run and is
# never read as absent. [guess] ids compare without regard to case, as Secure Store looks them up.
function Get-FarmscanExisting {
    try {
        $apps = @(Get-SPSecureStoreApplication -ServiceContext $SiteUrl -All)
    } catch {
        Stop-Farmscan (Get-FarmscanReadProblem $_)
    }
    $found = New-Object -TypeName 'System.Collections.Generic.Dictionary[string,object]' -ArgumentList ([System.StringComparer]::OrdinalIgnoreCase)
    foreach ($app in $apps) { $found[[string]$app.TargetApplication.ApplicationId] = $app }
    return ,$found
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

# The message of a failed call, without the wrapper PowerShell puts around a .NET method failure.
function Get-FarmscanMessage($ErrorRecord) {
    $e = $ErrorRecord.Exception
    if ($e -is [System.Management.Automation.MethodInvocationException] -and $null -ne $e.InnerException) { $e = $e.InnerException }
    return (Format-FarmscanText $e.Message)
}

# ISecureStore of the target, opened once: Store, or Problem saying why it could not be opened.
function Open-FarmscanStore {
    try {
        [void][System.Reflection.Assembly]::LoadWithPartialName('Microsoft.Office.SecureStoreService')
        $context = Get-SPServiceContext -Site $SiteUrl
        return @{ Store = (New-Object -TypeName Microsoft.Office.SecureStoreService.Server.SecureStoreServiceProxy).GetSecureStore($context); Problem = $null }
    } catch {
        return @{ Store = $null; Problem = (Get-FarmscanMessage $_) }
    }
}

# Fields and claims of an application on the target; a string says why they could not be read.
function Get-FarmscanDefinition([string]$Id) {
    if ($null -eq $secureStore.Store) { return ('its fields and claims could not be read: ' + $secureStore.Problem) }
    try {
        $claims = $secureStore.Store.GetApplicationClaims($Id)
        # GroupClaims is null for the individual types.
        return @{
            Fields         = @($secureStore.Store.GetApplicationFields($Id) | Where-Object { $null -ne $_ })
            Administrators = @($claims.AdministratorClaims | Where-Object { $null -ne $_ })
            Members        = @($claims.GroupClaims | Where-Object { $null -ne $_ })
        }
    } catch {
        return ('its fields and claims could not be read: ' + (Get-FarmscanMessage $_))
    }
}

# A claim as one text to compare. [guess] Secure Store hands Windows claims back under the issuer windows,
# Windows or AD AUTHORITY, with Windows names in any case: the issuer is made one, and case does not count.
function Get-FarmscanClaimKey([string]$Type, [string]$Issuer, [string]$Value) {
    if ([string]::Equals($Issuer, 'windows', 'OrdinalIgnoreCase') -or [string]::Equals($Issuer, 'AD AUTHORITY', 'OrdinalIgnoreCase')) { $Issuer = 'windows' }
    return ($Type + [char]0 + $Issuer + [char]0 + $Value).ToUpperInvariant()
}

# What differs between the claims of the plan (SPClaim) and those on the target (Secure Store claims), as
# a phrase, or an empty string for the same set (order carries no meaning).
function Compare-FarmscanClaims([string]$What, [object[]]$Wanted, [object[]]$Actual) {
    $want = New-Object -TypeName 'System.Collections.Generic.Dictionary[string,string]' -ArgumentList ([System.StringComparer]::Ordinal)
    $have = New-Object -TypeName 'System.Collections.Generic.Dictionary[string,string]' -ArgumentList ([System.StringComparer]::Ordinal)
    foreach ($c in @($Wanted | Where-Object { $null -ne $_ })) { $want[(Get-FarmscanClaimKey $c.ClaimType $c.OriginalIssuer $c.Value)] = $c.Value + ' [' + $c.OriginalIssuer + ']' }
    foreach ($c in @($Actual | Where-Object { $null -ne $_ })) { $have[(Get-FarmscanClaimKey $c.ClaimType $c.ClaimIssuer $c.ClaimValue)] = $c.ClaimValue + ' [' + $c.ClaimIssuer + ']' }
    $missing = @($want.Keys | Where-Object { -not $have.ContainsKey($_) } | ForEach-Object { Format-FarmscanText $want[$_] })
    $extra = @($have.Keys | Where-Object { -not $want.ContainsKey($_) } | ForEach-Object { Format-FarmscanText $have[$_] })
    $said = @()
    if ($missing.Count -gt 0) { $said += ($What + ' not on the target: ' + ($missing -join ', ')) }
    if ($extra.Count -gt 0) { $said += ($What + ' not in the plan: ' + ($extra -join ', ')) }
    return ($said -join '; ')
}

# Fields compare in order (values are set in field order), names ordinally: a name that differs in case
# only, or by an invisible character, is another field.
function Test-FarmscanSameFields([object[]]$Wanted, [object[]]$Actual) {
    $Wanted = @($Wanted | Where-Object { $null -ne $_ })
    $Actual = @($Actual | Where-Object { $null -ne $_ })
    if ($Wanted.Count -ne $Actual.Count) { return $false }
    for ($i = 0; $i -lt $Wanted.Count; $i++) {
        if (-not [string]::Equals([string]$Wanted[$i].Name, [string]$Actual[$i].Name, 'Ordinal')) { return $false }
        if (-not [string]::Equals([string]$Wanted[$i].CredentialType, [string]$Actual[$i].CredentialType, 'Ordinal')) { return $false }
        if ([bool]$Wanted[$i].IsMasked -ne [bool]$Actual[$i].IsMasked) { return $false }
    }
    return $true
}

function Format-FarmscanFields([object[]]$Fields) {
    return (@($Fields | Where-Object { $null -ne $_ } | ForEach-Object { (Format-FarmscanText $_.Name) + ' ' + [string]$_.CredentialType + $(if ($_.IsMasked) { ' masked' } else { '' }) }) -join ', ')
}

# Whether the application on the target is the one this step would create. If not, says what differs
# (names, types and claims, never a value) and returns $false; nothing is changed either way.
function Test-FarmscanExisting($App, [string]$AppId, [string]$FriendlyName, [string]$Contact, [object[]]$Fields, [object[]]$Administrators, [object[]]$Members) {
    $left = 'Exists but could not be compared with the plan, left alone: ' + (Format-FarmscanText $AppId) + ' ('
    if ($null -eq $App) {
        Write-Warning ($left + 'created earlier in this run under an id that differs only in case)')
        return $false
    }
    $ta = $App.TargetApplication
    $read = Get-FarmscanDefinition ([string]$ta.ApplicationId)
    if ($read -is [string]) { Write-Warning ($left + $read + ')'); return $false }
    $said = @()
    if (-not [string]::Equals([string]$ta.Type, 'RestrictedGroup', 'Ordinal')) { $said += ('type ' + [string]$ta.Type + ' (the plan: RestrictedGroup)') }
    if (-not [string]::Equals([string]$ta.FriendlyName, $FriendlyName, 'Ordinal')) { $said += ('friendly name ' + (Format-FarmscanText ([string]$ta.FriendlyName)) + ' (the plan: ' + (Format-FarmscanText $FriendlyName) + ')') }
    if (-not [string]::Equals([string]$ta.ContactEmail, $Contact, 'Ordinal')) { $said += ('contact e-mail ' + (Format-FarmscanText ([string]$ta.ContactEmail)) + ' (the plan: ' + (Format-FarmscanText $Contact) + ')') }
    if (-not (Test-FarmscanSameFields $Fields $read.Fields)) { $said += ('fields ' + (Format-FarmscanFields $read.Fields) + ' (the plan: ' + (Format-FarmscanFields $Fields) + ')') }
    $said += @((Compare-FarmscanClaims 'administrators' $Administrators $read.Administrators), (Compare-FarmscanClaims 'members' $Members $read.Members) | Where-Object { $_ -ne '' })
    if ($said.Count -eq 0) { return $true }
    Write-Warning ('Exists but differs from the plan, left alone: ' + (Format-FarmscanText $AppId) + ': ' + ($said -join '; ') + '. Compare it with the plan, then change it by hand, or remove it (Remove-SPSecureStoreApplication) and run the script again')
    return $false
}

# The key of $Dictionary that is exactly $Name (ordinal), or $null.
function Find-FarmscanKey([System.Collections.IDictionary]$Dictionary, [string]$Name) {
    foreach ($key in @($Dictionary.Keys)) {
        if ([string]::Equals([string]$key, $Name, 'Ordinal')) { return $key }
    }
    return $null
}

# Before anything is created: every key of -Credentials names an application of this script and a field
# of it, exactly. Any other key is said (never its value); its field is then asked for. A field key is
# shown only when it is a field name in another case: any other could be a secret typed in the wrong place.
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
            if (@($Fields[[string]$appKey] | Where-Object { [string]::Equals($_, [string]$fieldKey, 'Ordinal') }).Count -gt 0) { continue }
            $key = 'a key of ' + ([string]$fieldKey).Length + ' characters (not shown: it may be a value given in the wrong place)'
            if (@($Fields[[string]$appKey] | Where-Object { [string]::Equals($_, [string]$fieldKey, 'OrdinalIgnoreCase') }).Count -gt 0) { $key = 'the key ''' + (Format-FarmscanText ([string]$fieldKey)) + '''' }
            $names = (@($Fields[[string]$appKey] | ForEach-Object { '''' + (Format-FarmscanText $_) + '''' }) -join ', ')
            Write-Warning ('-Credentials: ' + $key + ' of ' + $shown + ' names no field of that application (names compare exactly, case included; its fields: ' + $names + '); its value is not used')
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

# Why an application was left alone before anything was done for it, and what to do. Its fields and
# principals could not be built: New-SPClaimsPrincipal resolves a Windows account name in the farm
# directory, and reads an encoded claim. The same under -WhatIf, and whether it exists already or not.
function Write-FarmscanNotBuilt([string]$AppId, $ErrorRecord) {
    Write-Warning ('Could not make a claim or field on this farm, left alone: ' + (Format-FarmscanText $AppId) + ' (' + (Get-FarmscanMessage $ErrorRecord) + '); it was neither created nor compared with the target. Make the account known to this farm, or change the claim in a create decision in decisions.json (docs/decisions.md) and generate the script again; then run the script again')
}

# The field names of each application of this script, by id (ordinal, as -Credentials is read).
$scriptFields = New-Object -TypeName 'System.Collections.Generic.Dictionary[string,string[]]' -ArgumentList ([System.StringComparer]::Ordinal)
$scriptFields['CRM-Reports'] = @('User', 'Password', 'PIN')
$scriptFields['HR-Payroll'] = @('Windows User Name', 'Windows Password')
$scriptFields['Legacy-Timesheets'] = @('Windows User Name', 'Windows Password')
$scriptFields[('Pe' + [char]0x00F1 + 'a-Finance')] = @('Windows User Name', 'Windows Password')

# Left out of this script: said in every run, -WhatIf included, before the target is even read.
$leftOut = 0

# Before anything is created: the Secure Store can be read, every trusted issuer named exists, and
# what -Credentials names is said if it names nothing here.
$existingApps = Get-FarmscanExisting
$trustedIssuers = Get-FarmscanTrustedIssuers @()
Test-FarmscanCredentialKeys $scriptFields
$secureStore = @{ Store = $null; Problem = 'not opened' }
if ($existingApps.Count -gt 0) { $secureStore = Open-FarmscanStore }
$created = 0
$existing = 0
$different = 0
$notBuilt = 0

# Application 1 of 4: source type GroupWithTicketing, convert
# Ticket time-out of 30 minutes dropped: Group Restricted has no ticketing.
$appId = 'CRM-Reports'
# Fields and principals are objects only: building them changes nothing on the target. One this farm
# cannot make leaves this application alone, not the run (see Write-FarmscanNotBuilt).
$built = $false
try {
    $fields = @(
        (New-SPSecureStoreApplicationField -Name 'User' -Type UserName -Masked:$false),
        (New-SPSecureStoreApplicationField -Name 'Password' -Type Password -Masked:$true),
        (New-SPSecureStoreApplicationField -Name 'PIN' -Type Pin -Masked:$true)
    )
    $administrators = @(
        (New-SPClaimsPrincipal -EncodedClaim 'i:0#.w|contoso\sp-admin')
    )
    $members = @(
        (New-SPClaimsPrincipal -EncodedClaim 'c:0+.w|s-1-5-21-1004336348-1177238915-682003330-1104')
    )
    $built = $true
} catch {
    # A cmdlet missing, or without a parameter this script gives it, is the shell, not this application:
    # the run stops, as anywhere else.
    if ($_.Exception -is [System.Management.Automation.CommandNotFoundException] -or $_.Exception -is [System.Management.Automation.ParameterBindingException]) { throw }
    Write-FarmscanNotBuilt $appId $_
}
if (-not $built) {
    $notBuilt++
} elseif ($existingApps.ContainsKey($appId)) {
    if (Test-FarmscanExisting $existingApps[$appId] $appId 'O''Brien''s CRM reports' 'sp-admin@contoso.com' $fields $administrators $members) {
        Write-Output ('Already exists, left alone: ' + (Format-FarmscanText $appId))
        $existing++
    } else {
        $different++
    }
} elseif ($PSCmdlet.ShouldProcess((Format-FarmscanText $appId), 'Create a Group Restricted Secure Store target application')) {
    # Values first: a cancelled prompt leaves nothing half-made. One per field, in field order.
    $values = @(
        (Get-FarmscanSecret $appId 'User' $false),
        (Get-FarmscanSecret $appId 'Password' $true),
        (Get-FarmscanSecret $appId 'PIN' $true)
    )
    $target = New-SPSecureStoreTargetApplication -Name $appId -FriendlyName 'O''Brien''s CRM reports' -ContactEmail 'sp-admin@contoso.com' -ApplicationType RestrictedGroup
    New-SPSecureStoreApplication -ServiceContext $SiteUrl -TargetApplication $target -Fields $fields -Administrator $administrators -CredentialsOwnerGroup $members | Out-Null
    # Known from now on: a later step under an id that differs only in case is not created twice.
    $existingApps[$appId] = $null
    Set-FarmscanCredentials $appId $values
    Write-Output ('Created: ' + (Format-FarmscanText $appId))
    $created++
}

# Application 2 of 4: source type Group, convert
# Used by 1 user-profile property mapping(s): test the profile synchronization afterwards.
$appId = 'HR-Payroll'
# Fields and principals are objects only: building them changes nothing on the target. One this farm
# cannot make leaves this application alone, not the run (see Write-FarmscanNotBuilt).
$built = $false
try {
    $fields = @(
        (New-SPSecureStoreApplicationField -Name 'Windows User Name' -Type WindowsUserName -Masked:$false),
        (New-SPSecureStoreApplicationField -Name 'Windows Password' -Type WindowsPassword -Masked:$true)
    )
    $administrators = @(
        (New-SPClaimsPrincipal -EncodedClaim 'i:0#.w|contoso\sp-admin')
    )
    $members = @(
        (New-SPClaimsPrincipal -EncodedClaim 'c:0+.w|s-1-5-21-1004336348-1177238915-682003330-1104')
    )
    $built = $true
} catch {
    # A cmdlet missing, or without a parameter this script gives it, is the shell, not this application:
    # the run stops, as anywhere else.
    if ($_.Exception -is [System.Management.Automation.CommandNotFoundException] -or $_.Exception -is [System.Management.Automation.ParameterBindingException]) { throw }
    Write-FarmscanNotBuilt $appId $_
}
if (-not $built) {
    $notBuilt++
} elseif ($existingApps.ContainsKey($appId)) {
    if (Test-FarmscanExisting $existingApps[$appId] $appId 'HR Payroll (SAP)' 'hr-it@contoso.com' $fields $administrators $members) {
        Write-Output ('Already exists, left alone: ' + (Format-FarmscanText $appId))
        $existing++
    } else {
        $different++
    }
} elseif ($PSCmdlet.ShouldProcess((Format-FarmscanText $appId), 'Create a Group Restricted Secure Store target application')) {
    # Values first: a cancelled prompt leaves nothing half-made. One per field, in field order.
    $values = @(
        (Get-FarmscanSecret $appId 'Windows User Name' $false),
        (Get-FarmscanSecret $appId 'Windows Password' $true)
    )
    $target = New-SPSecureStoreTargetApplication -Name $appId -FriendlyName 'HR Payroll (SAP)' -ContactEmail 'hr-it@contoso.com' -ApplicationType RestrictedGroup
    New-SPSecureStoreApplication -ServiceContext $SiteUrl -TargetApplication $target -Fields $fields -Administrator $administrators -CredentialsOwnerGroup $members | Out-Null
    # Known from now on: a later step under an id that differs only in case is not created twice.
    $existingApps[$appId] = $null
    Set-FarmscanCredentials $appId $values
    Write-Output ('Created: ' + (Format-FarmscanText $appId))
    $created++
}

# Application 3 of 4: source type Individual, redesign
# Individual credential mappings dropped: the members below share one credential set.
$appId = 'Legacy-Timesheets'
# Fields and principals are objects only: building them changes nothing on the target. One this farm
# cannot make leaves this application alone, not the run (see Write-FarmscanNotBuilt).
$built = $false
try {
    $fields = @(
        (New-SPSecureStoreApplicationField -Name 'Windows User Name' -Type WindowsUserName -Masked:$false),
        (New-SPSecureStoreApplicationField -Name 'Windows Password' -Type WindowsPassword -Masked:$true)
    )
    $administrators = @(
        (New-SPClaimsPrincipal -EncodedClaim 'i:0#.w|contoso\sp-admin')
    )
    $members = @(
        (New-SPClaimsPrincipal -EncodedClaim 'c:0+.w|s-1-5-21-1004336348-1177238915-682003330-1120')
    )
    $built = $true
} catch {
    # A cmdlet missing, or without a parameter this script gives it, is the shell, not this application:
    # the run stops, as anywhere else.
    if ($_.Exception -is [System.Management.Automation.CommandNotFoundException] -or $_.Exception -is [System.Management.Automation.ParameterBindingException]) { throw }
    Write-FarmscanNotBuilt $appId $_
}
if (-not $built) {
    $notBuilt++
} elseif ($existingApps.ContainsKey($appId)) {
    if (Test-FarmscanExisting $existingApps[$appId] $appId 'Legacy-Timesheets (friendly)' 'sp-admin@contoso.com' $fields $administrators $members) {
        Write-Output ('Already exists, left alone: ' + (Format-FarmscanText $appId))
        $existing++
    } else {
        $different++
    }
} elseif ($PSCmdlet.ShouldProcess((Format-FarmscanText $appId), 'Create a Group Restricted Secure Store target application')) {
    # Values first: a cancelled prompt leaves nothing half-made. One per field, in field order.
    $values = @(
        (Get-FarmscanSecret $appId 'Windows User Name' $false),
        (Get-FarmscanSecret $appId 'Windows Password' $true)
    )
    $target = New-SPSecureStoreTargetApplication -Name $appId -FriendlyName 'Legacy-Timesheets (friendly)' -ContactEmail 'sp-admin@contoso.com' -ApplicationType RestrictedGroup
    New-SPSecureStoreApplication -ServiceContext $SiteUrl -TargetApplication $target -Fields $fields -Administrator $administrators -CredentialsOwnerGroup $members | Out-Null
    # Known from now on: a later step under an id that differs only in case is not created twice.
    $existingApps[$appId] = $null
    Set-FarmscanCredentials $appId $values
    Write-Output ('Created: ' + (Format-FarmscanText $appId))
    $created++
}

# Application 4 of 4: source type RestrictedGroup, compatible
$appId = ('Pe' + [char]0x00F1 + 'a-Finance')
# Fields and principals are objects only: building them changes nothing on the target. One this farm
# cannot make leaves this application alone, not the run (see Write-FarmscanNotBuilt).
$built = $false
try {
    $fields = @(
        (New-SPSecureStoreApplicationField -Name 'Windows User Name' -Type WindowsUserName -Masked:$false),
        (New-SPSecureStoreApplicationField -Name 'Windows Password' -Type WindowsPassword -Masked:$true)
    )
    $administrators = @()
    $members = @(
        (New-SPClaimsPrincipal -Identity 'S-1-5-21-1004336348-1177238915-682003330-513' -IdentityType WindowsSecurityGroupSid)
    )
    $built = $true
} catch {
    # A cmdlet missing, or without a parameter this script gives it, is the shell, not this application:
    # the run stops, as anywhere else.
    if ($_.Exception -is [System.Management.Automation.CommandNotFoundException] -or $_.Exception -is [System.Management.Automation.ParameterBindingException]) { throw }
    Write-FarmscanNotBuilt $appId $_
}
if (-not $built) {
    $notBuilt++
} elseif ($existingApps.ContainsKey($appId)) {
    if (Test-FarmscanExisting $existingApps[$appId] $appId ('Finanzas Pe' + [char]0x00F1 + 'a ' + [char]0x20AC) 'sp-admin@contoso.com' $fields $administrators $members) {
        Write-Output ('Already exists, left alone: ' + (Format-FarmscanText $appId))
        $existing++
    } else {
        $different++
    }
} elseif ($PSCmdlet.ShouldProcess((Format-FarmscanText $appId), 'Create a Group Restricted Secure Store target application')) {
    # Values first: a cancelled prompt leaves nothing half-made. One per field, in field order.
    $values = @(
        (Get-FarmscanSecret $appId 'Windows User Name' $false),
        (Get-FarmscanSecret $appId 'Windows Password' $true)
    )
    $target = New-SPSecureStoreTargetApplication -Name $appId -FriendlyName ('Finanzas Pe' + [char]0x00F1 + 'a ' + [char]0x20AC) -ContactEmail 'sp-admin@contoso.com' -ApplicationType RestrictedGroup
    New-SPSecureStoreApplication -ServiceContext $SiteUrl -TargetApplication $target -Fields $fields -CredentialsOwnerGroup $members | Out-Null
    # Known from now on: a later step under an id that differs only in case is not created twice.
    $existingApps[$appId] = $null
    Set-FarmscanCredentials $appId $values
    Write-Output ('Created: ' + (Format-FarmscanText $appId))
    $created++
}

if ($different -gt 0) {
    Write-Warning ([string]$different + ' application(s) on the target differ from the plan, or could not be compared with it, and were left alone (see above); the script ends with exit code 3')
}
if ($notBuilt -gt 0) {
    Write-Warning ([string]$notBuilt + ' application(s) have a claim or field this farm could not make and were left alone (see above); the script ends with exit code 3')
}
if ($leftOut -gt 0) {
    Write-Warning ([string]$leftOut + ' application(s) were left out of this script (named at the start): settle them in decisions.json and generate the script again; the script ends with exit code 3')
}
Write-Output ('Created ' + $created + ', already present ' + $existing + ', different from the plan ' + $different + ', left alone for a claim or field this farm could not make ' + $notBuilt + ', left out of this script ' + $leftOut + '.')
if ($different -gt 0 -or $notBuilt -gt 0 -or $leftOut -gt 0) { exit 3 }
