// A no-echo line read from a terminal in raw mode: characters are collected, never written back.
import type { CliIO } from '../cli/io.js';
import { UsageError } from '../errors.js';

export function promptHidden(io: CliIO, question: string): Promise<string> {
  const stdin = io.stdin!;
  io.stderr.write(question);
  return new Promise((resolve, reject) => {
    let text = '';
    const finish = (error?: Error) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause?.();
      io.stderr.write('\n');
      if (error) reject(error);
      else resolve(text);
    };
    const onData = (chunk: Buffer | string) => {
      for (const c of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (c === '\r' || c === '\n') return finish();
        if (c === '\u0003' || c === '\u0004') return finish(new UsageError('pass phrase entry cancelled'));
        if (c === '\u007f' || c === '\b') text = [...text].slice(0, -1).join('');
        else text += c;
      }
    };
    stdin.setRawMode?.(true);
    stdin.on('data', onData);
    stdin.resume?.();
  });
}
