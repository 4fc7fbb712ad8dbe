// Streams one Export-Clixml file and hands each top-level object to a callback as soon as it closes, so
// memory holds one object at a time whatever the file's size. Element names: MS-PSRP 2.2.5 / REFERENCE.md §5.
import { TextDecoder } from 'node:util';
import { InputError } from '../errors.js';
import { fileBlocks } from '../io/file-blocks.js';
import { decodeClixmlEscapes } from './clixml-escapes.js';
import { attributeOf, createClixmlTokenizer, type Attributes } from './clixml-tokenizer.js';
import { createMarkupCutter, type MarkupCutter } from './cut-before-markup.js';
import { createDecoder, sniffEncoding, UnsupportedEncodingError, type TextEncodingName } from './encoding.js';
import { newObject, REDACTED, type PSObject, type PSPrimitive, type PSValue } from './ps-value.js';

export interface ReaderLimits {
  /** Deeper nesting is refused: recursive consumers would overflow the stack. */
  maxDepth: number;
  /** Longest text of one value, in UTF-16 units. */
  maxValueLength: number;
  /**
   * How far back a `<Ref>` reaches: the last this many objects that carry a RefId; older ones are forgotten
   * so memory stays flat. Kept small on purpose: an object held across two young-generation GCs is
   * promoted, and promoting every site object made the heap grow to 400+ MB on a million sites.
   */
  maxRefObjects: number;
}

export const DEFAULT_LIMITS: ReaderLimits = { maxDepth: 256, maxValueLength: 4 * 1024 * 1024, maxRefObjects: 1_000 };

export interface TopLevelValue {
  value: PSValue;
  line: number;
  column: number;
}

export interface ReadStats {
  encoding: TextEncodingName;
  objects: number;
}

/**
 * Reading one part of a file split at top-level objects (split-points.ts), each part on a thread of its own
 * (part-chain.ts decides which parts' readings stand).
 */
export interface FilePart {
  /** The byte offset to start at: 0, or a split point. */
  start: number;
  /** Where a part after the first starts: its encoding and what the bytes before it hold (prefix-facts.ts). */
  resume?: { encoding: TextEncodingName; facts: PrefixFacts };
  /** The split points after `start`, in order: at each, `onStop` says whether to read on. */
  stops: readonly number[];
  onStop(state: StopState): Promise<boolean>;
}

/** What the bytes before a split point hold: the next part's reader starts from it. */
export interface PrefixFacts {
  /** The line the split point is on. */
  line: number;
  /** Type names of every `<TN>` before it, by RefId, in the order met. */
  typeNames: Array<[string, string[]]>;
}

export interface StopState extends PrefixFacts {
  /** Byte offset of the split point. */
  at: number;
  /** Only the root element is open and nothing is half read: a part can start here. */
  clean: boolean;
  /**
   * This reading can go on past here exactly as a reading from the file's start would: a part after the
   * first has read at least maxRefObjects objects with a RefId, so none of its `<Ref>`s can reach before it.
   */
  trusted: boolean;
}

type Converter = (text: string) => PSPrimitive;


// The tokenizer hands out slices of the decoded chunk; a slice kept in a finding would keep the whole
// chunk alive, and a million-site scan would end up holding the file. Copy what we keep.
const detach = (text: string): string => (text.length < 13 ? text : (' ' + text).slice(1));

const toNumber: Converter = (text) => {
  const n = Number(text);
  return Number.isNaN(n) ? detach(text) : n;
};
const toBigNumber: Converter = (text) => {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : detach(text); // keep 64-bit values exact as text
};
const toText: Converter = (text) => detach(text);

const PRIMITIVES: ReadonlyMap<string, Converter> = new Map<string, Converter>([
  ['S', (text) => detach(decodeClixmlEscapes(text))],
  ['C', (text) => String.fromCharCode(Number(text))],
  ['B', (text) => text.trim() === 'true'],
  ['DT', toText],
  ['TS', toText],
  ['By', toNumber],
  ['SB', toNumber],
  ['U16', toNumber],
  ['I16', toNumber],
  ['U32', toNumber],
  ['I32', toNumber],
  ['U64', toBigNumber],
  ['I64', toBigNumber],
  ['Sg', toNumber],
  ['Db', toNumber],
  ['D', toText],
  ['BA', toText],
  ['G', toText],
  ['URI', (text) => detach(decodeClixmlEscapes(text))],
  ['Version', toText],
  ['XD', (text) => detach(decodeClixmlEscapes(text))],
  ['SBK', (text) => detach(decodeClixmlEscapes(text))],
  ['SemanticVersion', toText],
]);

const enum Kind {
  Root,
  Obj,
  TN,
  T,
  TNRef,
  ToString,
  Primitive, // S, I32, B, …: collect text, convert on close
  Members, // Props, MS
  List,
  Dict,
  Entry,
  Secure,
  Nil,
  Ref,
  Ignored, // unknown elements: contribute nothing
}

// One look-up per element: its kind and, for a primitive, how its text becomes a value.
const TAGS = new Map<string, { kind: Kind; convert: Converter | null }>([
  ...[...PRIMITIVES].map(([tag, convert]) => [tag, { kind: Kind.Primitive, convert }] as const),
  ...(
    [
      ['Obj', Kind.Obj],
      ['TN', Kind.TN],
      ['T', Kind.T],
      ['TNRef', Kind.TNRef],
      ['ToString', Kind.ToString],
      ['Props', Kind.Members],
      ['MS', Kind.Members],
      ['LST', Kind.List],
      ['IE', Kind.List],
      ['STK', Kind.List],
      ['QUE', Kind.List],
      ['DCT', Kind.Dict],
      ['En', Kind.Entry],
      ['SS', Kind.Secure],
      ['Nil', Kind.Nil],
      ['Ref', Kind.Ref],
    ] as const
  ).map(([tag, kind]) => [tag, { kind, convert: null }] as const),
]);
const UNKNOWN_TAG = { kind: Kind.Ignored, convert: null };

interface Frame {
  kind: Kind;
  convert: Converter | null;
  tag: string;
  /** Decoded `N` attribute: the property or key name. */
  name: string | null;
  /** `name` lower-cased: the key in the property map. */
  key: string | null;
  text: string;
  obj: PSObject | null;
  value: PSValue | undefined;
  typeNames: string[] | null;
  refId: string | null;
  entryKey: PSValue | undefined;
  line: number;
  column: number;
}

interface Remembered {
  obj: PSObject;
  /** Objects with a RefId read before this one. */
  n: number;
}

interface PropertyName {
  name: string;
  key: string;
}

class StopParsing extends Error {}

/**
 * Reads `file` and calls `onValue` for each top-level value, in file order. Rejects a DOCTYPE, nesting
 * deeper than the limit, over-long values, invalid encodings and anything not CLIXML with an InputError
 * naming the file, line and column. Values are fully built before `onValue` sees them.
 */
export async function readClixmlFile(
  file: string,
  displayName: string,
  onValue: (value: TopLevelValue) => void,
  limits: ReaderLimits = DEFAULT_LIMITS,
  /** Told the size of each block of the file as it is read: the progress bar's measure. */
  onBytes?: (bytes: number) => void,
  /** Read only this part of the file (split-points.ts); without it, all of it. */
  part?: FilePart,
): Promise<ReadStats> {
  let position = () => ({ line: 0, column: 0 });
  // Frames are reused by depth: one allocation per element was a large share of the scan's GC time.
  const stack: Frame[] = [];
  let depth = 0;
  const typeNameTable = new Map<string, string[]>(part?.resume?.facts.typeNames);
  let refTable = new Map<string, Remembered>();
  let failure: InputError | null = null;
  let sawRoot = false;
  let objects = 0;

  const fail = (message: string, line = position().line, column = position().column): never => {
    failure ??= new InputError(message, { file: displayName, line, column });
    throw new StopParsing();
  };

  // Two generations of RefIds, which hold at least the last maxRefObjects objects; forgetting is dropping a
  // whole Map (cheaper than evicting one entry at a time). Each entry has its object's number, so the reach
  // is exactly maxRefObjects wherever the reading started (a part of a split file reaches as far as a whole read).
  let refOld = new Map<string, Remembered>();
  let refObjects = 0;
  const remember = (refId: string | null, obj: PSObject) => {
    if (refId === null) return;
    if (refTable.size >= limits.maxRefObjects) {
      refOld = refTable;
      refTable = new Map();
    }
    refTable.set(refId, { obj, n: refObjects++ });
  };
  const recall = (refId: string): PSObject | undefined => {
    const hit = refTable.get(refId) ?? refOld.get(refId);
    return hit !== undefined && refObjects - hit.n <= limits.maxRefObjects ? hit.obj : undefined;
  };

  const attach = (value: PSValue, frame: Frame) => {
    const parent = stack[depth - 1];
    switch (parent.kind) {
      case Kind.Root:
        objects++;
        onValue({ value, line: frame.line, column: frame.column });
        return;
      case Kind.Members:
        if (frame.key !== null) parent.obj!.props.set(frame.key, value);
        else if (frame.obj !== null && frame.tag === 'MS') {
          // An unnamed nested member set: its members belong to the enclosing object.
          for (const [k, v] of frame.obj.props) parent.obj!.props.set(k, v);
        }
        return;
      case Kind.List:
        parent.obj!.items!.push(value);
        return;
      case Kind.Entry:
        if (frame.name === 'Key') parent.entryKey = value;
        else if (frame.name === 'Value') parent.value = value;
        return;
      case Kind.Obj:
        // A primitive inside an Obj is its wrapped value (an enum's number, a boxed string).
        if (frame.name === null && typeof value !== 'object') parent.obj!.value = value;
        else if (frame.key !== null) parent.obj!.props.set(frame.key, value);
        return;
      default:
        return;
    }
  };

  // Property names repeat on every object: decode and lower-case each once.
  const names = new Map<string, PropertyName>();
  const propertyName = (raw: string): PropertyName => {
    let known = names.get(raw);
    if (known === undefined) {
      const name = detach(decodeClixmlEscapes(raw));
      known = { name, key: name.toLowerCase() };
      if (names.size >= 4096) names.clear();
      names.set(detach(raw), known); // a slice as the key would pin the whole chunk
    }
    return known;
  };

  const onOpen = (name: string, attributes: Attributes) => {
    if (depth >= limits.maxDepth) fail(`nesting deeper than ${limits.maxDepth} levels`);
    const n = attributeOf(attributes, 'N');
    const rawRefId = attributeOf(attributes, 'RefId');
    const refId = rawRefId === undefined ? undefined : detach(rawRefId); // kept in the Ref and TN tables
    let frame = stack[depth];
    if (frame === undefined) {
      frame = { kind: Kind.Ignored, convert: null, tag: '', name: null, key: null, text: '', obj: null, value: undefined, typeNames: null, refId: null, entryKey: undefined, line: 0, column: 0 };
      stack[depth] = frame;
    }
    frame.kind = Kind.Ignored;
    frame.convert = null;
    frame.tag = name;
    if (n === undefined) {
      frame.name = null;
      frame.key = null;
    } else {
      const property = propertyName(n);
      frame.name = property.name;
      frame.key = property.key;
    }
    frame.text = '';
    frame.obj = null;
    frame.value = undefined;
    frame.typeNames = null;
    frame.refId = null;
    frame.entryKey = undefined;
    // Positions are only reported for records (top-level objects) and broken references.
    if (depth === 1 || name === 'Ref') {
      const where = position();
      frame.line = where.line;
      frame.column = where.column;
    }
    if (depth === 0) {
      if (name !== 'Objs') fail(`not a CLIXML export: the root element is <${name}>, expected <Objs> (written by Export-Clixml)`);
      sawRoot = true;
      frame.kind = Kind.Root;
    } else {
      const parent = stack[depth - 1];
      const tag = TAGS.get(name) ?? UNKNOWN_TAG;
      frame.kind = tag.kind;
      frame.convert = tag.convert;
      switch (tag.kind) {
        case Kind.Obj:
          frame.obj = newObject();
          frame.refId = refId ?? null;
          break;
        case Kind.TN:
          frame.typeNames = [];
          frame.refId = refId ?? null;
          break;
        case Kind.TNRef: {
          const typeNames = typeNameTable.get(refId ?? '');
          if (typeNames === undefined) fail(`<TNRef RefId="${refId ?? ''}"> refers to no earlier <TN>`);
          if (parent.obj !== null) (parent.obj as { typeNames: readonly string[] }).typeNames = typeNames!;
          break;
        }
        case Kind.Members:
          // A member set inside a member set is a named property set: build it as its own object.
          frame.obj = parent.kind === Kind.Members ? newObject() : parent.obj;
          if (frame.obj === null) fail(`<${name}> outside an <Obj>`);
          break;
        case Kind.List:
          frame.obj = parent.obj;
          if (frame.obj === null) fail(`<${name}> outside an <Obj>`);
          frame.obj!.items ??= [];
          break;
        case Kind.Dict:
          frame.obj = parent.obj;
          if (frame.obj === null) fail('<DCT> outside an <Obj>');
          frame.obj!.entries ??= [];
          break;
        case Kind.Entry:
          if (parent.kind !== Kind.Dict) fail('<En> outside a <DCT>');
          frame.obj = parent.obj;
          break;
        case Kind.Ref:
          frame.refId = refId ?? '';
          break;
        default:
          break;
      }
    }
    depth++;
  };

  const onText = (text: string) => {
    const top = stack[depth - 1];
    if (top === undefined || (top.kind !== Kind.Primitive && top.kind !== Kind.T && top.kind !== Kind.ToString)) return; // whitespace between elements, SS content
    top.text += text;
    if (top.text.length > limits.maxValueLength) fail(`a <${top.tag}> value is longer than ${limits.maxValueLength} characters`);
  };

  const onClose = () => {
    const frame = stack[--depth];
    const parent = stack[depth - 1];
    switch (frame.kind) {
      case Kind.T:
        parent.typeNames?.push(detach(decodeClixmlEscapes(frame.text)));
        return;
      case Kind.ToString:
        if (parent.obj !== null) parent.obj.toString = detach(decodeClixmlEscapes(frame.text));
        return;
      case Kind.Primitive:
        attach(frame.convert!(frame.text), frame);
        return;
      case Kind.Obj:
        remember(frame.refId, frame.obj!);
        attach(frame.obj!, frame);
        return;
      case Kind.TN:
        if (frame.refId !== null) typeNameTable.set(frame.refId, frame.typeNames!);
        if (parent.obj !== null) (parent.obj as { typeNames: readonly string[] }).typeNames = frame.typeNames!;
        return;
      case Kind.Members:
        if (frame.obj !== parent.obj) attach(frame.obj!, frame); // a nested, named property set
        return;
      case Kind.Entry:
        frame.obj!.entries!.push([frame.entryKey ?? null, frame.value ?? null]);
        return;
      case Kind.Secure:
        attach(REDACTED, frame);
        return;
      case Kind.Nil:
        attach(null, frame);
        return;
      case Kind.Ref: {
        const target = recall(frame.refId!);
        // A part that starts mid-file does not know the objects before it.
        if (target === undefined && part?.resume !== undefined && refObjects < limits.maxRefObjects) fail(`<Ref RefId="${frame.refId}"> may refer to an object before this part of the file`, frame.line, frame.column);
        if (target === undefined) fail(`<Ref RefId="${frame.refId}"> refers to no object in reach (unknown, or more than ${limits.maxRefObjects} objects back)`, frame.line, frame.column);
        attach(target!, frame);
        return;
      }
      default:
        return;
    }
  };

  const resume = part?.resume;
  const parser = createClixmlTokenizer(
    { open: onOpen, text: onText, close: onClose },
    {
      fileName: displayName,
      start: resume === undefined ? undefined : { line: resume.facts.line, open: ['Objs'] },
      // Checked as the text comes, so a value that does not end cannot fill memory. Raw text ten times the
      // limit is taken as over it: only references padded with zeros could decode it to less.
      maxPendingText: limits.maxValueLength * 10,
      onLongText: () => fail(`a <${stack[depth - 1]?.tag ?? 'Objs'}> value is longer than ${limits.maxValueLength} characters`),
    },
  );
  position = () => parser.position();
  if (resume !== undefined) {
    // A part after the first starts inside the root element, as a whole read would be at that point.
    onOpen('Objs', { count: 0, names: [], values: [] });
    sawRoot = true;
  }

  let encoding: TextEncodingName = resume?.encoding ?? 'utf-8';
  try {
    let decoder: TextDecoder | null = resume === undefined ? null : createDecoder(encoding);
    let cutter: MarkupCutter | null = resume === undefined ? null : createMarkupCutter(encoding, part!.start);
    let sawText = resume !== undefined;
    let first = resume === undefined; // the file's first bytes: a BOM there is not text
    const write = (bytes: Buffer | undefined, last = false) => {
      let text: string;
      try {
        text = decoder!.decode(bytes, { stream: !last });
      } catch {
        // Where the bad bytes are, found exactly, whatever the reading's pieces: the text before them is
        // read first, so the error and the records before it do not depend on how the file was cut.
        const good = validText(bytes ?? Buffer.alloc(0), encoding, first);
        if (!sawText) sawText = checkStart(good, fail);
        parser.write(good);
        const at = parser.end();
        return fail(`invalid ${encoding.toUpperCase()} byte sequence here (re-export with -Encoding UTF8 or -Encoding Unicode)`, at.line, at.column);
      }
      first = false;
      if (!sawText) sawText = checkStart(text, fail);
      parser.write(text);
    };
    const stops = part?.stops ?? [];
    for (let from = part?.start ?? 0, next = 0; ; next++) {
      const to = next < stops.length ? stops[next] : undefined;
      // Read 512 KiB at a time (64 KiB reads left the CPU idle 8% of a scan; 1 MiB cost 15 MB of RSS), decode
      // 64 KiB at a time: a larger piece decodes into a string V8 puts in large-object space, which only a full GC frees.
      for await (const block of fileBlocks(file, from, to, 512 * 1024)) {
        onBytes?.(block.length);
        for (let at = 0; at < block.length; at += 64 * 1024) {
          const chunk = block.subarray(at, at + 64 * 1024);
          if (decoder === null || cutter === null) {
            encoding = sniffEncoding(chunk).encoding;
            decoder = createDecoder(encoding);
            cutter = createMarkupCutter(encoding);
          }
          write(cutter.piece(chunk));
        }
      }
      if (to === undefined) break;
      // A split point: it follows a line end, so the decoder holds nothing back.
      if (cutter !== null) write(cutter.rest());
      const state = parser.state();
      const facts = { line: state.line, typeNames: [...typeNameTable] };
      const trusted = resume === undefined || refObjects >= limits.maxRefObjects;
      if (!(await part!.onStop({ ...facts, at: to, clean: state.clean && state.depth === 1, trusted }))) return { encoding, objects };
      from = to;
    }
    if (decoder === null || cutter === null) return fail('the file is empty', 1, 0);
    write(cutter.rest());
    write(undefined, true);
    parser.close();
    if (!sawRoot) fail('not a CLIXML export: no root element');
  } catch (error) {
    if (error instanceof StopParsing && failure !== null) throw failure;
    if (error instanceof UnsupportedEncodingError) throw new InputError(error.message, { file: displayName, line: 1, column: 0 });
    if (isFsError(error)) throw new InputError(`cannot read the file: ${error.code}`, { file: displayName });
    throw error;
  }
  return { encoding, objects };
}

/** Fails early, at line 1, on a file that is plainly not XML (a CSV, a log); true once text was seen. */
function checkStart(text: string, fail: (message: string, line?: number, column?: number) => never): boolean {
  const trimmed = text.trimStart();
  if (trimmed === '') return false;
  if (trimmed[0] !== '<') fail(`not an XML file: it starts with ${JSON.stringify(trimmed.slice(0, 20))} (expected an Export-Clixml file)`, 1, 1);
  return true;
}

/**
 * The characters of `bytes` before its first bad byte sequence. A piece of the reading holds whole characters
 * (cut-before-markup.ts), so a decoder of its own finds them; `first`: the file's first piece, where a BOM is skipped.
 */
function validText(bytes: Buffer, encoding: TextEncodingName, first: boolean): string {
  const decode = (length: number) => new TextDecoder(encoding, { fatal: true, ignoreBOM: !first }).decode(bytes.subarray(0, length), { stream: true });
  const valid = (length: number) => {
    try {
      decode(length);
      return true;
    } catch {
      return false;
    }
  };
  let [good, bad] = [0, bytes.length + 1];
  while (bad - good > 1) {
    const mid = (good + bad) >> 1;
    if (valid(mid)) good = mid;
    else bad = mid;
  }
  return decode(good); // a character begun but not finished is held back, not returned
}

function isFsError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && (error as NodeJS.ErrnoException).syscall !== undefined;
}
