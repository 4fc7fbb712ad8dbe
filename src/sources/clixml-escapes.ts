// CLIXML escapes characters XML cannot carry as `_xHHHH_` (one UTF-16 unit each); a literal `_x…`
// sequence is itself written `_x005F_x…`. No XML parser knows this: MS-PSRP 2.2.5.3.2.
const ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

export function decodeClixmlEscapes(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
