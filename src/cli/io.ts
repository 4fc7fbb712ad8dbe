// What a command may touch of the outside world, injected so tests drive the real thing in-process.
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface InputStream {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  removeListener(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  /** For reading a pipe to its end (`--credentials -`). */
  once?(event: 'end' | 'error', listener: (error?: Error) => void): unknown;
  resume?(): unknown;
  pause?(): unknown;
}

export interface CliIO {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin?: InputStream;
  env: Record<string, string | undefined>;
  now: () => Date;
  /** The folder relative paths are resolved against (defaults to process.cwd()). */
  cwd?: string;
}

export interface MainOptions extends CliIO {
  argv: string[];
}
