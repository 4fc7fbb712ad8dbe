// Streams one Export-Clixml file: its pieces (file-pieces.ts) are checked for bad bytes and tokenized
// (clixml-tokenizer.ts), and each top-level object (clixml-objects.ts) is handed to a callback as soon as it
// closes, so memory holds one object at a time whatever the file's size.
import { transcode } from 'node:buffer';
import { InputError } from '../errors.js';
import { createObjectBuilder, DEFAULT_LIMITS, type ObjectBuilder, type ReaderLimits, type TopLevelValue } from './clixml-objects.js';
import { createClixmlTokenizer, type Tokenizer } from './clixml-tokenizer.js';
import { UnsupportedEncodingError, type TextEncodingName } from './encoding.js';
import { openPieces, type FilePieces } from './file-pieces.js';
import { unitText, type UnitText } from './text-units.js';

export { DEFAULT_LIMITS, type ReaderLimits, type TopLevelValue } from './clixml-objects.js';

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
  const resume = part?.resume;
  let failure: InputError | null = null;
  let feed: Feed | null = null;
  const fail = (message: string, line?: number, column?: number): never => {
    const at = line === undefined ? feed?.tokenizer()?.position() ?? { line: 0, column: 0 } : { line, column: column ?? 0 };
    failure ??= new InputError(message, { file: displayName, line: at.line, column: at.column });
    throw new StopParsing();
  };
  const builder = createObjectBuilder({ limits, fail, onValue, typeNames: resume?.facts.typeNames, midFile: resume !== undefined });
  let pieces: FilePieces | null = null;
  try {
    pieces = await openPieces(file, { start: part?.start ?? 0, encoding: resume?.encoding, onBytes });
    feed = createFeed(builder, pieces, limits, fail, displayName, resume?.facts.line);
    if (resume !== undefined) builder.resumeInRoot();
    const stops = part?.stops ?? [];
    for (let next = 0; ; next++) {
      const to = next < stops.length ? stops[next] : undefined;
      await pieces.readTo(to, feed.write);
      if (to === undefined) break;
      // A split point follows a line end: what is held back there is whole characters.
      feed.write(pieces.flush().piece);
      const state = feed.tokenizer()!.state();
      const trusted = resume === undefined || builder.refObjects >= limits.maxRefObjects;
      const stop = { line: state.line, typeNames: builder.typeNames(), at: to, clean: state.clean && state.depth === 1, trusted };
      if (!(await part!.onStop(stop))) return { encoding: pieces.encoding!, objects: builder.objects };
    }
    if (pieces.encoding === null) return fail('the file is empty', 1, 0);
    feed.end();
    if (!builder.sawRoot) fail('not a CLIXML export: no root element');
    return { encoding: pieces.encoding, objects: builder.objects };
  } catch (error) {
    if (error instanceof StopParsing && failure !== null) throw failure;
    if (error instanceof UnsupportedEncodingError) throw new InputError(error.message, { file: displayName, line: 1, column: 0 });
    if (isFsError(error)) throw new InputError(`cannot read the file: ${error.code}`, { file: displayName });
    throw error;
  } finally {
    await pieces?.close();
  }
}

interface Feed {
  /** A piece of the file: checked for bad bytes, then tokenized. */
  write(piece: Buffer): void;
  /** The end of the file: what is held back, then the checks of a whole document. */
  end(): void;
  tokenizer(): Tokenizer | null;
}

/** The tokenizer, made once the encoding is known, and what each piece goes through before it. */
function createFeed(
  builder: ObjectBuilder,
  pieces: FilePieces,
  limits: ReaderLimits,
  fail: (message: string, line?: number, column?: number) => never,
  displayName: string,
  startLine: number | undefined,
): Feed {
  let tokenizer: Tokenizer | null = null;
  let units: UnitText | null = null;
  let sawText = startLine !== undefined;
  const tokenizerFor = (): Tokenizer => {
    if (tokenizer !== null) return tokenizer;
    const encoding = pieces.encoding!;
    units = unitText(encoding === 'utf-8' ? 'utf-8' : 'utf-16le');
    tokenizer = createClixmlTokenizer(builder.handlers, {
      fileName: displayName,
      encoding: units.encoding === 'utf-8' || toUtf8 !== null ? 'utf-8' : 'utf-16le',
      start: startLine === undefined ? undefined : { line: startLine, open: ['Objs'] },
      // Checked as the text comes, so a value that does not end cannot fill memory. Raw text ten times the
      // limit is taken as over it: only references padded with zeros could decode it to less.
      maxPendingText: limits.maxValueLength * 10,
      onLongText: () => fail(`a <${builder.openTag() ?? 'Objs'}> value is longer than ${limits.maxValueLength} characters`),
    });
    builder.attach(tokenizer);
    return tokenizer;
  };
  const badBytes = (): never => {
    const at = tokenizer!.end();
    return fail(`invalid ${pieces.encoding!.toUpperCase()} byte sequence here (re-export with -Encoding UTF8 or -Encoding Unicode)`, at.line, at.column);
  };
  const write = (piece: Buffer) => {
    const t = tokenizerFor();
    const bad = units!.firstInvalid(piece, units!.view(piece));
    // The text before a bad byte is read first, so the error and the records before it do not depend on how the file was cut.
    const good = bad === -1 ? piece : piece.subarray(0, bad * units!.width);
    if (!sawText) sawText = checkStart(good, units!, fail);
    t.write(units!.width === 2 && toUtf8 !== null ? toUtf8(good) : good);
    if (bad !== -1) badBytes();
  };
  return {
    write,
    end() {
      const rest = pieces.flush();
      write(rest.piece);
      if (rest.broken) badBytes();
      tokenizerFor().close();
    },
    tokenizer: () => tokenizer,
  };
}

/**
 * UTF-16 text, once checked, is read as UTF-8: ICU transcodes a million-site site list in about 0.1 s, and
 * the tokenizer then reads half the bytes and makes one-byte strings (0.5 s of 4.5 s saved, measured). Lines
 * and columns come out the same (columns are counted in UTF-16 units either way). Without ICU (a Node built
 * without intl), the UTF-16 units are read as they are.
 */
const toUtf8: ((utf16le: Buffer) => Buffer) | null = (() => {
  try {
    transcode(Buffer.from('<', 'utf16le'), 'utf16le', 'utf8');
    return (utf16le: Buffer) => transcode(utf16le, 'utf16le', 'utf8');
  } catch {
    return null;
  }
})();

/** Fails early, at line 1, on a file that is plainly not XML (a CSV, a log); true once text was seen. */
function checkStart(piece: Buffer, units: UnitText, fail: (message: string, line?: number, column?: number) => never): boolean {
  const view = units.view(piece);
  let i = 0;
  while (i < view.length && (view[i] === 0x20 || (view[i] >= 0x09 && view[i] <= 0x0d))) i++;
  if (i === view.length) return false;
  if (view[i] === 0x3c) return true;
  // Something else first: as JavaScript trims (Unicode spaces too).
  const trimmed = units.decode(piece, 0, view.length).trimStart();
  if (trimmed === '') return false;
  if (trimmed[0] !== '<') fail(`not an XML file: it starts with ${JSON.stringify(trimmed.slice(0, 20))} (expected an Export-Clixml file)`, 1, 1);
  return true;
}

function isFsError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && (error as NodeJS.ErrnoException).syscall !== undefined;
}
