// farmscan's tokenizer with saxes's event shapes (a tag object per element, texts as strings), fed strings:
// what the differential tests compare with saxes.
import { createClixmlTokenizer, type Tokenizer } from '../../src/sources/clixml-tokenizer.js';
import type { UnitEncoding } from '../../src/sources/text-units.js';

export interface Tag {
  name: string;
  attributes: Record<string, string>;
  isSelfClosing: boolean;
}

export interface SaxesHandlers {
  opentag?(tag: Tag): void;
  text?(text: string): void;
  closetag?(tag: Tag): void;
}

export interface StringTokenizer {
  write(chunk: string): StringTokenizer;
  close(): StringTokenizer;
  position(): { line: number; column: number };
}

const NO_ATTRIBUTES = Object.freeze(Object.create(null)) as Record<string, string>;

/** `leaf`: take the tokenizer's fast path for every element it offers, reported as the three events it stands for. */
export function createSaxesShapedTokenizer(
  handlers: SaxesHandlers,
  options: { fileName?: string; encoding?: UnitEncoding; leaf?: boolean } = {},
): StringTokenizer {
  const open: Tag[] = [];
  const encoding = options.encoding ?? 'utf-8';
  let held = ''; // a high surrogate waits for its pair: the tokenizer takes whole characters
  const tokenizer: Tokenizer = createClixmlTokenizer(
    {
      open(name, list, isSelfClosing) {
        const attributes = Object.create(NO_ATTRIBUTES) as Record<string, string>;
        for (let i = 0; i < list.count; i++) attributes[list.names[i].text] = list.texts[i] ?? tokenizer.textOf(list.starts[i], list.ends[i]);
        const tag: Tag = { name: name.text, attributes, isSelfClosing };
        open.push(tag);
        handlers.opentag?.(tag);
      },
      text: (start, end, decoded) => handlers.text?.(decoded ?? tokenizer.textOf(start, end)),
      close: () => handlers.closetag?.(open.pop()!),
      leaf: options.leaf
        ? {
            accepts: () => true,
            read(name, _units, nStart, nEnd, textStart, textEnd) {
              const attributes = Object.create(NO_ATTRIBUTES) as Record<string, string>;
              attributes.N = tokenizer.textOf(nStart, nEnd);
              const tag: Tag = { name: name.text, attributes, isSelfClosing: _units[textStart - 2] === 0x2f };
              handlers.opentag?.(tag);
              if (textEnd > textStart) handlers.text?.(tokenizer.textOf(textStart, textEnd));
              handlers.closetag?.(tag);
            },
          }
        : undefined,
    },
    { fileName: options.fileName, encoding },
  );
  const adapter: StringTokenizer = {
    write(chunk) {
      let text = held + chunk;
      const last = text.charCodeAt(text.length - 1);
      held = last >= 0xd800 && last <= 0xdbff ? text.slice(-1) : '';
      if (held !== '') text = text.slice(0, -1);
      tokenizer.write(Buffer.from(text, encoding === 'utf-8' ? 'utf8' : 'utf16le'));
      return adapter;
    },
    close() {
      tokenizer.close();
      return adapter;
    },
    position: () => tokenizer.position(),
  };
  return adapter;
}
