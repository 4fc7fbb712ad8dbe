# The target farm's Secure Store, simulated for the generated remediation script: the cmdlets it calls, under
# SharePoint's names and parameter sets (Microsoft Learn, SharePoint Server cmdlets), each recording its call
# and bound arguments; and Read-Host, answering from a queue the test sets.
#   Reset-SimTarget [-SiteUrl u] [-TrustedIssuers @{ adfs = '<identity claim type>' }] [-ClaimTypes t] [-Fault <f>]
#                   [-UnknownAccounts 'DOMAIN\name', ...]
#                   ClaimTypes: the custom claim types this farm knows, in the order it met them
#                   UnknownAccounts: Windows accounts this farm's directory does not know (any case), which
#                   New-SPClaimsPrincipal -IdentityType WindowsSamAccountName fails to resolve
#                   faults: NoMasterKey, AccessDenied, Unreachable (every call fails), NoMasterKeyOnWrite (only
#                   setting credentials fails: a farm that lists and creates without a usable key [guess])
#   Get-SimTargetCall [-Name n]   the calls so far, in order: Name, Parameters (bound, as given)
#   Get-SimTargetApplication      what the target holds: Id, Target, Fields, Administrators, Members, Credentials
#   Set-SimTargetApplication -Id i [-Fields f] [-Administrators c] [-Members c]
#                                 changes an application behind the script's back (claims as SPClaim objects)
#   Set-SimUnknownAccount 'DOMAIN\name', ...
#                                 the directory no longer knows these accounts (replaces -UnknownAccounts)
# ISecureStore (SecureStoreServiceProxy.GetSecureStore, SharePointSim.cs) reads the same applications: each is
# mirrored into [FarmscanSim.State]::Applications, its claims as Secure Store hands them back.
#   Set-SimAnswer 'a', 'b'        answers for the next Read-Host calls (plain text; made secure for -AsSecureString)
# Parameters and types are documented unless marked [guess]; a [guess] is the strict reading.
Set-StrictMode -Version Latest

$here = $PSScriptRoot
. (Join-Path $here 'SimAssembly.ps1')
Import-SimAssembly -Source (Join-Path $here 'SharePointSim.cs') -TypeName 'FarmscanSim.State' -ReferencedAssemblies 'System.Collections', 'System.Linq', 'System.Text.RegularExpressions', 'System.Runtime'
Import-SimAssembly -Source (Join-Path $here 'SecureStoreTarget.cs') -TypeName 'Microsoft.SharePoint.Administration.Claims.SPTrustedLoginProvider'

# SharePoint's claim type characters (TechNet "SharePoint 2013 and SharePoint 2010 claims encoding"), as
# SharePointSim.cs encodes them.
$script:TypeChars = [ordered]@{
    'http://schemas.microsoft.com/sharepoint/2009/08/claims/userlogonname'    = '#'
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'      = '5'
    'http://schemas.microsoft.com/ws/2008/06/identity/claims/groupsid'        = '+'
    'http://schemas.microsoft.com/ws/2008/06/identity/claims/role'            = '-'
    'http://schemas.microsoft.com/sharepoint/2009/08/claims/identityprovider' = '!'
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn'               = 'e'
}

# A custom claim type gets the next character from U+01F5 on, skipping upper case and white space (Wictor
# Wilen, "How Claims encoding works in SharePoint 2010"): the same type may have another character on
# another farm.
function New-SimTypeChars([string[]]$ClaimTypes) {
    $chars = [ordered]@{}
    foreach ($key in $script:TypeChars.Keys) { $chars[$key] = $script:TypeChars[$key] }
    $next = 0x01F5
    foreach ($type in $ClaimTypes) {
        while ([char]::IsUpper([char]$next) -or [char]::IsWhiteSpace([char]$next)) { $next++ }
        $chars[$type] = [string][char]$next
        $next++
    }
    $chars
}

function Reset-SimTarget {
    param([string]$SiteUrl = 'https://sharepoint.target.test', [hashtable]$TrustedIssuers = @{}, [string[]]$ClaimTypes = @(), [ValidateSet('', 'NoMasterKey', 'AccessDenied', 'Unreachable', 'NoMasterKeyOnWrite')] [string]$Fault = '', [string[]]$UnknownAccounts = @())
    $script:SiteUrl = $SiteUrl
    $script:UnknownAccounts = @($UnknownAccounts)
    $script:FarmTypeChars = New-SimTypeChars $ClaimTypes
    $script:Fault = $Fault
    $script:Calls = [System.Collections.Generic.List[object]]::new()
    $script:Apps = [System.Collections.Generic.List[object]]::new()
    $script:Answers = [System.Collections.Generic.Queue[string]]::new()
    [FarmscanSim.State]::Reset()
    $script:Issuers = @(foreach ($name in $TrustedIssuers.Keys) {
        New-Object Microsoft.SharePoint.Administration.Claims.SPTrustedLoginProvider -ArgumentList $name, (New-Object Microsoft.SharePoint.Administration.Claims.SPTrustedClaimTypeInformation -ArgumentList 'Identity', $TrustedIssuers[$name], $TrustedIssuers[$name])
    })
}

function Get-SimTargetCall([string]$Name) { @($script:Calls | Where-Object { -not $Name -or $_.Name -eq $Name }) }
function Get-SimTargetApplication { @($script:Apps) }

# [guess] how Secure Store stores a claim it was given as an SPClaim: type, original issuer and value; a
# Windows claim comes back under the issuer 'windows', or 'AD AUTHORITY' for a group SID (what exports show).
function ConvertTo-SimStoreClaim($Claim) {
    $issuer = $Claim.OriginalIssuer
    if ($issuer -ceq 'Windows') { $issuer = if ($Claim.ClaimType -like '*/groupsid') { 'AD AUTHORITY' } else { 'windows' } }
    New-Object Microsoft.Office.SecureStoreService.Server.SecureStoreServiceClaim -ArgumentList $Claim.ClaimType, $issuer, $Claim.Value
}

function Set-SimStoreClaims($List, [object[]]$Claims) {
    $List.Clear()
    foreach ($claim in @($Claims | Where-Object { $null -ne $_ })) { $List.Add((ConvertTo-SimStoreClaim $claim)) }
}

function Set-SimTargetApplication {
    param([Parameter(Mandatory = $true)] [string]$Id, [object[]]$Fields, [object[]]$Administrators, [object[]]$Members)
    $app = @(Find-SimApp $Id)
    if ($app.Count -eq 0) { throw "Set-SimTargetApplication: no application $Id." }
    $app = $app[0]
    if ($PSBoundParameters.ContainsKey('Fields')) {
        $app.Fields = @($Fields)
        $app.Store.Fields.Clear()
        foreach ($field in $Fields) { $app.Store.Fields.Add($field) }
    }
    if ($PSBoundParameters.ContainsKey('Administrators')) { $app.Administrators = @($Administrators); Set-SimStoreClaims $app.Store.Administrators $Administrators }
    if ($PSBoundParameters.ContainsKey('Members')) { $app.Members = @($Members); Set-SimStoreClaims $app.Store.Members $Members }
}
function Set-SimUnknownAccount([string[]]$Account) { $script:UnknownAccounts = @($Account) }
function Set-SimAnswer([string[]]$Answer) { foreach ($a in $Answer) { $script:Answers.Enqueue($a) } }

function Add-SimCall([string]$Name, [System.Collections.IDictionary]$Bound) {
    $copy = [ordered]@{}
    foreach ($key in $Bound.Keys) { $copy[$key] = $Bound[$key] }
    $script:Calls.Add([pscustomobject]@{ Name = $Name; Parameters = $copy })
}

function Assert-SimServiceContext($ServiceContext) {
    # SPServiceContextPipeBind takes a site URL or a context. [guess] the text of the failure.
    if ($ServiceContext -is [Microsoft.SharePoint.SPServiceContext]) { return }
    if (([string]$ServiceContext).TrimEnd('/') -ne $script:SiteUrl.TrimEnd('/')) { throw "Cannot find an SPSite object with Id or Url: $ServiceContext." }
}

function Assert-SimSecureStoreUsable {
    # [guess] the shapes of the failures: the service's exception with the cause inside.
    switch ($script:Fault) {
        'NoMasterKey' { throw (New-Object Microsoft.Office.SecureStoreService.Server.SecureStoreServiceException -ArgumentList 'Secure Store Service did not perform the operation.', (New-Object System.InvalidOperationException -ArgumentList 'Unable to get master key.')) }
        'AccessDenied' { throw (New-Object Microsoft.Office.SecureStoreService.Server.SecureStoreServiceException -ArgumentList 'Secure Store Service did not perform the operation.', (New-Object System.UnauthorizedAccessException -ArgumentList 'Attempted to perform an unauthorized operation.')) }
        'Unreachable' { throw (New-Object System.InvalidOperationException -ArgumentList 'The Secure Store Service application Secure Store Service is not accessible. The full exception text is: The remote server returned an error: (503) Server Unavailable.') }
    }
}

# [guess] ids without regard to case; ordinal, as -eq would also match ids differing by a zero-width character.
function Find-SimApp([string]$Id) { @($script:Apps | Where-Object { [string]::Equals($_.Id, $Id, 'OrdinalIgnoreCase') }) }

function New-SimCmdletApp($app) {
    $sim = New-Object FarmscanSim.SimApplication
    $sim.Application = [Microsoft.Office.SecureStoreService.Server.TargetApplication]$app.Target.psobject.BaseObject
    [FarmscanSim.State]::CmdletApplication($sim)
}

# ---------------------------------------------------------------------------------------------------

function Get-SPServiceContext {
    [CmdletBinding(DefaultParameterSetName = 'Site')]
    param([Parameter(ParameterSetName = 'Site', Mandatory = $true)] $Site, [Parameter(ParameterSetName = 'SiteSubscription', Mandatory = $true)] $SiteSubscription, $AssignmentCollection)
    Add-SimCall $MyInvocation.MyCommand.Name $PSBoundParameters
    Assert-SimServiceContext $Site
    [FarmscanSim.State]::ServiceContext($script:SiteUrl)
}

# [doc] "fails when the application is absent" (REFERENCE.md §2); [guess] the text.
function Get-SPSecureStoreApplication {
    [CmdletBinding(DefaultParameterSetName = 'NameSet')]
    param(
        [Parameter(ParameterSetName = 'NameSet', Mandatory = $true)] [string]$Name,
        [Parameter(Mandatory = $true)] $ServiceContext,
        [Parameter(ParameterSetName = 'AllSet', Mandatory = $true)] [switch]$All,
        $AssignmentCollection
    )
    Add-SimCall $MyInvocation.MyCommand.Name $PSBoundParameters
    Assert-SimServiceContext $ServiceContext
    Assert-SimSecureStoreUsable
    $apps = @($script:Apps)
    if ($PSCmdlet.ParameterSetName -eq 'NameSet') {
        $apps = @(Find-SimApp $Name)
        if ($apps.Count -eq 0) { throw "Target application $Name not found." }
    }
    foreach ($app in $apps) { New-SimCmdletApp $app }
}

function New-SPSecureStoreApplicationField {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string]$Name,
        [Parameter(Mandatory = $true)] [Microsoft.BusinessData.Infrastructure.SecureStore.SecureStoreCredentialType]$Type,
        [switch]$Masked,
        $AssignmentCollection
    )
    Add-SimCall $MyInvocation.MyCommand.Name $PSBoundParameters
    New-Object Microsoft.Office.SecureStoreService.Server.TargetApplicationField -ArgumentList $Name, ([bool]$Masked), $Type
}

function New-SPSecureStoreTargetApplication {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string]$Name,
        [Parameter(Mandatory = $true)] [string]$FriendlyName,
        [string]$ContactEmail,
        [Parameter(Mandatory = $true)] [Microsoft.BusinessData.Infrastructure.SecureStore.TargetApplicationType]$ApplicationType,
        [int]$TimeoutInMinutes,
        [uri]$SetCredentialsUri,
        $AssignmentCollection
    )
    Add-SimCall $MyInvocation.MyCommand.Name $PSBoundParameters
    New-Object Microsoft.Office.SecureStoreService.Server.TargetApplication -ArgumentList $Name, $FriendlyName, $ContactEmail, $TimeoutInMinutes, $ApplicationType, $SetCredentialsUri
}

function Get-SPTrustedIdentityTokenIssuer {
    [CmdletBinding()]
    param([Parameter(Position = 0)] $Identity, $AssignmentCollection)
    Add-SimCall $MyInvocation.MyCommand.Name $PSBoundParameters
    if ($null -eq $Identity) { return $script:Issuers }
    $found = @($script:Issuers | Where-Object { [string]::Equals($_.Name, [string]$Identity, 'OrdinalIgnoreCase') })
    # [guess] the text.
    if ($found.Count -eq 0) { throw "Cannot find a trusted identity token issuer with the name $Identity." }
    $found[0]
}

. (Join-Path $here 'SecureStoreTarget.Claims.ps1')

# The claims come as the objects New-SPClaimsPrincipal returned (typed SPClaim[] in the documentation;
# left untyped here so the simulation's SimEncoded note stays on them).
function New-SPSecureStoreApplication {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] $ServiceContext,
        [Parameter(Mandatory = $true)] [Microsoft.Office.SecureStoreService.Server.TargetApplication]$TargetApplication,
        [Parameter(Mandatory = $true)] [Microsoft.Office.SecureStoreService.Server.TargetApplicationField[]]$Fields,
        [object[]]$Administrator,
        [object[]]$CredentialsOwnerGroup,
        [object[]]$TicketRedeemer,
        $AssignmentCollection
    )
    Add-SimCall $MyInvocation.MyCommand.Name $PSBoundParameters
    Assert-SimServiceContext $ServiceContext
    Assert-SimSecureStoreUsable
    foreach ($claim in @($Administrator) + @($CredentialsOwnerGroup) + @($TicketRedeemer)) {
        if ($null -ne $claim -and $claim -isnot [Microsoft.SharePoint.Administration.Claims.SPClaim]) { throw "Cannot convert '$claim' to the type 'SPClaim'." }
    }
    # [guess] the text; the id is taken.
    if (@(Find-SimApp $TargetApplication.ApplicationId).Count -gt 0) { throw "A target application with the ID $($TargetApplication.ApplicationId) already exists." }
    # ISecureStore's view of it: the same target and field objects, the claims as stored.
    $store = [FarmscanSim.State]::AddApplication($TargetApplication)
    foreach ($field in $Fields) { $store.Fields.Add($field) }
    $store.Members = New-Object 'System.Collections.Generic.List[Microsoft.Office.SecureStoreService.Server.SecureStoreServiceClaim]'
    Set-SimStoreClaims $store.Administrators $Administrator
    Set-SimStoreClaims $store.Members $CredentialsOwnerGroup
    $script:Apps.Add([pscustomobject]@{
        Id             = $TargetApplication.ApplicationId
        Target         = $TargetApplication
        Fields         = @($Fields)
        Administrators = @($Administrator | Where-Object { $null -ne $_ })
        Members        = @($CredentialsOwnerGroup | Where-Object { $null -ne $_ })
        Credentials    = $null
        Store          = $store
    })
}

# [doc] -Values: one SecureString per field, in field order; every field needs a value (REFERENCE.md §2).
# [guess] the texts, and that a wrong count or an empty value is refused rather than stored.
function Update-SPSecureStoreGroupCredentialMapping {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true)] [Microsoft.Office.SecureStoreService.Server.SPSecureStoreApplication]$Identity,
        [Parameter(Mandatory = $true)] [System.Security.SecureString[]]$Values,
        $AssignmentCollection
    )
    Add-SimCall $MyInvocation.MyCommand.Name $PSBoundParameters
    # The real cmdlet is compiled and so sees its caller's $ConfirmPreference and $WhatIfPreference (a
    # script's -Confirm or -WhatIf reaches it); a module function would see the module's. Take the caller's.
    if (-not $PSBoundParameters.ContainsKey('Confirm')) { $ConfirmPreference = $PSCmdlet.SessionState.PSVariable.GetValue('ConfirmPreference') }
    if (-not $PSBoundParameters.ContainsKey('WhatIf')) { $WhatIfPreference = $PSCmdlet.SessionState.PSVariable.GetValue('WhatIfPreference') }
    Assert-SimSecureStoreUsable
    if ($script:Fault -eq 'NoMasterKeyOnWrite') { throw (New-Object System.InvalidOperationException -ArgumentList 'Unable to get master key.') }
    $app = @(Find-SimApp $Identity.TargetApplication.ApplicationId)
    if ($app.Count -eq 0) { throw 'The target application does not exist.' }
    if ($Values.Count -ne $app[0].Fields.Count) { throw "The number of values ($($Values.Count)) does not match the number of fields ($($app[0].Fields.Count))." }
    if (@($Values | Where-Object { $_.Length -eq 0 }).Count -gt 0) { throw 'Every field must have a value.' }
    if ($PSCmdlet.ShouldProcess($Identity.TargetApplication.ApplicationId, 'Set group credentials')) {
        $app[0].Credentials = @($Values | ForEach-Object { (New-Object System.Net.NetworkCredential -ArgumentList '', $_).Password })
    }
}

# Not a SharePoint cmdlet: the prompts, answered from the queue (the answer itself is not recorded).
function Read-Host {
    [CmdletBinding()]
    param([Parameter(Position = 0)] $Prompt, [switch]$AsSecureString, [switch]$MaskInput)
    Add-SimCall 'Read-Host' $PSBoundParameters
    if ($script:Answers.Count -eq 0) { throw "Read-Host: no answer queued for the prompt '$Prompt'." }
    $answer = $script:Answers.Dequeue()
    if (-not $AsSecureString) { return $answer }
    $secure = New-Object System.Security.SecureString
    foreach ($ch in $answer.ToCharArray()) { $secure.AppendChar($ch) }
    $secure
}

Reset-SimTarget
Export-ModuleMember -Function Reset-SimTarget, Get-SimTargetCall, Get-SimTargetApplication, Set-SimTargetApplication, Set-SimUnknownAccount, Set-SimAnswer, Get-SPServiceContext, Get-SPSecureStoreApplication, New-SPSecureStoreApplicationField, New-SPSecureStoreTargetApplication, Get-SPTrustedIdentityTokenIssuer, New-SPClaimsPrincipal, New-SPSecureStoreApplication, Update-SPSecureStoreGroupCredentialMapping, Read-Host
