// SecureStoreApplications.xml as the exporter writes it: one PSCustomObject per target application
// with TargetApplication, TargetApplicationFields and TargetApplicationClaims (REFERENCE.md §2, §5).
// Nested objects, enums and arrays share one Obj RefId counter; type names are written once as TN.
import { createRandom, type Random } from './prng.js';
import { clixmlText, CRLF, indent, PS_CUSTOM_OBJECT, ROOT_CLOSE, ROOT_OPEN } from './clixml-text.js';
import { CREDENTIAL_TYPES, TARGET_APPLICATION_TYPES, type TargetApplicationType } from '../src/model.js';

export type AppTypeCounts = Record<TargetApplicationType, number>;

const ENUM_TAIL = ['System.Enum', 'System.ValueType', 'System.Object'];
const APP_TYPE_TN = ['Microsoft.BusinessData.Infrastructure.SecureStore.TargetApplicationType', ...ENUM_TAIL];
const CREDENTIAL_TYPE_TN = ['Microsoft.BusinessData.Infrastructure.SecureStore.SecureStoreCredentialType', ...ENUM_TAIL];
const ARRAY_TN = ['System.Object[]', 'System.Array', 'System.Object'];

const SYSTEMS = ['SAP', 'Payroll', 'CRM', 'Dynamics', 'Oracle', 'Navision', 'Reporting', 'Salesforce'];
// Hostile but valid display names: an entity, a CR LF, an astral character, a literal `_x0020_`.
const ODD_NAMES = ['Finance & HR <EMEA>', 'Line one\r\nline two', 'Zürich Lohnbuchhaltung 📊', 'Order_x0020_Sync'];

interface Claim {
  claimType: string;
  claimIssuer: string;
  claimValue: string;
  encodedClaim: string;
}

/** One serialized object graph: RefIds count up, a type list is TN the first time, TNRef after. */
interface Writer {
  text: string;
  nextRefId: number;
  typeRefIds: Map<string, number>;
}

function line(w: Writer, depth: number, xml: string): void {
  w.text += indent(depth) + xml + CRLF;
}

function typeNames(w: Writer, depth: number, names: readonly string[]): void {
  const key = names.join('\n');
  const known = w.typeRefIds.get(key);
  if (known !== undefined) return line(w, depth, `<TNRef RefId="${known}" />`);
  const id = w.typeRefIds.size;
  w.typeRefIds.set(key, id);
  line(w, depth, `<TN RefId="${id}">`);
  for (const name of names) line(w, depth + 1, `<T>${name}</T>`);
  line(w, depth, '</TN>');
}

function obj(w: Writer, depth: number, name: string | null, names: readonly string[], body: (depth: number) => void): void {
  const n = name === null ? '' : `N="${name}" `;
  line(w, depth, `<Obj ${n}RefId="${w.nextRefId++}">`);
  typeNames(w, depth + 1, names);
  body(depth + 1);
  line(w, depth, '</Obj>');
}

function str(w: Writer, depth: number, name: string, value: string | null): void {
  line(w, depth, value === null ? `<Nil N="${name}" />` : `<S N="${name}">${clixmlText(value)}</S>`);
}

function enumObj(w: Writer, depth: number, name: string, names: readonly string[], value: string, number: number): void {
  obj(w, depth, name, names, (d) => {
    line(w, d, `<ToString>${value}</ToString>`);
    line(w, d, `<I32>${number}</I32>`);
  });
}

function list<T>(w: Writer, depth: number, name: string, items: readonly T[], item: (depth: number, value: T) => void): void {
  obj(w, depth, name, ARRAY_TN, (d) => {
    if (items.length === 0) return line(w, d, '<LST />');
    line(w, d, '<LST>');
    for (const value of items) item(d + 1, value);
    line(w, d, '</LST>');
  });
}

function userClaim(account: string): Claim {
  return {
    claimType: 'http://schemas.microsoft.com/sharepoint/2009/08/claims/userlogonname',
    claimIssuer: 'Windows',
    claimValue: `CONTOSO\\${account}`,
    encodedClaim: `i:0#.w|contoso\\${account}`,
  };
}

function groupClaim(random: Random): Claim {
  const sid = `S-1-5-21-${1000000000 + random.int(1e9)}-${1000000000 + random.int(1e9)}-${1000 + random.int(9000)}`;
  return {
    claimType: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groupsid',
    claimIssuer: 'Windows',
    claimValue: sid,
    encodedClaim: `c:0+.w|${sid.toLowerCase()}`,
  };
}

function claims(random: Random, count: number, make: (random: Random) => Claim): Claim[] {
  return Array.from({ length: count }, () => make(random));
}

function fieldsFor(random: Random): { name: string; masked: boolean; type: string }[] {
  const r = random.next();
  if (r < 0.7) return [
    { name: 'Windows User Name', masked: false, type: 'WindowsUserName' },
    { name: 'Windows Password', masked: true, type: 'WindowsPassword' },
  ];
  if (r < 0.9) return [
    { name: 'User Name', masked: false, type: 'UserName' },
    { name: 'Password', masked: true, type: 'Password' },
    { name: 'PIN', masked: true, type: 'Pin' },
  ];
  return [
    { name: 'Client Certificate', masked: false, type: 'Certificate' },
    { name: 'Certificate Password', masked: true, type: 'CertificatePassword' },
  ];
}

function appXml(w: Writer, index: number, type: TargetApplicationType, random: Random): void {
  const typeNumber = TARGET_APPLICATION_TYPES.indexOf(type);
  const id = `SSA-${String(index).padStart(6, '0')}-${random.pick(SYSTEMS)}`;
  const odd = (index % 997) - 3; // apps 3-6, 1000-1003, …: every hostile name even in small exports
  const friendly = odd >= 0 && odd < ODD_NAMES.length ? ODD_NAMES[odd] : `${id.slice(11)} connector ${index}`;
  const individual = type.includes('Individual');
  const ticketing = type.endsWith('WithTicketing');
  const url = individual && random.next() < 0.5
    ? `https://intranet.contoso.com/_layouts/15/SecureStoreSetCredentials.aspx?TargetAppId=${id}&Source=%2Fsites%2Fhr`
    : null;
  const claim = (r: Random) => (r.next() < 0.5 ? userClaim(`svc-${r.int(500)}`) : groupClaim(r));

  obj(w, 1, null, PS_CUSTOM_OBJECT, (d) => {
    line(w, d, '<MS>');
    obj(w, d + 1, 'TargetApplication', PS_CUSTOM_OBJECT, (e) => {
      line(w, e, '<MS>');
      str(w, e + 1, 'ApplicationId', id);
      str(w, e + 1, 'Name', id);
      str(w, e + 1, 'FriendlyName', friendly);
      str(w, e + 1, 'ContactEmail', random.next() < 0.1 ? null : `owner${random.int(1000)}@contoso.com`);
      enumObj(w, e + 1, 'Type', APP_TYPE_TN, type, typeNumber);
      line(w, e + 1, `<I32 N="TicketTimeout">${ticketing ? 5 + random.int(56) : 2}</I32>`);
      line(w, e + 1, url === null ? '<Nil N="CredentialManagementUrl" />' : `<URI N="CredentialManagementUrl">${clixmlText(url)}</URI>`);
      line(w, e, '</MS>');
    });
    list(w, d + 1, 'TargetApplicationFields', fieldsFor(random), (e, field) =>
      obj(w, e, null, PS_CUSTOM_OBJECT, (f) => {
        line(w, f, '<MS>');
        str(w, f + 1, 'Name', field.name);
        line(w, f + 1, `<B N="IsMasked">${field.masked}</B>`);
        enumObj(w, f + 1, 'CredentialType', CREDENTIAL_TYPE_TN, field.type, CREDENTIAL_TYPES.indexOf(field.type as never));
        line(w, f, '</MS>');
      }),
    );
    obj(w, d + 1, 'TargetApplicationClaims', PS_CUSTOM_OBJECT, (e) => {
      line(w, e, '<MS>');
      const claimList = (name: string, items: Claim[]) =>
        list(w, e + 1, name, items, (f, c) =>
          obj(w, f, null, PS_CUSTOM_OBJECT, (g) => {
            line(w, g, '<MS>');
            str(w, g + 1, 'ClaimType', c.claimType);
            str(w, g + 1, 'ClaimIssuer', c.claimIssuer);
            str(w, g + 1, 'ClaimValue', c.claimValue);
            str(w, g + 1, 'EncodedClaim', c.encodedClaim);
            line(w, g, '</MS>');
          }),
        );
      claimList('AdministratorClaims', [userClaim('sp-admin'), ...claims(random, random.int(2), claim)]);
      claimList('GroupClaims', claims(random, 1 + random.int(3), claim));
      claimList('TicketRedeemerClaims', ticketing ? [userClaim('svc-bcs')] : []);
      line(w, e, '</MS>');
    });
    line(w, d, '</MS>');
  });
}

export function emptyAppTypeCounts(): AppTypeCounts {
  return Object.fromEntries(TARGET_APPLICATION_TYPES.map((t) => [t, 0])) as AppTypeCounts;
}

/** The document text in batches; the first six apps are one of each type, the rest drawn at random. */
export function* secureStoreApplicationsXml(count: number, seed: number, counts: AppTypeCounts, batchSize = 200): Generator<string> {
  // A different stream from the sites', so changing the site count does not change the apps.
  const random = createRandom(seed ^ 0x5eed5eed);
  if (count === 0) {
    yield ROOT_OPEN.replace('>', ' />');
    return;
  }
  const w: Writer = { text: ROOT_OPEN + CRLF, nextRefId: 0, typeRefIds: new Map() };
  for (let i = 0; i < count; i++) {
    const type = i < TARGET_APPLICATION_TYPES.length ? TARGET_APPLICATION_TYPES[i] : random.pick(TARGET_APPLICATION_TYPES);
    counts[type]++;
    appXml(w, i, type, random);
    if ((i + 1) % batchSize === 0) {
      yield w.text;
      w.text = '';
    }
  }
  yield w.text + ROOT_CLOSE;
}
