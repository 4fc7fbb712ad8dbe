// The reference tokenizer: bare saxes over the decoded files, with handlers that only count. This is
// the floor any saxes-based reader pays, and what the scan's time is compared against.
// `--engine fast` runs farmscan's own tokenizer (src/sources/clixml-tokenizer.ts) the same way, as the scan uses it.
//   node dist/bench/tokenize.js [--engine saxes|fast] FILE... → {"seconds":…,"elements":…,"maxRssMB":…}
import { parseArgs } from 'node:util';
import { SaxesParser } from 'saxes';
import { decodeFile } from './decode.js';
import { createClixmlTokenizer, type Tokenizer } from '../src/sources/clixml-tokenizer.js';
import { openPieces } from '../src/sources/file-pieces.js';
import { isMain } from './is-main.js';
import { measure } from './measure.js';

export interface TokenCounts {
  elements: number;
  texts: number;
  closes: number;
}

export type Engine = 'saxes' | 'fast';

/** Tokenizes the files one after another; throws on malformed XML or a bad byte sequence. */
export async function tokenizeFiles(files: readonly string[], engine: Engine = 'saxes'): Promise<TokenCounts> {
  const counts: TokenCounts = { elements: 0, texts: 0, closes: 0 };
  const handlers = {
    opentag: () => void counts.elements++,
    text: () => void counts.texts++,
    closetag: () => void counts.closes++,
  };
  for (const file of files) {
    if (engine === 'fast') {
      await tokenizeBytes(file, handlers);
      continue;
    }
    const parser = saxes(file, handlers);
    for await (const text of decodeFile(file)) parser.write(text);
    parser.close();
  }
  return counts;
}

/** farmscan's tokenizer on the file's bytes, as the reader feeds it (file-pieces.ts); no bad-byte check. */
async function tokenizeBytes(file: string, handlers: { opentag(): void; text(): void; closetag(): void }): Promise<void> {
  const pieces = await openPieces(file, { start: 0 });
  let tokenizer: Tokenizer | null = null;
  try {
    await pieces.readTo(undefined, (piece) => {
      tokenizer ??= createClixmlTokenizer({ open: handlers.opentag, text: handlers.text, close: handlers.closetag }, { fileName: file, encoding: pieces.encoding === 'utf-8' ? 'utf-8' : 'utf-16le' });
      tokenizer.write(piece);
    });
    tokenizer!.write(pieces.flush().piece).close();
  } finally {
    await pieces.close();
  }
}

function saxes(file: string, handlers: { opentag(): void; text(): void; closetag(): void }): SaxesParser {
  const parser = new SaxesParser({ fileName: file });
  parser.on('opentag', handlers.opentag);
  parser.on('text', handlers.text);
  parser.on('closetag', handlers.closetag);
  return parser;
}

if (isMain(import.meta.url)) {
  const { values, positionals: files } = parseArgs({ options: { engine: { type: 'string', default: 'saxes' } }, allowPositionals: true });
  const engine = values.engine === 'fast' ? 'fast' : 'saxes';
  measure(async () => ({ elements: (await tokenizeFiles(files, engine)).elements })).then(
    (result) => process.stdout.write(JSON.stringify(result) + '\n'),
    (error: Error) => {
      process.stderr.write(`tokenize: ${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
