// Test helper: reads a generated export back with bare saxes, independently of the generator's code,
// into plain objects (one per top-level Obj: its note properties by name, nested ones flattened).
import { readFile } from 'node:fs/promises';
import { SaxesParser } from 'saxes';

export type Props = Map<string, string | null>;

/** Top-level objects of a CLIXML file; each maps `N` names (any depth) to the last value seen. */
export async function readObjects(file: string): Promise<Props[]> {
  const bytes = await readFile(file);
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
  const text = new TextDecoder(utf16 ? 'utf-16le' : 'utf-8', { fatal: true }).decode(bytes);
  const objects: Props[] = [];
  const open: { name: string; n: string | undefined }[] = [];
  let text_ = '';
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    if (open.length === 1 && tag.name === 'Obj') objects.push(new Map());
    open.push({ name: tag.name, n: tag.attributes.N as string | undefined });
    text_ = '';
  });
  parser.on('text', (t) => (text_ += t));
  parser.on('closetag', (tag) => {
    const top = open.pop()!;
    const current = objects[objects.length - 1];
    if (tag.name === 'Nil' && top.n) current.set(top.n, null);
    else if (top.n && tag.name !== 'Obj') current.set(top.n, text_);
    // An enum Obj: its ToString is the value of the Obj's own N.
    if (tag.name === 'ToString' && open[open.length - 1]?.n) current.set(open[open.length - 1].n!, text_);
    text_ = '';
  });
  parser.write(text).close();
  return objects;
}

/** The lock state rules of REFERENCE.md §4, with a missing ReadLocked as Unknown. */
export function lockStateOf(site: Props): string {
  const readLocked = site.get('ReadLocked');
  if (readLocked === null || readLocked === undefined) return 'Unknown';
  if (readLocked === 'true') return 'NoAccess';
  if (site.get('ReadOnly') === 'true') return 'ReadOnly';
  if (site.get('WriteLocked') === 'true') return 'NoAdditions';
  return 'Unlock';
}
