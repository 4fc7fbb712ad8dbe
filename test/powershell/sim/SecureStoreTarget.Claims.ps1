# New-SPClaimsPrincipal for the simulated target (dot-sourced by SecureStoreTarget.psm1): the five documented
# parameter sets. Each SPClaim it returns carries a SimEncoded note, the claim's encoded form, so the tests
# compare principals by the text an administrator would see.
Set-StrictMode -Version Latest

$script:ValueType = 'http://www.w3.org/2001/XMLSchema#string'

function New-SimPrincipal([string]$Type, [string]$Value, [string]$Issuer, [string]$Encoded) {
    $claim = New-Object Microsoft.SharePoint.Administration.Claims.SPClaim -ArgumentList $Type, $Value, $script:ValueType, $Issuer
    Add-Member -InputObject $claim -NotePropertyName SimEncoded -NotePropertyValue $Encoded -PassThru
}

function Resolve-SimIssuer($Issuer) {
    $name = if ($Issuer -is [Microsoft.SharePoint.Administration.Claims.SPTrustedLoginProvider]) { $Issuer.Name } else { [string]$Issuer }
    $found = @($script:Issuers | Where-Object { [string]::Equals($_.Name, $name, 'OrdinalIgnoreCase') })
    # [guess] the text; an issuer the farm does not have is refused.
    if ($found.Count -eq 0) { throw "The trusted identity token issuer '$name' does not exist." }
    $found[0]
}

# [guess] what the real cmdlet throws for an account its directory does not know: NTAccount.Translate's
# exception and text. Off Windows its constructor refuses to run, so it is made without one there.
function New-SimIdentityNotMapped {
    $message = 'Some or all identity references could not be translated.'
    try { return (New-Object System.Security.Principal.IdentityNotMappedException -ArgumentList $message) } catch { }
    $e = [System.Runtime.CompilerServices.RuntimeHelpers]::GetUninitializedObject([System.Security.Principal.IdentityNotMappedException])
    [System.Exception].GetField('_message', [System.Reflection.BindingFlags]'NonPublic, Instance').SetValue($e, $message)
    $e
}

function Assert-SimAccountKnown([string]$Account) {
    if (@($script:UnknownAccounts | Where-Object { [string]::Equals($_, $Account, 'OrdinalIgnoreCase') }).Count -gt 0) { throw (New-SimIdentityNotMapped) }
}

function ConvertFrom-SimEncodedClaim([string]$Encoded) {
    # i|c : 0 <type char> . <issuer mode> | [issuer |] value  (the value may hold anything, newlines too)
    $m = [regex]::Match($Encoded, '^(?s)([ic]):0(.)\.([wstcf])\|(.*)$')
    # [guess] the text.
    if (-not $m.Success) { throw "The encoded claim '$Encoded' is not valid." }
    # The character as this farm numbers its claim types (a custom one may mean another type elsewhere).
    $type = @($script:FarmTypeChars.Keys | Where-Object { $script:FarmTypeChars[$_] -ceq $m.Groups[2].Value })
    if ($type.Count -eq 0) { throw "The encoded claim '$Encoded' has an unknown claim type." }
    $rest = $m.Groups[4].Value
    switch ($m.Groups[3].Value) {
        'w' { return New-SimPrincipal $type[0] $rest 'Windows' $Encoded }
        's' { return New-SimPrincipal $type[0] $rest 'SecurityTokenService' $Encoded }
        't' {
            $bar = $rest.IndexOf('|')
            if ($bar -lt 1) { throw "The encoded claim '$Encoded' names no issuer." }
            $issuer = Resolve-SimIssuer $rest.Substring(0, $bar)
            return New-SimPrincipal $type[0] $rest.Substring($bar + 1) ('TrustedProvider:' + $issuer.Name) $Encoded
        }
        default { throw "The encoded claim '$Encoded' uses an issuer this simulation does not have." }
    }
}

function New-SPClaimsPrincipal {
    [CmdletBinding(DefaultParameterSetName = 'BasicClaim')]
    param(
        [Parameter(ParameterSetName = 'STSIdentity', Mandatory = $true, Position = 0)]
        [Parameter(ParameterSetName = 'ClaimProvider', Mandatory = $true, Position = 0)] [string]$ClaimValue,
        [Parameter(ParameterSetName = 'STSIdentity', Position = 1)]
        [Parameter(ParameterSetName = 'ClaimProvider', Mandatory = $true, Position = 1)] [string]$ClaimType,
        [Parameter(ParameterSetName = 'STSIdentity', Mandatory = $true, Position = 2)]
        [Parameter(ParameterSetName = 'TrustIdentity', Mandatory = $true, Position = 1)] $TrustedIdentityTokenIssuer,
        [Parameter(ParameterSetName = 'STSIdentity')] [switch]$IdentifierClaim,
        [Parameter(ParameterSetName = 'ClaimProvider', Mandatory = $true)] $ClaimProvider,
        [Parameter(ParameterSetName = 'BasicClaim', Mandatory = $true, Position = 0)] [string]$EncodedClaim,
        [Parameter(ParameterSetName = 'IdentityType', Mandatory = $true, Position = 0)]
        [Parameter(ParameterSetName = 'TrustIdentity', Mandatory = $true, Position = 0)] [string]$Identity,
        # [doc] SPIdentifierTypes, as the SharePoint 2010 page lists them.
        [Parameter(ParameterSetName = 'IdentityType', Mandatory = $true, Position = 1)]
        [ValidateSet('WindowsSamAccountName', 'WindowsSecurityGroupName', 'WindowsSecurityGroupSid', 'FormsUser', 'FormsRole', 'EncodedClaim')] [string]$IdentityType,
        $AssignmentCollection
    )
    Add-SimCall $MyInvocation.MyCommand.Name $PSBoundParameters
    switch ($PSCmdlet.ParameterSetName) {
        'BasicClaim' { return ConvertFrom-SimEncodedClaim $EncodedClaim }
        'IdentityType' {
            # SharePoint writes Windows names and SIDs in lower case in the encoded form.
            switch ($IdentityType) {
                'WindowsSamAccountName' {
                    # The real cmdlet resolves the name against the farm's directory.
                    Assert-SimAccountKnown $Identity
                    return New-SimPrincipal 'http://schemas.microsoft.com/sharepoint/2009/08/claims/userlogonname' $Identity 'Windows' ('i:0#.w|' + $Identity.ToLowerInvariant())
                }
                'WindowsSecurityGroupSid' { return New-SimPrincipal 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groupsid' $Identity 'Windows' ('c:0+.w|' + $Identity.ToLowerInvariant()) }
                'EncodedClaim' { return ConvertFrom-SimEncodedClaim $Identity }
                default { throw "New-SPClaimsPrincipal -IdentityType $IdentityType is not simulated." }
            }
        }
        'STSIdentity' {
            $issuer = Resolve-SimIssuer $TrustedIdentityTokenIssuer
            # [guess] without -ClaimType the issuer's identity claim; -IdentifierClaim makes an i: claim.
            $type = if ($ClaimType) { $ClaimType } else { $issuer.IdentityClaimTypeInformation.MappedClaimType }
            if (-not $script:FarmTypeChars.Contains($type)) { throw "The claim type '$type' is not mapped by the trusted identity token issuer '$($issuer.Name)'." }
            $kind = if ($IdentifierClaim) { 'i' } else { 'c' }
            return New-SimPrincipal $type $ClaimValue ('TrustedProvider:' + $issuer.Name) ($kind + ':0' + $script:FarmTypeChars[$type] + '.t|' + $issuer.Name + '|' + $ClaimValue)
        }
        default { throw "New-SPClaimsPrincipal parameter set $($PSCmdlet.ParameterSetName) is not simulated." }
    }
}
