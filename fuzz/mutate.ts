// Mutations of an input's bytes, seeded: byte-level (flip, set, delete, repeat, truncate, splice with another
// input) and CLIXML-aware (insert a token the reader treats specially), and re-encodings (UTF-8 with and
// without BOM, UTF-16 LE with and without BOM), so the corpus holds both of Export-Clixml's encodings.
import type { Random } from '../bench/prng.js';

/** Tokens that matter to the tokenizer and the object builder. */
export const TOKENS = [
  '<', '>', '/>', '</', '&', '&amp;', '&lt;', '&#65;', '&#x1F600;', '&#1;', '&#xD800;', '&bogus;', ']]>', '<![CDATA[x]]>',
  '<!--', '-->', '<!-- c -->', '<?pi x?>', '<?xml version="1.0"?>', '<!DOCTYPE x>', '"', "'", '=', ' ', '\t', '\r\n', '\r', '\n',
  '\r\n  <Obj ', '<Obj RefId="0">', '<Obj N="TargetApplication" RefId="1">', '</Obj>', '<MS>', '</MS>', '<Props>', '</Props>',
  '<TN RefId="0"><T>Microsoft.SharePoint.SPSite</T></TN>', '<TNRef RefId="0" />', '<Ref N="Url" RefId="0" />', '<Ref RefId="99" />',
  '<S N="Url">', '</S>', '<B N="ReadLocked">true</B>', '<I32 N="Type">3</I32>', '<Nil />', '<LST>', '</LST>', '<DCT><En><S N="Key">k</S><S N="Value">v</S></En></DCT>',
  '<ToString>x</ToString>', '<SS N="p">0100</SS>', '<BA>AQID</BA>', '<U64>18446744073709551616</U64>', '<D>1e400</D>', '<DT>x</DT>',
  '_x000D_', '_x005F_', '_xD83D_', '_xZZZZ_', '_x', '\u0001', '\u00e9', '\u00a0', '\ufeff', '\ufffe', '\ud83d\ude00', '\u2028',
  'xmlns="http://schemas.microsoft.com/powershell/2004/04"', '<Objs Version="1.1.0.1">', '</Objs>',
];
const RAW_BYTES = [0x00, 0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf8, 0xfe, 0xff, 0x3c, 0x3e, 0x26, 0x0a, 0x0d, 0xd8, 0xdc];

type Unit = 1 | 2;

/** How the input is encoded, for mutations that should keep whole characters. */
function unitOf(bytes: Buffer): Unit {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0x3c && bytes[1] === 0))) return 2;
  return 1;
}

function encodeLike(text: string, unit: Unit): Buffer {
  return Buffer.from(text, unit === 1 ? 'utf8' : 'utf16le');
}

/** The input as text if it decodes (UTF-8 or UTF-16 LE, BOM left out); null otherwise. */
function asText(bytes: Buffer): string | null {
  try {
    if (unitOf(bytes) === 2) {
      if (bytes.length % 2 !== 0) return null;
      const bom = bytes[0] === 0xff ? 2 : 0;
      return new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(bom));
    }
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(bom));
  } catch {
    return null;
  }
}

/** The same text in another of the encodings Export-Clixml writes (or a BOM-less variant); the bytes as they are if they do not decode. */
export function reencode(bytes: Buffer, random: Random): Buffer {
  const text = asText(bytes);
  if (text === null) return bytes;
  switch (random.int(4)) {
    case 0:
      return Buffer.from(text, 'utf8');
    case 1:
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 2:
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    default:
      return Buffer.from(text, 'utf16le');
  }
}

/** One mutation of `bytes`; `other` is another input of the corpus to splice with. */
export function mutateOnce(bytes: Buffer, other: Buffer, random: Random): Buffer {
  const unit = unitOf(bytes);
  const length = bytes.length;
  const at = length === 0 ? 0 : random.int(length / unit) * unit;
  const span = () => (1 + random.int(random.next() < 0.8 ? 16 : 512)) * unit;
  switch (random.int(10)) {
    case 0: {
      const copy = Buffer.from(bytes);
      if (length > 0) copy[random.int(length)] ^= 1 << random.int(8);
      return copy;
    }
    case 1: {
      const copy = Buffer.from(bytes);
      if (length > 0) copy[random.int(length)] = random.next() < 0.5 ? random.pick(RAW_BYTES) : random.int(256);
      return copy;
    }
    case 2:
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(Math.min(length, at + span()))]);
    case 3:
      return Buffer.concat([bytes.subarray(0, at + span()), bytes.subarray(at)]);
    case 4:
      return bytes.subarray(0, at);
    case 5: {
      const from = other.length === 0 ? 0 : random.int(other.length / unit) * unit;
      return Buffer.concat([bytes.subarray(0, at), other.subarray(from, from + span() * 8), bytes.subarray(Math.min(length, at + span()))]);
    }
    case 6:
      return reencode(bytes, random);
    case 7:
      // A raw byte pair, so UTF-16 can get a lone surrogate or a bad unit.
      return Buffer.concat([bytes.subarray(0, at), Buffer.from([random.pick(RAW_BYTES), random.pick(RAW_BYTES)].slice(0, unit === 2 ? 2 : 1 + random.int(2))), bytes.subarray(at)]);
    default: {
      // A token inserted, or a token in place of a few characters.
      const token = encodeLike(random.pick(TOKENS), unit);
      const to = random.next() < 0.5 ? at : Math.min(length, at + span());
      return Buffer.concat([bytes.subarray(0, at), token, bytes.subarray(to)]);
    }
  }
}

/** A few mutations in a row (more often one), bounded in size so one input stays quick to read. */
export function mutate(bytes: Buffer, other: Buffer, random: Random, maxBytes: number): Buffer {
  let result = bytes;
  const rounds = 1 + (random.next() < 0.5 ? 0 : random.int(6));
  for (let k = 0; k < rounds; k++) result = mutateOnce(result, other, random);
  return result.length > maxBytes ? result.subarray(0, maxBytes) : result;
}
