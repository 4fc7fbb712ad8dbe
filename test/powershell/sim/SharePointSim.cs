// A simulated SharePoint Server object model: just what samples/Export-FarmInventory.ps1 touches, under
// SharePoint's own namespaces, type names and member names, so the exporter runs unchanged against it.
// Loaded by SharePointSim.psm1 with Add-Type; the farm it holds comes from farm.psd1.
//
// Each member says where its name comes from:
//   [doc]   named on a Microsoft Learn page (the page id is given once per type)
//   [guess] not documented where we looked; chosen to be strict, so the exporter cannot depend on more
//           than the documentation promises
// Behaviour that breaks tools on real farms is reproduced on purpose and marked [trap].
using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using FarmscanSim;

namespace Microsoft.BusinessData.Infrastructure.SecureStore
{
    // [doc] names: New-SPSecureStoreTargetApplication -ApplicationType. [guess] numbers: flags Group=1,
    // Ticketing=2, Restricted=4 give this order; the exporter and the scanner read the names only.
    public enum TargetApplicationType { Individual = 0, Group = 1, IndividualWithTicketing = 2, GroupWithTicketing = 3, RestrictedIndividual = 4, RestrictedGroup = 5 }

    // [doc] names: ee542118 (2010: the first seven) and the 2013+ UI (Certificate, CertificatePassword).
    // [guess] numbers.
    public enum SecureStoreCredentialType { UserName = 0, Password = 1, Pin = 2, Key = 3, Generic = 4, WindowsUserName = 5, WindowsPassword = 6, Certificate = 7, CertificatePassword = 8 }

    // [doc] ISecureStoreCredential (Credential, CredentialType) and SecureStoreCredentialCollection, the return
    // type of ISecureStore.GetCredentials / GetRestrictedCredentials (ee572889, ee573909). [guess] the members
    // of the collection. A credential value only ever lives here, as a SecureString.
    public interface ISecureStoreCredential
    {
        System.Security.SecureString Credential { get; }
        SecureStoreCredentialType CredentialType { get; }
    }

    public sealed class SecureStoreCredentialCollection : IEnumerable<ISecureStoreCredential>
    {
        private readonly List<ISecureStoreCredential> items;
        public SecureStoreCredentialCollection(IList<ISecureStoreCredential> credentials) { items = credentials.ToList(); }
        public int Count { get { return items.Count; } }
        public ISecureStoreCredential this[int index] { get { return items[index]; } }
        public IEnumerator<ISecureStoreCredential> GetEnumerator() { return items.GetEnumerator(); }
        IEnumerator IEnumerable.GetEnumerator() { return GetEnumerator(); }
    }
}

namespace Microsoft.Office.SecureStoreService.Server
{
    using Microsoft.BusinessData.Infrastructure.SecureStore;
    using Microsoft.SharePoint;

    // [doc] ee575079 (members), ee572908 (constructor).
    public sealed class TargetApplication
    {
        public TargetApplication(string applicationId, string friendlyName, string contactEmail, int ticketTimeoutInMinutes, TargetApplicationType type, Uri credentialManagementUrl)
        {
            ApplicationId = applicationId; FriendlyName = friendlyName; ContactEmail = contactEmail;
            TicketTimeout = ticketTimeoutInMinutes; Type = type; CredentialManagementUrl = credentialManagementUrl;
        }
        public string ApplicationId { get; set; }
        // [doc] "Gets the target application name" (get only). [guess] it is the id, as the cmdlets' -Name is.
        public string Name { get { return ApplicationId; } }
        public string FriendlyName { get; set; }
        public string ContactEmail { get; set; }
        public int TicketTimeout { get; set; }
        public TargetApplicationType Type { get; set; }
        public Uri CredentialManagementUrl { get; set; }
        public bool IsTicketingEnabled() { return Type == TargetApplicationType.IndividualWithTicketing || Type == TargetApplicationType.GroupWithTicketing; }
    }

    // [doc] ee574767 (constructors), ee574724 (IsMasked), ee539477 (ITargetApplicationField).
    public sealed class TargetApplicationField
    {
        public TargetApplicationField() { }
        public TargetApplicationField(string name, bool masked, SecureStoreCredentialType credentialType) { Name = name; IsMasked = masked; CredentialType = credentialType; }
        public string Name { get; set; }
        public bool IsMasked { get; set; }
        public SecureStoreCredentialType CredentialType { get; set; }
    }

    // [doc] ee573141 (members), ee574712 (constructor).
    public sealed class SecureStoreServiceClaim
    {
        public SecureStoreServiceClaim(string claimType, string claimIssuer, string claimValue) { ClaimType = claimType; ClaimIssuer = claimIssuer; ClaimValue = claimValue; }
        public string ClaimType { get; set; }
        public string ClaimIssuer { get; set; }
        public string ClaimValue { get; set; }
    }

    // [doc] ee574306. GroupClaims is null for the individual types (ee574322).
    public sealed class TargetApplicationClaims
    {
        public TargetApplicationClaims(IList<SecureStoreServiceClaim> administratorClaims, IList<SecureStoreServiceClaim> groupClaims, IList<SecureStoreServiceClaim> ticketRedeemerClaims)
        {
            AdministratorClaims = administratorClaims; GroupClaims = groupClaims; TicketRedeemerClaims = ticketRedeemerClaims;
        }
        public IList<SecureStoreServiceClaim> AdministratorClaims { get; set; }
        public IList<SecureStoreServiceClaim> GroupClaims { get; set; }
        public IList<SecureStoreServiceClaim> TicketRedeemerClaims { get; set; }
    }

    // [doc] SecureStoreCredential(SecureString, SecureStoreCredentialType). [guess] the namespace.
    public sealed class SecureStoreCredential : ISecureStoreCredential
    {
        public SecureStoreCredential(System.Security.SecureString credential, SecureStoreCredentialType credentialType) { Credential = credential; CredentialType = credentialType; }
        public System.Security.SecureString Credential { get; private set; }
        public SecureStoreCredentialType CredentialType { get; private set; }
    }

    // [doc] ee575408: what the exporter calls, and GetCredentials / GetRestrictedCredentials (ee572889,
    // ee573909), which return the stored credentials: here so that the exporter could call them, and the
    // tests see that it never does (State.CredentialsRead).
    public interface ISecureStore
    {
        TargetApplication GetApplication(string applicationId);
        IList<TargetApplicationField> GetApplicationFields(string applicationId);
        TargetApplicationClaims GetApplicationClaims(string applicationId);
        SecureStoreCredentialCollection GetCredentials(string applicationId);
        SecureStoreCredentialCollection GetRestrictedCredentials(string applicationId);
    }

    // [doc] ee575123: GetSecureStore(SPServiceContext). [guess] the public parameterless constructor.
    public class SecureStoreServiceProxy
    {
        public ISecureStore GetSecureStore(SPServiceContext context)
        {
            State.RequireSecureStoreReachable();
            // [guess] the text; a proxy that cannot load (another farm's Secure Store, a missing assembly).
            if (!State.SecureStoreProxyAvailable) throw new InvalidOperationException("The Secure Store Service application proxy could not be found for this context.");
            return new SimSecureStore();
        }
    }

    internal sealed class SimSecureStore : ISecureStore
    {
        public TargetApplication GetApplication(string applicationId) { return Find(applicationId).Application; }
        public IList<TargetApplicationField> GetApplicationFields(string applicationId) { return Find(applicationId).Fields.ToList(); }
        public TargetApplicationClaims GetApplicationClaims(string applicationId)
        {
            var app = Find(applicationId);
            return new TargetApplicationClaims(app.Administrators.ToList(), app.Members == null ? null : app.Members.ToList(), app.TicketRedeemers.ToList());
        }
        // [doc] GetCredentials does not return a restricted application's credentials; GetRestrictedCredentials
        // returns both kinds. [guess] the exception when none are set.
        public SecureStoreCredentialCollection GetCredentials(string applicationId)
        {
            var app = Find(applicationId);
            if (app.Application.Type == TargetApplicationType.RestrictedGroup || app.Application.Type == TargetApplicationType.RestrictedIndividual)
                throw new InvalidOperationException("Credentials of a restricted target application can only be read through GetRestrictedCredentials.");
            return Credentials(app);
        }
        public SecureStoreCredentialCollection GetRestrictedCredentials(string applicationId) { return Credentials(Find(applicationId)); }
        private static SecureStoreCredentialCollection Credentials(SimApplication app)
        {
            State.CredentialsRead++;
            if (app.Credentials.Count == 0) throw new InvalidOperationException("The credentials of target application '" + app.Application.ApplicationId + "' are not set.");
            var list = new List<ISecureStoreCredential>();
            for (int i = 0; i < app.Credentials.Count; i++)
            {
                var secure = new System.Security.SecureString();
                foreach (var c in app.Credentials[i]) secure.AppendChar(c);
                secure.MakeReadOnly();
                list.Add(new SecureStoreCredential(secure, app.Fields[i].CredentialType));
            }
            return new SecureStoreCredentialCollection(list);
        }
        private static SimApplication Find(string applicationId)
        {
            // [trap] without Secure Store administrator rights every call is denied (EXPORTER.md: RIGHTS NEEDED).
            if (!State.SecureStoreRights) throw new UnauthorizedAccessException("Access is denied.");
            var app = State.Applications.FirstOrDefault(a => a.Application.ApplicationId == applicationId);
            if (app == null) throw new ArgumentException("Target application '" + applicationId + "' does not exist.");
            return app;
        }
    }

    // What Get-SPSecureStoreApplication returns. [doc] the type name is the -Identity type of
    // Set-SPSecureStoreApplication and TargetApplication its documented property. [guess] the namespace; and
    // it deliberately has no field or claim properties (their names are not documented), so the exporter
    // must get those through ISecureStore.
    public sealed class SPSecureStoreApplication
    {
        internal SPSecureStoreApplication(TargetApplication targetApplication) { TargetApplication = targetApplication; }
        public TargetApplication TargetApplication { get; private set; }
    }
}

namespace Microsoft.SharePoint
{
    using Microsoft.SharePoint.Administration;

    // [doc] the type (Get-SPServiceContext returns it). [guess] everything inside.
    public sealed class SPServiceContext
    {
        internal SPServiceContext(string siteUrl) { SiteUrl = siteUrl; }
        internal string SiteUrl { get; private set; }
        public static SPServiceContext GetContext(SPSite site) { return new SPServiceContext(site.Url); }
    }

    // [doc] ID, Url, IsReadLocked (jj174038, 2013+), ReadLocked (ms455066: "internal use; use IsReadLocked"),
    // ReadOnly (ms465794), WriteLocked (ms434075), LockIssue, ContentDatabase, Dispose.
    public class SPSite : IDisposable
    {
        private readonly SimSite site;
        public SPSite(string requestUrl) : this(State.FindSite(requestUrl)) { }
        public SPSite(Guid id) : this(State.FindSite(id)) { }
        internal SPSite(SimSite site) { this.site = site; State.SitesOpened++; }

        public Guid ID { get { return site.Id; } }
        public string Url { get { return site.Url; } }
        public bool IsReadLocked { get { return site.ReadLocked; } }
        // [trap] (research/smat-facts.md 3.2) the getter throws on a No Access site instead of saying true.
        public bool ReadLocked
        {
            get
            {
                if (site.ReadLocked) throw new UnauthorizedAccessException("Access to this Web site has been blocked. Please contact the administrator to resolve this problem.");
                return false;
            }
        }
        // [doc] ms465794, ms434075: both return true whenever the parent database's IsReadOnly is true.
        public bool ReadOnly { get { return site.ReadOnly || site.Database.IsReadOnly; } }
        public bool WriteLocked { get { return site.WriteLocked || site.Database.IsReadOnly; } }
        public string LockIssue { get { return site.LockIssue; } }
        public SPContentDatabase ContentDatabase { get { return site.Database.Object; } }
        public void Dispose() { }
    }
}

namespace Microsoft.SharePoint.Administration
{
    // [doc] SPObjectStatus (Set-SPContentDatabase -Status). [guess] the order of the members.
    public enum SPObjectStatus { Online = 0, Disabled = 1, Offline = 2, Unprovisioning = 3, Provisioning = 4, Upgrading = 5 }

    // [doc] SPFarm.BuildVersion.
    public sealed class SPFarm
    {
        internal SPFarm() { }
        public Version BuildVersion { get { return State.BuildVersion; } }
    }

    // [doc] IsAdministrationWebApplication (ms463906), DisplayName. [guess] Url: Get-SPWebApplication shows it
    // (a type extension of the snap-in, not a documented property of the class).
    public class SPWebApplication
    {
        internal SPWebApplication(string displayName, string url, bool isAdministration) { DisplayName = displayName; Url = url; IsAdministrationWebApplication = isAdministration; }
        public string DisplayName { get; private set; }
        public string Name { get { return DisplayName; } }
        public string Url { get; private set; }
        public bool IsAdministrationWebApplication { get; private set; }
    }

    // [doc] Name, Id, Status, CurrentSiteCount (ms446409), IsReadOnly (ee376991: one SQL round trip a call),
    // WebApplication.
    public sealed class SPContentDatabase
    {
        private readonly SimDatabase db;
        internal SPContentDatabase(SimDatabase db) { this.db = db; }
        public Guid Id { get { return db.Id; } }
        public string Name { get { return db.Name; } }
        public SPObjectStatus Status { get { return db.Status; } }
        public bool IsReadOnly { get { return db.IsReadOnly; } }
        public int CurrentSiteCount { get { return State.Sites.Count(s => s.Database == db); } }
        public SPWebApplication WebApplication { get { return db.WebApplication; } }
        public override string ToString() { return "SPContentDatabase Name=" + db.Name; }
    }

    // [doc] ms443070: Url, ReadLocked (ms434487), WriteLocked, ReadOnly (ms431027), LockIssue, Dispose; and
    // [trap] no Id or ID property at all (the exporter used to open a second SPSite per site for it).
    // [guess] a read-only database shows here as it does on SPSite.
    public sealed class SPSiteAdministration : IDisposable
    {
        private readonly SimSite site;
        public SPSiteAdministration(string siteUrl) : this(State.FindSite(siteUrl)) { }
        public SPSiteAdministration(Guid id) : this(State.FindSite(id)) { }
        internal SPSiteAdministration(SimSite site) { this.site = site; State.SiteAdministrationsOpened++; }
        public string Url { get { return site.Url; } }
        public bool ReadLocked { get { return site.ReadLocked; } }
        public bool ReadOnly { get { return site.ReadOnly || site.Database.IsReadOnly; } }
        public bool WriteLocked { get { return site.WriteLocked || site.Database.IsReadOnly; } }
        public string LockIssue { get { return site.LockIssue; } }
        public void Dispose() { }
    }
}

namespace Microsoft.SharePoint.Administration.Claims
{
    // [doc] SPOriginalIssuerType, SPOriginalIssuers.Format(type) and Format(type, identifier).
    public enum SPOriginalIssuerType { Unknown = 0, Windows = 1, TrustedProvider = 2, ClaimProvider = 3, Forms = 4, SecurityTokenService = 5 }

    public static class SPOriginalIssuers
    {
        public static string Format(SPOriginalIssuerType issuerType) { return Format(issuerType, null); }
        public static string Format(SPOriginalIssuerType issuerType, string issuerIdentifier)
        {
            switch (issuerType)
            {
                case SPOriginalIssuerType.Windows: return "Windows";
                case SPOriginalIssuerType.SecurityTokenService: return "SecurityTokenService";
                default: return issuerType.ToString() + ":" + issuerIdentifier;
            }
        }
    }

    // [doc] ee556625: the constructor refuses null (ArgumentNullException) and an empty value type or issuer.
    public sealed class SPClaim
    {
        public SPClaim(string claimType, string value, string valueType, string originalIssuer)
        {
            if (claimType == null || value == null || valueType == null || originalIssuer == null) throw new ArgumentNullException();
            if (valueType.Length == 0 || originalIssuer.Length == 0) throw new ArgumentException("valueType and originalIssuer cannot be empty.");
            ClaimType = claimType; Value = value; ValueType = valueType; OriginalIssuer = originalIssuer;
        }
        public string ClaimType { get; private set; }
        public string Value { get; private set; }
        public string ValueType { get; private set; }
        public string OriginalIssuer { get; private set; }
    }

    // [doc] SPClaimProviderManager.Local, EncodeClaim(SPClaim). The encoding follows the documented format
    // (TechNet "SharePoint 2013 and SharePoint 2010 claims encoding"; research/smat-facts.md 2.5).
    // [guess] an issuer SharePoint does not know (Secure Store's "AD AUTHORITY", a removed claim provider)
    // makes EncodeClaim throw; real farms do something of the kind, the text here is ours.
    public sealed class SPClaimProviderManager
    {
        private static readonly SPClaimProviderManager local = new SPClaimProviderManager();
        public static SPClaimProviderManager Local { get { return local; } }
        public string EncodeClaim(SPClaim claim) { return ClaimEncoding.Encode(claim); }
    }
}

namespace Microsoft.SharePoint.BusinessData.Administration
{
    // [doc] ee535245 (Property: Name, Type, Value), ee538219 (MetadataObject.Properties), ee540203
    // (LobSystem.LobSystemInstances), ee538145 (LobSystemInstance.LobSystem), ee543560 (GetLobSystems).
    public sealed class Property
    {
        internal Property(string name, object value) { Name = name; Value = value; }
        public string Name { get; set; }
        public Type Type { get { return Value == null ? typeof(string) : Value.GetType(); } }
        public object Value { get; set; }
    }

    public sealed class PropertyCollection : IEnumerable<Property>
    {
        private readonly List<Property> items;
        internal PropertyCollection(IEnumerable<Property> items) { this.items = items.ToList(); }
        public int Count { get { return items.Count; } }
        public IEnumerator<Property> GetEnumerator() { return items.GetEnumerator(); }
        IEnumerator IEnumerable.GetEnumerator() { return GetEnumerator(); }
    }

    public abstract class MetadataObject
    {
        public string Name { get; internal set; }
        public PropertyCollection Properties { get; internal set; }
    }

    public sealed class LobSystem : MetadataObject
    {
        public LobSystemInstanceCollection LobSystemInstances { get; internal set; }
    }

    public sealed class LobSystemInstance : MetadataObject
    {
        public LobSystem LobSystem { get; internal set; }
    }

    public sealed class LobSystemInstanceCollection : IEnumerable<LobSystemInstance>
    {
        internal readonly List<LobSystemInstance> Items = new List<LobSystemInstance>();
        public int Count { get { return Items.Count; } }
        public IEnumerator<LobSystemInstance> GetEnumerator() { return Items.GetEnumerator(); }
        IEnumerator IEnumerable.GetEnumerator() { return GetEnumerator(); }
    }

    public sealed class LobSystemCollection : IEnumerable<LobSystem>
    {
        private readonly List<LobSystem> items;
        internal LobSystemCollection(IEnumerable<LobSystem> items) { this.items = items.ToList(); }
        public IEnumerator<LobSystem> GetEnumerator() { return items.GetEnumerator(); }
        IEnumerator IEnumerable.GetEnumerator() { return GetEnumerator(); }
    }

    public sealed class AdministrationMetadataCatalog
    {
        internal AdministrationMetadataCatalog() { }
        // [doc] '*' is the wildcard, '\' the escape character.
        public LobSystemCollection GetLobSystems(string wildcardedName)
        {
            if (wildcardedName == null) throw new ArgumentNullException("wildcardedName");
            return new LobSystemCollection(State.LobSystems.Where(l => Wildcard.Matches(wildcardedName, l.Name)));
        }
    }
}

namespace Microsoft.Office.Server.UserProfiles
{
    using Microsoft.SharePoint;

    // [doc] ActiveDirectory, BusinessDataCatalog, ActiveDirectoryImport (ee579917 names the last). [guess] numbers.
    public enum ConnectionType { ActiveDirectory = 0, BusinessDataCatalog = 1, ActiveDirectoryImport = 2 }

    public class UserProfileApplicationNotAvailableException : Exception
    {
        public UserProfileApplicationNotAvailableException(string message) : base(message) { }
    }

    // [doc] ee586160 (ConnectionManager), ee584361 (ProfilePropertyManager).
    public sealed class UserProfileConfigManager
    {
        public UserProfileConfigManager(SPServiceContext context)
        {
            // [trap] a farm without a User Profile service application connected to this context.
            if (!State.ProfileServiceAvailable) throw new UserProfileApplicationNotAvailableException("No User Profile Application available to service the request. Contact your farm administrator.");
        }
        public ConnectionManager ConnectionManager { get { return new ConnectionManager(State.Connections); } }
        public ProfilePropertyManager ProfilePropertyManager { get { return new ProfilePropertyManager(); } }
    }

    public sealed class ConnectionManager : IEnumerable<Connection>
    {
        private readonly List<Connection> items;
        internal ConnectionManager(IEnumerable<Connection> items) { this.items = items.ToList(); }
        public IEnumerator<Connection> GetEnumerator() { return items.GetEnumerator(); }
        IEnumerator IEnumerable.GetEnumerator() { return GetEnumerator(); }
    }

    // [doc] ee581598 (DisplayName), Type, ee579917 (PropertyMapping: null for ActiveDirectoryImport).
    public class Connection
    {
        internal Connection(string displayName, ConnectionType type, PropertyMapCollection mappings) { DisplayName = displayName; Type = type; PropertyMapping = mappings; }
        public string DisplayName { get; private set; }
        public ConnectionType Type { get; private set; }
        public PropertyMapCollection PropertyMapping { get; private set; }
    }

    // [doc] ee579632: AccountDomain, AccountUsername ("accessible only to users who have permission to manage
    // user profiles"); the password is set as a SecureString (ConnectionManager.AddActiveDirectoryConnection,
    // ff410157). [guess] a readable AccountPassword: the strict reading, so that serializing the connection
    // object would write the password (as <SS>), and the tests would see it.
    public sealed class DirectoryServiceConnection : Connection
    {
        internal DirectoryServiceConnection(string displayName, PropertyMapCollection mappings, string accountDomain, string accountUsername, System.Security.SecureString accountPassword)
            : base(displayName, ConnectionType.ActiveDirectory, mappings) { AccountDomain = accountDomain; AccountUsername = accountUsername; AccountPassword = accountPassword; }
        public string AccountDomain { get; private set; }
        public string AccountUsername { get; private set; }
        public System.Security.SecureString AccountPassword { get; private set; }
    }

    // [doc] ee583955: SystemName, EntityName.
    public sealed class BusinessDataCatalogConnection : Connection
    {
        internal BusinessDataCatalogConnection(string displayName, string systemName, string entityName, PropertyMapCollection mappings)
            : base(displayName, ConnectionType.BusinessDataCatalog, mappings) { SystemName = systemName; EntityName = entityName; }
        public string SystemName { get; set; }
        public string EntityName { get; set; }
    }

    public sealed class PropertyMapCollection : IEnumerable<PropertyMap>
    {
        private readonly List<PropertyMap> items;
        internal PropertyMapCollection(IEnumerable<PropertyMap> items) { this.items = items.ToList(); }
        public int Count { get { return items.Count; } }
        public IEnumerator<PropertyMap> GetEnumerator() { return items.GetEnumerator(); }
        IEnumerator IEnumerable.GetEnumerator() { return GetEnumerator(); }
    }

    // [doc] ms564946: ProfileProperty, DataSourcePropertyName, IsImport, IsExport. [guess] ProfileProperty's
    // type (a ProfileTypeProperty, which has a Name).
    public sealed class PropertyMap
    {
        internal PropertyMap(string propertyName, string dataSourcePropertyName, bool isImport, bool isExport)
        {
            ProfileProperty = new ProfileTypeProperty(propertyName); DataSourcePropertyName = dataSourcePropertyName; IsImport = isImport; IsExport = isExport;
        }
        public ProfileTypeProperty ProfileProperty { get; private set; }
        public string DataSourcePropertyName { get; private set; }
        public bool IsImport { get; private set; }
        public bool IsExport { get; private set; }
    }

    public sealed class ProfileTypeProperty
    {
        internal ProfileTypeProperty(string name) { Name = name; }
        public string Name { get; private set; }
    }

    public sealed class ProfilePropertyManager
    {
        internal ProfilePropertyManager() { }
        public CorePropertyManager GetCoreProperties() { return new CorePropertyManager(); }
    }

    public sealed class CorePropertyManager
    {
        internal CorePropertyManager() { }
        public CoreProperty GetPropertyByName(string name) { return State.CoreProperties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)); }
    }

    // [doc] CoreProperty: Name, DisplayName, Length.
    public sealed class CoreProperty
    {
        internal CoreProperty(string name, string displayName, int length) { Name = name; DisplayName = displayName; Length = length; }
        public string Name { get; private set; }
        public string DisplayName { get; private set; }
        public int Length { get; private set; }
    }

    // [doc] UserProfileManager(SPServiceContext), enumerable over the profiles; UserProfile[name].Value.
    public sealed class UserProfileManager : IEnumerable
    {
        public UserProfileManager(SPServiceContext context)
        {
            if (!State.ProfileServiceAvailable) throw new UserProfileApplicationNotAvailableException("No User Profile Application available to service the request. Contact your farm administrator.");
        }
        public IEnumerator GetEnumerator()
        {
            foreach (var values in State.Profiles) { State.ProfilesRead++; yield return new UserProfile(values); }
        }
    }

    public sealed class UserProfile
    {
        private readonly IDictionary<string, string> values;
        internal UserProfile(IDictionary<string, string> values) { this.values = values; }
        public UserProfileValueCollection this[string propertyName]
        {
            get { string v; return new UserProfileValueCollection(values.TryGetValue(propertyName, out v) ? v : null); }
        }
    }

    public sealed class UserProfileValueCollection
    {
        internal UserProfileValueCollection(object value) { Value = value; }
        public object Value { get; private set; }
    }
}

namespace FarmscanSim
{
    using Microsoft.BusinessData.Infrastructure.SecureStore;
    using Microsoft.Office.SecureStoreService.Server;
    using Microsoft.Office.Server.UserProfiles;
    using Microsoft.SharePoint.Administration;
    using Microsoft.SharePoint.Administration.Claims;
    using Microsoft.SharePoint.BusinessData.Administration;

    public sealed class SimDatabase
    {
        public Guid Id; public string Name; public SPObjectStatus Status; public bool IsReadOnly; public SPWebApplication WebApplication;
        public SPContentDatabase Object;
    }

    public sealed class SimSite
    {
        public Guid Id; public string Url; public SimDatabase Database;
        public bool ReadLocked; public bool WriteLocked; public bool ReadOnly; public string LockIssue;
    }

    public sealed class SimApplication
    {
        public TargetApplication Application;
        public List<TargetApplicationField> Fields = new List<TargetApplicationField>();
        public List<SecureStoreServiceClaim> Administrators = new List<SecureStoreServiceClaim>();
        public List<SecureStoreServiceClaim> Members;
        public List<SecureStoreServiceClaim> TicketRedeemers = new List<SecureStoreServiceClaim>();
        /// <summary>The stored (group) credentials, one value per field in field order; only GetCredentials and
        /// GetRestrictedCredentials hand them out.</summary>
        public List<string> Credentials = new List<string>();
    }

    /// <summary>The farm in memory, filled by SharePointSim.psm1 from farm.psd1; one per pwsh process.</summary>
    public static class State
    {
        public static Version BuildVersion = new Version(16, 0, 0, 0);
        public static List<SPWebApplication> WebApplications = new List<SPWebApplication>();
        public static List<SimDatabase> Databases = new List<SimDatabase>();
        public static List<SimSite> Sites = new List<SimSite>();
        public static List<SimApplication> Applications = new List<SimApplication>();
        public static bool SecureStoreRights = true;
        public static bool SecureStoreReachable = true;
        public static bool SecureStoreProxyAvailable = true;
        public static List<LobSystem> LobSystems = new List<LobSystem>();
        public static bool ProfileServiceAvailable = true;
        public static List<Connection> Connections = new List<Connection>();
        public static List<CoreProperty> CoreProperties = new List<CoreProperty>();
        public static List<IDictionary<string, string>> Profiles = new List<IDictionary<string, string>>();
        /// <summary>Trusted identity token issuers by name, and the claim type each uses as identity.</summary>
        public static Dictionary<string, string> TrustedProviders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public static HashSet<string> ClaimProviders = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        // What the tests measure: how many objects a run opened or read.
        public static int SitesOpened; public static int SiteAdministrationsOpened; public static int ProfilesRead;
        public static int SiteReads; public static int CredentialsRead;

        public static void Reset()
        {
            WebApplications.Clear(); Databases.Clear(); Sites.Clear(); Applications.Clear(); LobSystems.Clear();
            Connections.Clear(); CoreProperties.Clear(); Profiles.Clear(); TrustedProviders.Clear(); ClaimProviders.Clear();
            SecureStoreRights = true; SecureStoreReachable = true; SecureStoreProxyAvailable = true; ProfileServiceAvailable = true;
            SitesOpened = 0; SiteAdministrationsOpened = 0; ProfilesRead = 0; SiteReads = 0; CredentialsRead = 0;
        }

        public static void ResetCounters() { SitesOpened = 0; SiteAdministrationsOpened = 0; ProfilesRead = 0; SiteReads = 0; CredentialsRead = 0; }

        public static void RequireSecureStoreReachable()
        {
            if (!SecureStoreReachable) throw new InvalidOperationException("The Secure Store Service application Secure Store Service is not accessible. The full exception text is: The remote server returned an error: (503) Server Unavailable.");
        }

        internal static SimSite FindSite(string url)
        {
            var found = Sites.FirstOrDefault(s => string.Equals(s.Url.TrimEnd('/'), (url ?? "").TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
            // [guess] the text; the exception type is what SPSite's constructor documents (FileNotFoundException).
            if (found == null) throw new System.IO.FileNotFoundException("The site " + url + " could not be found in the Web application.");
            return found;
        }

        internal static SimSite FindSite(Guid id)
        {
            var found = Sites.FirstOrDefault(s => s.Id == id);
            if (found == null) throw new System.IO.FileNotFoundException("The site with the id " + id + " could not be found.");
            return found;
        }

        public static SPFarm Farm() { return new SPFarm(); }
        public static SPSecureStoreApplication CmdletApplication(SimApplication app) { return new SPSecureStoreApplication(app.Application); }
        public static Microsoft.SharePoint.SPServiceContext ServiceContext(string url) { return new Microsoft.SharePoint.SPServiceContext(url); }
        public static Microsoft.SharePoint.SPSite OpenSite(SimSite site) { return new Microsoft.SharePoint.SPSite(site); }
        public static SPSiteAdministration OpenSiteAdministration(SimSite site) { return new SPSiteAdministration(site); }
        public static AdministrationMetadataCatalog Catalog() { return new AdministrationMetadataCatalog(); }

        public static SPWebApplication AddWebApplication(string name, string url, bool isAdministration)
        {
            var w = new SPWebApplication(name, url, isAdministration); WebApplications.Add(w); return w;
        }

        public static SimDatabase AddDatabase(Guid id, string name, SPObjectStatus status, bool isReadOnly, SPWebApplication webApplication)
        {
            var db = new SimDatabase { Id = id, Name = name, Status = status, IsReadOnly = isReadOnly, WebApplication = webApplication };
            db.Object = new SPContentDatabase(db); Databases.Add(db); return db;
        }

        public static SimApplication AddApplication(TargetApplication application) { var a = new SimApplication { Application = application }; Applications.Add(a); return a; }

        public static LobSystem AddLobSystem(string name, IDictionary properties)
        {
            var l = new LobSystem { Name = name, Properties = ToProperties(properties), LobSystemInstances = new LobSystemInstanceCollection() };
            LobSystems.Add(l); return l;
        }

        public static LobSystemInstance AddLobSystemInstance(LobSystem lobSystem, string name, IDictionary properties)
        {
            var i = new LobSystemInstance { Name = name, Properties = ToProperties(properties), LobSystem = lobSystem };
            lobSystem.LobSystemInstances.Items.Add(i); return i;
        }

        private static PropertyCollection ToProperties(IDictionary properties)
        {
            var list = new List<Property>();
            if (properties != null) foreach (DictionaryEntry e in properties) list.Add(new Property((string)e.Key, e.Value));
            return new PropertyCollection(list.OrderBy(p => p.Name, StringComparer.Ordinal));
        }

        public static PropertyMap Mapping(string propertyName, string dataSourcePropertyName, bool isImport, bool isExport) { return new PropertyMap(propertyName, dataSourcePropertyName, isImport, isExport); }
        public static PropertyMapCollection Mappings(IEnumerable<PropertyMap> maps) { return maps == null ? null : new PropertyMapCollection(maps); }
        public static void AddConnection(string displayName, ConnectionType type, PropertyMapCollection maps) { Connections.Add(new Connection(displayName, type, maps)); }
        public static void AddDirectoryServiceConnection(string displayName, PropertyMapCollection maps, string accountDomain, string accountUsername, System.Security.SecureString accountPassword) { Connections.Add(new DirectoryServiceConnection(displayName, maps, accountDomain, accountUsername, accountPassword)); }
        public static void AddBcsConnection(string displayName, string systemName, string entityName, PropertyMapCollection maps) { Connections.Add(new BusinessDataCatalogConnection(displayName, systemName, entityName, maps)); }
        public static void AddCoreProperty(string name, string displayName, int length) { CoreProperties.Add(new CoreProperty(name, displayName, length)); }
    }

    /// <summary>SharePoint's claim encoding, for the claims the simulated farm holds.</summary>
    public static class ClaimEncoding
    {
        private static readonly Dictionary<string, char> TypeChars = new Dictionary<string, char>
        {
            { "http://schemas.microsoft.com/sharepoint/2009/08/claims/userlogonname", '#' },
            { "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", '5' },
            { "http://schemas.microsoft.com/ws/2008/06/identity/claims/groupsid", '+' },
            { "http://schemas.microsoft.com/ws/2008/06/identity/claims/role", '-' },
            { "http://schemas.microsoft.com/sharepoint/2009/08/claims/identityprovider", '!' },
            { "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", 'e' },
        };

        public static string Encode(SPClaim claim)
        {
            char typeChar;
            if (!TypeChars.TryGetValue(claim.ClaimType, out typeChar)) throw new ArgumentException("The claim type '" + claim.ClaimType + "' has no encoding in this farm.");
            string issuer = claim.OriginalIssuer;
            char mode; string issuerPart = null; bool identity = false; string value = claim.Value;
            if (issuer == "Windows")
            {
                mode = 'w'; value = value.ToLowerInvariant();
                identity = claim.ClaimType.EndsWith("/userlogonname", StringComparison.Ordinal);
            }
            else if (issuer == "SecurityTokenService") { mode = 's'; }
            else if (issuer.StartsWith("TrustedProvider:", StringComparison.Ordinal))
            {
                mode = 't'; issuerPart = issuer.Substring("TrustedProvider:".Length);
                string identityClaim;
                if (!State.TrustedProviders.TryGetValue(issuerPart, out identityClaim)) throw new ArgumentException("The trusted identity token issuer '" + issuerPart + "' does not exist.");
                identity = claim.ClaimType == identityClaim;
            }
            else if (issuer.StartsWith("ClaimProvider:", StringComparison.Ordinal))
            {
                mode = 'c'; issuerPart = issuer.Substring("ClaimProvider:".Length);
                if (!State.ClaimProviders.Contains(issuerPart)) throw new ArgumentException("The claim provider '" + issuerPart + "' is not registered.");
            }
            else throw new ArgumentException("The original issuer '" + issuer + "' is not recognized.");
            return (identity ? "i" : "c") + ":0" + typeChar + "." + mode + "|" + (issuerPart == null ? "" : issuerPart + "|") + value;
        }
    }

    internal static class Wildcard
    {
        public static bool Matches(string pattern, string text)
        {
            var regex = "^" + string.Concat(Tokens(pattern)) + "$";
            return System.Text.RegularExpressions.Regex.IsMatch(text, regex);
        }
        private static IEnumerable<string> Tokens(string pattern)
        {
            for (int i = 0; i < pattern.Length; i++)
            {
                if (pattern[i] == '\\' && i + 1 < pattern.Length) { yield return System.Text.RegularExpressions.Regex.Escape(pattern[++i].ToString()); }
                else if (pattern[i] == '*') yield return ".*";
                else yield return System.Text.RegularExpressions.Regex.Escape(pattern[i].ToString());
            }
        }
    }
}
