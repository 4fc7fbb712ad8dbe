// A CLIXML grammar (fast-check): documents shaped as Export-Clixml writes them, with the property names the
// record shapes look for, values with entities, character references and _xHHHH_ escapes, nested objects,
// lists, dictionaries, <TN>/<TNRef> and <Ref>s. The seeds the mutations start from besides the real files.
import fc from 'fast-check';

const NS = 'http://schemas.microsoft.com/powershell/2004/04';
const NAMES = [
  'Url', 'ReadLocked', 'WriteLocked', 'ReadOnly', 'LockIssue', 'Id', 'ApplicationId', 'Name', 'FriendlyName', 'Type', 'ApplicationType',
  'TargetApplication', 'TargetApplicationFields', 'TargetApplicationClaims', 'AdministratorClaims', 'GroupClaims', 'ClaimValue',
  'ClaimType', 'IsMasked', 'CredentialType', 'SsoApplicationId', 'LobSystem', 'ConnectionName', 'PropertyName', 'PropertyLength',
  'TicketTimeout', 'ContactEmail', 'Key', 'Value', 'x', 'Lock_x0020_Issue',
];
const TYPE_NAMES = ['Microsoft.SharePoint.SPSite', 'System.Management.Automation.PSCustomObject', 'Microsoft.Office.SecureStoreService.Server.TargetApplication', 'System.Object[]', 'System.Enum', 'System.Object'];

const textPiece = fc.oneof(
  fc.constantFrom('https://intranet.contoso.com/sites/a', 'Group', 'true', 'false', '3', 'HR', 'c:0+.w|s-1-5-21-1', 'i:0#.w|contoso\\admin', ' ', ''),
  fc.constantFrom('&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&#65;', '&#x1F600;', '&#10;', '&#13;', '_x000D__x000A_', '_x005F_', '_xD83D__xDE00_', '\u00e9', '\ud83d\ude00', '\r\n', '<!-- c -->'),
  fc.string({ maxLength: 8 }).map((s) => s.replace(/[<&]/g, '')),
);
const text = fc.array(textPiece, { maxLength: 4 }).map((parts) => parts.join(''));
const nameAttr = fc.option(fc.constantFrom(...NAMES), { nil: undefined }).map((n) => (n === undefined ? '' : ` N="${n}"`));

const primitive = fc
  .tuple(fc.constantFrom('S', 'B', 'I32', 'I64', 'U64', 'Db', 'D', 'DT', 'TS', 'G', 'URI', 'Version', 'BA', 'SS', 'C', 'By', 'XD', 'SBK'), nameAttr, text)
  .map(([tag, n, value]) => (value === '' && tag !== 'S' ? `<${tag}${n} />` : `<${tag}${n}>${value}</${tag}>`));
const nil = nameAttr.map((n) => `<Nil${n} />`);
const ref = fc.tuple(nameAttr, fc.nat(12)).map(([n, id]) => `<Ref${n} RefId="${id}" />`);

const { element } = fc.letrec<{ element: string; object: string }>((tie) => ({
  element: fc.oneof({ depthSize: 'small', withCrossShrink: true }, primitive, nil, ref, tie('object')),
  object: fc
    .tuple(
      nameAttr,
      fc.nat(12),
      fc.option(fc.oneof(fc.array(fc.constantFrom(...TYPE_NAMES), { minLength: 1, maxLength: 3 }).map((ts) => ts), fc.nat(12)), { nil: undefined }),
      fc.option(text, { nil: undefined }),
      fc.constantFrom('MS', 'Props', 'LST', 'IE', 'STK', 'QUE', 'DCT'),
      fc.array(tie('element'), { maxLength: 5 }),
    )
    .map(([n, refId, tn, toString, container, children]) => {
      const types = tn === undefined ? '' : typeof tn === 'number' ? `<TNRef RefId="${tn}" />` : `<TN RefId="${refId}">${tn.map((t) => `<T>${t}</T>`).join('')}</TN>`;
      const body = container === 'DCT' ? children.map((c) => `<En>${c}</En>`).join('') : children.join('');
      const shown = toString === undefined ? '' : `<ToString>${toString}</ToString>`;
      return `<Obj${n} RefId="${refId}">${types}${shown}<${container}>${body}</${container}></Obj>`;
    }),
}));

/** A whole document: the root and its top-level values, each on a line of its own as Export-Clixml writes them. */
export const clixmlDocument = fc
  .tuple(fc.boolean(), fc.array(element, { maxLength: 6 }), fc.constantFrom('\r\n', '\n'))
  .map(([declaration, values, eol]) => {
    const head = declaration ? `<?xml version="1.0" encoding="utf-8"?>${eol}` : '';
    return `${head}<Objs Version="1.1.0.1" xmlns="${NS}">${values.map((v) => `${eol}  ${v}`).join('')}${eol}</Objs>`;
  });

/** `count` documents of the grammar, the same for the same seed. */
export function grammarSeeds(seed: number, count: number): Buffer[] {
  return fc.sample(clixmlDocument, { seed, numRuns: count }).map((text) => Buffer.from(text, 'utf8'));
}
