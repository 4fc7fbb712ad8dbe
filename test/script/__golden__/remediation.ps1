# farmscan remediation script
#
# Recreates Secure Store target applications as Group Restricted (RestrictedGroup) applications on a
# SharePoint Server Subscription Edition farm (also valid on SharePoint Server 2016 and 2019), from a
# farmscan remediation plan. Run it in the SharePoint Management Shell as a farm administrator:
#
#   .\remediation.ps1 -SiteUrl https://sharepoint.contoso.com -WhatIf   # shows what it would do
#   .\remediation.ps1 -SiteUrl https://sharepoint.contoso.com
#
# No credential value is stored in this script. Give them with -Credentials, a hashtable of
# application id to a hashtable of field name to SecureString (or string), or type them at the
# prompts (masked fields are read without echo). An application that already exists is left
# alone and reported, so running the script again changes nothing. (If setting the credentials
# fails after an application was created, a rerun leaves it alone too: set them in Central
# Administration or with Update-SPSecureStoreGroupCredentialMapping.)
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
    # @{ <application id> = @{ <field name> = <SecureString or string> } }; missing values are prompted for.
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

# Get-SPSecureStoreApplication throws when the application does not exist.
function Test-FarmscanApplication([string]$Id) {
    try {
        $null = Get-SPSecureStoreApplication -ServiceContext $SiteUrl -Name $Id
        return $true
    } catch {
        return $false
    }
}

# One field value: from -Credentials, else prompted (without echo for masked fields).
function Get-FarmscanSecret([string]$AppId, [string]$Field, [bool]$Masked) {
    if ($Credentials.ContainsKey($AppId)) {
        $set = $Credentials[$AppId]
        if ($set -isnot [System.Collections.IDictionary]) {
            throw ('-Credentials: the value for ' + (Format-FarmscanText $AppId) + ' must be a hashtable of field name to value')
        }
        if ($set.Contains($Field)) {
            $value = $set[$Field]
            if ($value -is [System.Security.SecureString]) { return $value }
            if ($value -is [string]) { return (ConvertTo-SecureString -String $value -AsPlainText -Force) }
            throw ('-Credentials: ' + (Format-FarmscanText $AppId) + ' / ' + (Format-FarmscanText $Field) + ': expected a SecureString or a string')
        }
    }
    $prompt = (Format-FarmscanText $AppId) + ' / ' + (Format-FarmscanText $Field)
    if ($Masked) { return (Read-Host -Prompt $prompt -AsSecureString) }
    $plain = Read-Host -Prompt $prompt
    return (ConvertTo-SecureString -String $plain -AsPlainText -Force)
}

$created = 0
$existing = 0

# Application 1 of 4: source type GroupWithTicketing, convert
# Ticket time-out of 30 minutes dropped: Group Restricted has no ticketing.
$appId = 'CRM-Reports'
if (Test-FarmscanApplication $appId) {
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
    $app = Get-SPSecureStoreApplication -ServiceContext $SiteUrl -Name $appId
    Update-SPSecureStoreGroupCredentialMapping -Identity $app -Values $values
    Write-Output ('Created: ' + (Format-FarmscanText $appId))
    $created++
}

# Application 2 of 4: source type Group, convert
# Used by 1 user-profile property mapping(s): test the profile synchronization afterwards.
$appId = 'HR-Payroll'
if (Test-FarmscanApplication $appId) {
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
    $app = Get-SPSecureStoreApplication -ServiceContext $SiteUrl -Name $appId
    Update-SPSecureStoreGroupCredentialMapping -Identity $app -Values $values
    Write-Output ('Created: ' + (Format-FarmscanText $appId))
    $created++
}

# Application 3 of 4: source type Individual, redesign
# Individual credential mappings dropped: the members below share one credential set.
$appId = 'Legacy-Timesheets'
if (Test-FarmscanApplication $appId) {
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
    $app = Get-SPSecureStoreApplication -ServiceContext $SiteUrl -Name $appId
    Update-SPSecureStoreGroupCredentialMapping -Identity $app -Values $values
    Write-Output ('Created: ' + (Format-FarmscanText $appId))
    $created++
}

# Application 4 of 4: source type RestrictedGroup, compatible
$appId = ('Pe' + [char]0x00F1 + 'a-Finance')
if (Test-FarmscanApplication $appId) {
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
    $app = Get-SPSecureStoreApplication -ServiceContext $SiteUrl -Name $appId
    Update-SPSecureStoreGroupCredentialMapping -Identity $app -Values $values
    Write-Output ('Created: ' + (Format-FarmscanText $appId))
    $created++
}

Write-Output ('Created ' + $created + ', already present ' + $existing + ', left out of this script ' + 0 + '.')
