// The target farm's side of the simulation: the few types the remediation script meets there that the
// exporter's simulation (SharePointSim.cs, loaded first) does not have. Same conventions: [doc] named on a
// Microsoft Learn page, [guess] chosen where no page says.
using System;

namespace Microsoft.SharePoint.Administration.Claims
{
    // [doc] ee551841: DisplayName, InputClaimType, MappedClaimType.
    public sealed class SPTrustedClaimTypeInformation
    {
        public SPTrustedClaimTypeInformation(string displayName, string inputClaimType, string mappedClaimType)
        {
            DisplayName = displayName; InputClaimType = inputClaimType; MappedClaimType = mappedClaimType;
        }
        public string DisplayName { get; set; }
        public string InputClaimType { get; private set; }
        public string MappedClaimType { get; set; }
    }

    // [doc] ee536243: IdentityClaimTypeInformation. [guess] that Get-SPTrustedIdentityTokenIssuer returns
    // this type (what Get-Member shows in public posts); Name as every SPPersistedObject has it.
    public sealed class SPTrustedLoginProvider
    {
        public SPTrustedLoginProvider(string name, SPTrustedClaimTypeInformation identityClaim) { Name = name; IdentityClaimTypeInformation = identityClaim; }
        public string Name { get; private set; }
        public SPTrustedClaimTypeInformation IdentityClaimTypeInformation { get; private set; }
        public override string ToString() { return Name; }
    }
}

namespace Microsoft.Office.SecureStoreService.Server
{
    // [guess] the type and its wrapping: the service's own failure, with the cause inside.
    public class SecureStoreServiceException : Exception
    {
        public SecureStoreServiceException(string message, Exception inner) : base(message, inner) { }
    }
}
