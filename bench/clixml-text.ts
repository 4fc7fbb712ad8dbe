// How Export-Clixml writes a string value: characters XML cannot carry (controls, lone surrogate
// halves — the serializer encodes every surrogate) become `_xHHHH_`, a literal `_` that would read as
// such an escape becomes `_x005F_`, then the usual XML entities (REFERENCE.md §5).

const NEEDS_CLIXML_ESCAPE = /[\u0000-\u001f\ud800-\udfff]|_(?=x[0-9A-Fa-f]{4}_)/g;
const NEEDS_XML_ESCAPE = /[&<>"]/g;
const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

export function clixmlEscape(value: string): string {
  return value.replace(NEEDS_CLIXML_ESCAPE, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

/** XML-escapes text or an attribute value (XmlWriter escapes `>` in text too). */
export function xmlEscape(value: string): string {
  return value.replace(NEEDS_XML_ESCAPE, (c) => XML_ENTITIES[c]);
}

/** A string value as it appears between `<S>` tags. */
export function clixmlText(value: string): string {
  return xmlEscape(clixmlEscape(value));
}

export const CRLF = '\r\n';
export const ROOT_OPEN = '<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">';
export const ROOT_CLOSE = '</Objs>';
export const PS_CUSTOM_OBJECT = ['System.Management.Automation.PSCustomObject', 'System.Object'];

const INDENTS = Array.from({ length: 16 }, (_, depth) => '  '.repeat(depth));
/** Export-Clixml indents two spaces per level. */
export function indent(depth: number): string {
  return INDENTS[depth] ?? '  '.repeat(depth);
}
