# The simulated Fabrikam farm: the one definition the simulated object model is built from and the tests
# derive their expected CSV rows and plan steps from. Fictional: no real account, SID, GUID or URL.
#
# What breaks tools on real farms is in it on purpose:
#   - a No Access site in every kind of database (SPSite.ReadLocked throws on it)
#   - a read-only content database (every site in it reads ReadOnly and WriteLocked, whatever its own lock)
#   - a content database that is not Online (Offline here)
#   - a host-named web application listed first, with no site at its root
#   - claims whose issuer is "windows", "Windows", "AD AUTHORITY", a trusted provider, a removed claim provider
#   - *SsoApplicationId properties beyond the two usual ones (WebServiceSsoApplicationId on an instance,
#     WsdlFetchSsoApplicationId on a LobSystem)
#   - an Active Directory Import connection (its PropertyMapping is null)
#   - secrets near what the exporter reads, each holding a marker 'S3cret-Marker-<n>' that must never reach
#     an export file or the console: Secure Store credentials (only ISecureStore.GetCredentials /
#     GetRestrictedCredentials return them), BCS properties with a password and a connection string, a
#     synchronization connection's account password (a SecureString on the connection object)
#   - Variants: no Secure Store rights (the list comes back empty), Secure Store unreachable, no User
#     Profile service application (and that with an empty BCS); HostileText adds names and values that would drive a terminal (ESC
#     sequences, BEL, CR, U+202E) where the exporter prints them
@{
    BuildVersion    = '16.0.17928.20238'

    WebApplications = @(
        # Listed first, as Get-SPWebApplication may: a host-named web application has no site at its own URL.
        @{ Name = 'Host-named sites'; Url = 'https://sp-hnsc.fabrikam.test/' }
        @{ Name = 'SharePoint Central Administration v4'; Url = 'https://ca.fabrikam.test:2016/'; Administration = $true }
        @{ Name = 'Intranet'; Url = 'https://intranet.fabrikam.test/' }
        @{ Name = 'My Sites'; Url = 'https://my.fabrikam.test/' }
    )

    # Site lock flags are the administrator's (Set-SPSite -LockState); a read-only database adds ReadOnly
    # and WriteLocked on top, as SharePoint documents (SPSite.ReadOnly, ms465794).
    # Expect: the lock state farmscan must report for the site.
    ContentDatabases = @(
        @{
            Id = '5a0d4c1e-0000-4000-8000-00000000ca01'; Name = 'SharePoint_AdminContent'; WebApplication = 'SharePoint Central Administration v4'
            Status = 'Online'; IsReadOnly = $false; Administration = $true
            Sites = @(
                @{ Id = '0c0a0000-0000-4000-8000-000000000001'; Url = 'https://ca.fabrikam.test:2016' }
            )
        }
        @{
            Id = '5a0d4c1e-0000-4000-8000-000000000001'; Name = 'WSS_Content_Intranet'; WebApplication = 'Intranet'
            Status = 'Online'; IsReadOnly = $false
            Sites = @(
                @{ Id = '1f000000-0000-4000-8000-000000000001'; Url = 'https://intranet.fabrikam.test'; Expect = 'Unlock' }
                @{ Id = '1f000000-0000-4000-8000-000000000002'; Url = 'https://intranet.fabrikam.test/sites/hr'; Expect = 'Unlock' }
                @{ Id = '1f000000-0000-4000-8000-000000000003'; Url = 'https://intranet.fabrikam.test/sites/legal'; ReadLocked = $true; WriteLocked = $true; LockIssue = 'Legal hold, ticket INC0042'; Expect = 'NoAccess' }
                @{ Id = '1f000000-0000-4000-8000-000000000004'; Url = 'https://intranet.fabrikam.test/sites/archive-2019'; ReadOnly = $true; WriteLocked = $true; LockIssue = 'Archived per "Records Policy 7" & audit <2019>'; Expect = 'ReadOnly' }
                @{ Id = '1f000000-0000-4000-8000-000000000005'; Url = 'https://intranet.fabrikam.test/sites/marketing'; WriteLocked = $true; LockIssue = ''; Expect = 'NoAdditions' }
                @{ Id = '1f000000-0000-4000-8000-000000000006'; Url = 'https://intranet.fabrikam.test/sites/r&d'; Expect = 'Unlock' }
            )
        }
        @{
            Id = '5a0d4c1e-0000-4000-8000-000000000002'; Name = 'WSS_Content_Records'; WebApplication = 'Intranet'
            Status = 'Online'; IsReadOnly = $true
            Sites = @(
                @{ Id = '2f000000-0000-4000-8000-000000000001'; Url = 'https://intranet.fabrikam.test/sites/records-2020'; Expect = 'DatabaseReadOnly' }
                @{ Id = '2f000000-0000-4000-8000-000000000002'; Url = 'https://intranet.fabrikam.test/sites/records-2021'; ReadLocked = $true; LockIssue = 'Sealed by the records office'; Expect = 'NoAccess' }
            )
        }
        @{
            Id = '5a0d4c1e-0000-4000-8000-000000000003'; Name = 'WSS_Content_Teams 2024'; WebApplication = 'Host-named sites'
            Status = 'Online'; IsReadOnly = $false
            Sites = @(
                @{ Id = '3f000000-0000-4000-8000-000000000001'; Url = 'https://teams.fabrikam.test'; Expect = 'Unlock' }
                @{ Id = '3f000000-0000-4000-8000-000000000002'; Url = 'https://projects.fabrikam.test'; WriteLocked = $true; LockIssue = 'Over quota'; Expect = 'NoAdditions' }
            )
        }
        @{
            Id = '5a0d4c1e-0000-4000-8000-000000000004'; Name = 'WSS_Content_My'; WebApplication = 'My Sites'
            Status = 'Online'; IsReadOnly = $false
            Sites = @(
                @{ Id = '4f000000-0000-4000-8000-000000000001'; Url = 'https://my.fabrikam.test'; Expect = 'Unlock' }
                @{ Id = '4f000000-0000-4000-8000-000000000002'; Url = 'https://my.fabrikam.test/personal/alice'; Expect = 'Unlock' }
                @{ Id = '4f000000-0000-4000-8000-000000000003'; Url = 'https://my.fabrikam.test/personal/bob'; ReadLocked = $true; Expect = 'NoAccess' }
            )
        }
        @{
            # Not Online: the exporter skips it and names it; its sites are not in the export.
            Id = '5a0d4c1e-0000-4000-8000-000000000005'; Name = 'WSS_Content_Old'; WebApplication = 'Intranet'
            Status = 'Offline'; IsReadOnly = $false
            Sites = @(
                @{ Id = '5f000000-0000-4000-8000-000000000001'; Url = 'https://intranet.fabrikam.test/sites/old-extranet'; ReadLocked = $true; Expect = 'NotExported' }
            )
        }
    )

    # Trusted identity token issuers (name = the claim type each identifies users by) and registered claim
    # providers: an issuer missing here cannot be encoded.
    TrustedProviders = @{ adfs = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress' }
    ClaimProviders   = @('AD')

    # Claims: T = claim type, I = ClaimIssuer as Secure Store returns it, V = ClaimValue, E = the encoded
    # claim the export must carry ($null: the claim cannot be encoded, the exporter warns).
    SecureStore = @(
        @{
            Id = 'HRPayrollDB'; FriendlyName = 'HR Payroll Database'; ContactEmail = 'hr-it@fabrikam.test'; Type = 'Group'; TicketTimeout = 2
            Fields = @(@{ Name = 'Windows User Name'; Type = 'WindowsUserName'; Masked = $false }, @{ Name = 'Windows Password'; Type = 'WindowsPassword'; Masked = $true })
            Administrators = @(@{ T = 'userlogonname'; I = 'windows'; V = 'FABRIKAM\sp-admin'; E = 'i:0#.w|fabrikam\sp-admin' })
            Members = @(@{ T = 'groupsid'; I = 'AD AUTHORITY'; V = 'S-1-5-21-1004336348-1177238915-682003330-1105'; E = 'c:0+.w|s-1-5-21-1004336348-1177238915-682003330-1105' })
            # The group's stored credentials, one value per field: secrets no export may carry.
            Credentials = @('FABRIKAM\svc-payroll', 'S3cret-Marker-1')
        }
        @{
            Id = 'SAPConnector'; FriendlyName = 'SAP Orders (Wrocław)'; ContactEmail = 'sap@fabrikam.test'; Type = 'RestrictedGroup'; TicketTimeout = 2
            Fields = @(@{ Name = 'User Name'; Type = 'UserName'; Masked = $false }, @{ Name = 'Password'; Type = 'Password'; Masked = $true }, @{ Name = 'Client'; Type = 'Generic'; Masked = $false })
            Administrators = @(@{ T = 'userlogonname'; I = 'Windows'; V = 'FABRIKAM\sap-admin'; E = 'i:0#.w|fabrikam\sap-admin' })
            Members = @(@{ T = 'groupsid'; I = 'Windows'; V = 'S-1-5-21-1004336348-1177238915-682003330-1107'; E = 'c:0+.w|s-1-5-21-1004336348-1177238915-682003330-1107' })
            Credentials = @('sap-rfc', 'S3cret-Marker-2', '100')
        }
        @{
            Id = 'PartnerPortal'; FriendlyName = 'Partner portal (certificate)'; ContactEmail = $null; Type = 'RestrictedIndividual'; TicketTimeout = 2
            Fields = @(@{ Name = 'Certificate'; Type = 'Certificate'; Masked = $true }, @{ Name = 'Certificate Password'; Type = 'CertificatePassword'; Masked = $true })
            Administrators = @(@{ T = 'emailaddress'; I = 'TrustedProvider:adfs'; V = 'chris@fabrikam.test'; E = 'i:05.t|adfs|chris@fabrikam.test' })
        }
        @{
            Id = 'LegacyERP'; FriendlyName = "Legacy ERP`nticketing"; ContactEmail = 'erp@fabrikam.test'; Type = 'IndividualWithTicketing'; TicketTimeout = 30
            CredentialManagementUrl = 'https://erp.fabrikam.test/setcredentials'
            Fields = @(@{ Name = 'Windows User Name'; Type = 'WindowsUserName'; Masked = $false }, @{ Name = 'Windows Password'; Type = 'WindowsPassword'; Masked = $true })
            Administrators = @(@{ T = 'userlogonname'; I = 'windows'; V = 'FABRIKAM\erp-admin'; E = 'i:0#.w|fabrikam\erp-admin' })
            TicketRedeemers = @(@{ T = 'userlogonname'; I = 'windows'; V = 'FABRIKAM\svc-erp'; E = 'i:0#.w|fabrikam\svc-erp' })
        }
        @{
            Id = 'CrmWeb'; FriendlyName = 'CRM web service'; ContactEmail = 'crm@fabrikam.test'; Type = 'GroupWithTicketing'; TicketTimeout = 10
            Fields = @(@{ Name = 'User Name'; Type = 'UserName'; Masked = $false }, @{ Name = 'Password'; Type = 'Password'; Masked = $true }, @{ Name = 'API Key'; Type = 'Key'; Masked = $true })
            Administrators = @(@{ T = 'userlogonname'; I = 'Windows'; V = 'FABRIKAM\crm-admin'; E = 'i:0#.w|fabrikam\crm-admin' })
            Members = @(
                @{ T = 'groupsid'; I = 'AD AUTHORITY'; V = 'S-1-5-21-1004336348-1177238915-682003330-1109'; E = 'c:0+.w|s-1-5-21-1004336348-1177238915-682003330-1109' }
                @{ T = 'role'; I = 'TrustedProvider:adfs'; V = 'CRM Operators'; E = 'c:0-.t|adfs|CRM Operators' }
            )
            TicketRedeemers = @(@{ T = 'userlogonname'; I = 'windows'; V = 'FABRIKAM\svc-crm'; E = 'i:0#.w|fabrikam\svc-crm' })
            Credentials = @('crm-api', 'S3cret-Marker-3', 'S3cret-Marker-4')
        }
        @{
            Id = 'WsdlCreds'; FriendlyName = 'WSDL download account'; ContactEmail = 'crm@fabrikam.test'; Type = 'Individual'; TicketTimeout = 2
            CredentialManagementUrl = 'https://intranet.fabrikam.test/_layouts/15/SecureStoreSetCredentials.aspx?TargetAppId=WsdlCreds'
            Fields = @(@{ Name = 'Windows User Name'; Type = 'WindowsUserName'; Masked = $false }, @{ Name = 'Windows Password'; Type = 'WindowsPassword'; Masked = $true })
            Administrators = @(@{ T = 'userlogonname'; I = 'Windows'; V = 'FABRIKAM\sp-admin'; E = 'i:0#.w|fabrikam\sp-admin' })
        }
        @{
            Id = 'DeptReports'; FriendlyName = 'Department reports'; ContactEmail = 'reports@fabrikam.test'; Type = 'Group'; TicketTimeout = 2
            Fields = @(@{ Name = 'Report PIN'; Type = 'Pin'; Masked = $true })
            Administrators = @(
                @{ T = 'role'; I = 'ClaimProvider:FabrikamDeptProvider'; V = 'Dept Admins'; E = $null }
                @{ T = 'userlogonname'; I = 'windows'; V = 'FABRIKAM\dept-admin'; E = 'i:0#.w|fabrikam\dept-admin' }
            )
            Members = @(@{ T = 'identityprovider'; I = 'SecurityTokenService'; V = 'windows'; E = 'c:0!.s|windows' })
            Credentials = @('S3cret-Marker-5')
        }
    )

    # Property names are the BCS model's own; any property named *SsoApplicationId names a Secure Store
    # application the system authenticates through.
    LobSystems = @(
        @{ Name = 'HRSystem'; Properties = @{}; Instances = @(
                @{ Name = 'HRSystemInstance'; Properties = @{ AuthenticationMode = 'RdbCredentials'; SsoApplicationId = 'HRPayrollDB'; 'RdbConnection Data Source' = 'sql-hr01'
                    # A password written into the model (RdbConnection passes any connection string keyword): a secret.
                    'RdbConnection User ID' = 'hr_reader'; 'RdbConnection Password' = 'S3cret-Marker-6' } }
            ) }
        @{ Name = 'SAPOrders'; Properties = @{}; Instances = @(
                @{ Name = 'SAPOrdersInstance'; Properties = @{ AuthenticationMode = 'WindowsCredentials'; SsoApplicationId = 'SAPConnector'; SecondarySsoApplicationId = 'LegacyERP' } }
            ) }
        @{ Name = 'CrmService'; Properties = @{ WcfMexDocumentUrl = 'https://crm.fabrikam.test/service.svc?wsdl'; WsdlFetchAuthenticationMode = 'Credentials'; WsdlFetchSsoApplicationId = 'WsdlCreds' }; Instances = @(
                @{ Name = 'CrmServiceInstance'; Properties = @{ WcfAuthenticationMode = 'Credentials'; WebServiceSsoApplicationId = 'CrmWeb' } }
            ) }
        @{ Name = 'ProductCatalog'; Properties = @{}; Instances = @(
                @{ Name = 'ProductCatalogInstance'; Properties = @{ AuthenticationMode = 'PassThrough'; SsoApplicationId = ''
                    # A custom connector's own property: a connection string with its password.
                    ConnectionString = 'Server=sql-cat01;Database=Catalog;User ID=catalog;Password=S3cret-Marker-7' } }
            ) }
    )

    UserProfiles = @{
        CoreProperties = @(
            @{ Name = 'SPS-PhoneticFirstName'; DisplayName = 'Phonetic First Name'; Length = 250 }
            @{ Name = 'SPS-PhoneticDisplayName'; DisplayName = 'Phonetic Display Name'; Length = 250 }
            @{ Name = 'Department'; DisplayName = 'Department'; Length = 250 }
            @{ Name = 'WorkPhone'; DisplayName = 'Work phone'; Length = 250 }
            @{ Name = 'PictureURL'; DisplayName = 'Picture'; Length = 400 }
            @{ Name = 'EmployeeID'; DisplayName = 'Employee ID'; Length = 25 }
            @{ Name = 'CostCenter'; DisplayName = 'Cost center'; Length = 50 }
            @{ Name = 'CrmAccountManager'; DisplayName = 'CRM account manager'; Length = 100 }
        )
                Connections = @(
            # Account: the synchronization account; its password is a secret.
            @{ Name = 'Fabrikam AD'; Type = 'ActiveDirectory'; Account = @{ Domain = 'FABRIKAM'; User = 'svc-ups-sync'; Password = 'S3cret-Marker-8' }; Maps = @(
                    @{ Property = 'SPS-PhoneticFirstName'; Attribute = 'msDS-PhoneticFirstName'; Import = $true; Export = $false }
                    @{ Property = 'SPS-PhoneticDisplayName'; Attribute = 'msDS-PhoneticDisplayName'; Import = $true; Export = $false }
                    @{ Property = 'Department'; Attribute = 'department'; Import = $true; Export = $false }
                    @{ Property = 'WorkPhone'; Attribute = 'telephoneNumber'; Import = $true; Export = $false }
                    @{ Property = 'PictureURL'; Attribute = 'thumbnailPhoto'; Import = $false; Export = $true }
                ) }
            @{ Name = 'HR Employee Data'; Type = 'BusinessDataCatalog'; SystemName = 'HRSystem'; Entity = 'Employee'; Maps = @(
                    @{ Property = 'EmployeeID'; Attribute = 'EmployeeNumber'; Import = $true; Export = $false }
                    @{ Property = 'CostCenter'; Attribute = 'CostCenterCode'; Import = $true; Export = $false }
                ) }
            @{ Name = 'CRM Contacts'; Type = 'BusinessDataCatalog'; SystemName = 'CrmService'; Entity = 'Contact'; Maps = @(
                    @{ Property = 'CrmAccountManager'; Attribute = 'AccountManager'; Import = $true; Export = $false }
                ) }
            # Its mappings are not in the object model (PropertyMapping is null): the exporter warns.
            @{ Name = 'Fabrikam AD Import'; Type = 'ActiveDirectoryImport'; Maps = $null }
        )
        Profiles = @(
            @{ Department = 'HR'; WorkPhone = '+41 44 000 00 01'; EmployeeID = 'E0001'; CostCenter = 'CC-100' }
            @{ Department = 'IT'; EmployeeID = 'E0002' }
            @{ Department = ''; CrmAccountManager = 'FABRIKAM\alice' }
            @{}
        )
    }

    Variants = @{
        NoSecureStoreRights    = @{ SecureStoreRights = $false }
        SecureStoreUnreachable = @{ SecureStoreReachable = $false }
        # The cmdlets answer, ISecureStore cannot be opened: fields and claims are then unreadable.
        SecureStoreProxyFails  = @{ SecureStoreProxyAvailable = $false }
        NoProfileService       = @{ ProfileServiceAvailable = $false }
        # No User Profile service application, and a BCS service without any LobSystem.
        NoProfileServiceNoBcs  = @{ ProfileServiceAvailable = $false; LobSystems = @() }
        # Farm text the exporter prints in warnings, host lines and progress: each would move the cursor, clear
        # the screen, set the window title, ring, overwrite the line or reverse it on the admin's console.
        HostileText            = @{ Add = @{
                SecureStore      = @(
                    @{
                        Id = 'HostileClaims'; FriendlyName = 'Hostile claims'; ContactEmail = 'ops@fabrikam.test'; Type = 'Group'; TicketTimeout = 2
                        Fields = @(@{ Name = 'Password'; Type = 'Password'; Masked = $true })
                        # Not encodable (no such claim provider): the exporter warns with the value, and the
                        # encoder's message names the issuer.
                        Administrators = @(@{ T = 'role'; I = "ClaimProvider:Gone`e[5m"; V = "Ops`e[2J`e]0;pwned`a`rAll clear`u{202E}txt.exe"; E = $null })
                        Members = @()
                    }
                )
                ContentDatabases = @(
                    @{
                        Id = '5a0d4c1e-0000-4000-8000-0000000000e1'; Name = "WSS_Content_`e[1mBold"; WebApplication = 'Intranet'; Status = 'Online'; IsReadOnly = $true
                        Sites = @(@{ Id = 'ef000000-0000-4000-8000-000000000001'; Url = 'https://intranet.fabrikam.test/sites/hostile'; LockIssue = "Locked`e[2J"; WriteLocked = $true })
                    }
                    @{
                        Id = '5a0d4c1e-0000-4000-8000-0000000000e2'; Name = "WSS_Content_`e[8mHidden`u{202E}"; WebApplication = 'Intranet'; Status = 'Offline'; IsReadOnly = $false
                        Sites = @(@{ Id = 'ef000000-0000-4000-8000-000000000002'; Url = 'https://intranet.fabrikam.test/sites/hostile-offline' })
                    }
                )
                Connections      = @(
                    @{ Name = "Evil`e[2K`rAD Import"; Type = 'ActiveDirectoryImport'; Maps = $null }
                    @{ Name = 'Missing system'; Type = 'BusinessDataCatalog'; SystemName = "Missing`e[31mSystem"; Entity = 'Thing'; Maps = @(
                            @{ Property = 'Department'; Attribute = 'Dept'; Import = $true; Export = $false }
                        ) }
                )
            } }
    }
}
