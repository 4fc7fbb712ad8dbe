// Where a piece of a file's bytes ends: just before its last `<`, so the tokenizer almost never has an
// unfinished tag to carry into the next piece (a carried tag costs a copy of the piece it is glued to), and
// always after a whole character, so every piece is checked and read on its own: a bad byte is found
// exactly where it is, however the file was cut.

export type PieceEncoding = 'utf-8' | 'utf-16le';

/** The length of the piece to take from `data` (whose first byte is at file offset `base`). */
export function pieceEnd(data: Buffer, encoding: PieceEncoding, base: number): number {
  const cut = lastMarkupStart(data, encoding, base);
  // No `<` to cut before: all of it goes. Either way a character cut short (a bad one, just before a `<`, or
  // one the data ends in) waits for the next piece.
  return wholeCharacters(cut > 0 ? data.subarray(0, cut) : data, encoding, base);
}

/** The length of `data` (whose first byte is at file offset `base`) without a character it ends in the middle of. */
export function wholeCharacters(data: Buffer, encoding: PieceEncoding, base: number): number {
  let end = data.length;
  if (encoding === 'utf-8') {
    // Back to the last byte that starts a character; keep it if all its bytes are there.
    let start = end - 1;
    while (start > 0 && end - start < 4 && (data[start] & 0xc0) === 0x80) start--;
    if (start < 0) return end;
    const lead = data[start];
    const length = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    return end - start >= length ? end : start;
  }
  if ((base + end) % 2 === 1) end--;
  // A high surrogate waits for its pair.
  const unit = end >= 2 ? data.readUInt16LE(end - 2) : 0;
  return unit >= 0xd800 && unit <= 0xdbff ? end - 2 : end;
}

/** The offset of the last `<` of `data` (whose first byte is at file offset `base`), or -1. */
function lastMarkupStart(data: Buffer, encoding: PieceEncoding, base: number): number {
  for (let i = data.lastIndexOf(0x3c); i !== -1; i = i > 0 ? data.lastIndexOf(0x3c, i - 1) : -1) {
    if (encoding === 'utf-8') return i;
    if ((base + i) % 2 === 0 && data[i + 1] === 0) return i;
  }
  return -1;
}
