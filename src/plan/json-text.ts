// Positions inside JSON text, for error messages. JSON.parse does the real parsing; when it fails (its
// messages do not always carry a position) or a schema check fails, this small scanner walks the text
// again to find the offending offset, then turns it into a 1-based line and column.

export interface TextPosition {
  line: number;
  column: number;
}

export interface JsonSyntaxProblem {
  offset: number;
  message: string;
}

const MAX_DEPTH = 512;

class Stop extends Error {
  constructor(readonly problem: JsonSyntaxProblem) {
    super(problem.message);
  }
}

/** 1-based line and column (in UTF-16 units) of `offset`; CRLF, CR and LF each end a line. */
export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The first syntax error in `text`, or null if it is valid JSON. */
export function findSyntaxError(text: string): JsonSyntaxProblem | null {
  try {
    walk(text, () => undefined);
    return null;
  } catch (error) {
    if (error instanceof Stop) return error.problem;
    throw error;
  }
}

/**
 * Offset of the member or element at `pointer` (RFC 6901), or of its nearest existing ancestor.
 * For an object member it is the offset of the key, which is what a reader looks for.
 */
export function findPointer(text: string, pointer: string): number | null {
  const offsets = new Map<string, number>();
  try {
    walk(text, (path, offset) => {
      if (!offsets.has(path)) offsets.set(path, offset);
    });
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
  }
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const found = offsets.get(p);
    if (found !== undefined) return found;
    if (p === '') return null;
  }
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function walk(text: string, visit: (pointer: string, offset: number) => void): void {
  let i = 0;
  const fail = (message: string, at = i): never => {
    throw new Stop({ offset: at, message });
  };
  // Never quote the character found: a credentials file passed by mistake would leak part of a value.
  const describe = () => (i >= text.length ? 'end of file' : 'something else');
  const space = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const expect = (ch: string, what: string) => {
    space();
    if (text[i] !== ch) fail(`expected ${what}, found ${describe()}`);
    i++;
  };
  const string = (): string => {
    const start = i;
    i++; // opening quote
    while (true) {
      if (i >= text.length) fail('unterminated string', start);
      const ch = text.charCodeAt(i);
      if (ch === 0x22) break;
      if (ch < 0x20) fail('control character in a string (write it as \\n, \\t or \\u00XX)');
      if (ch === 0x5c) {
        const esc = text[i + 1];
        if (esc === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('bad \\u escape in a string');
          i += 6;
          continue;
        }
        if (esc === undefined || !'"\\/bfnrt'.includes(esc)) fail('bad escape in a string');
        i += 2;
        continue;
      }
      i++;
    }
    i++; // closing quote
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (pointer: string, depth: number): void => {
    space();
    if (depth > MAX_DEPTH) fail('nested too deeply');
    visit(pointer, i); // a member was already visited at its key; the first offset wins
    const ch = text[i];
    if (ch === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      while (true) {
        space();
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe()}`);
        const keyAt = i;
        const key = string();
        const child = `${pointer}/${escapePointer(key)}`;
        visit(child, keyAt);
        expect(':', '":"');
        value(child, depth + 1);
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(`expected "," or "}", found ${describe()}`);
      }
    }
    if (ch === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let index = 0; ; index++) {
        value(`${pointer}/${index}`, depth + 1);
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(`expected "," or "]", found ${describe()}`);
      }
    }
    if (ch === '"') {
      string();
      return;
    }
    const literal = /^(?:true|false|null|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)/.exec(text.slice(i, i + 400));
    if (!literal) fail(`expected a value, found ${describe()}`);
    i += literal![0].length;
  };
  value('', 0);
  space();
  if (i < text.length) fail(`unexpected text after the end of the JSON value`);
}
