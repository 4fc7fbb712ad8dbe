// Errors a user can cause. Each renders as one line; anything else is a bug and may show a stack.

/** Where in an input file something went wrong (1-based line and column). */
export interface InputLocation {
  file: string;
  line?: number;
  column?: number;
}

/** Bad input data: malformed XML, an unknown enum value, a plan that fails its schema. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    message: string,
    readonly location: InputLocation,
  ) {
    super(message);
  }
  get file(): string {
    return this.location.file;
  }
  get line(): number | undefined {
    return this.location.line;
  }
  get column(): number | undefined {
    return this.location.column;
  }
}

/** Wrong command-line use: a missing argument, a bad flag value, a path that does not exist. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The vault refused: wrong pass phrase, tampered file, weak pass phrase, wrong application type. */
export class VaultError extends Error {
  override name = 'VaultError';
}

export type UserError = InputError | UsageError | VaultError;

export function isUserError(error: unknown): error is UserError {
  return error instanceof InputError || error instanceof UsageError || error instanceof VaultError;
}

/** `file:line:column: message`, the form editors and terminals turn into links. */
export function formatLocation(location: InputLocation): string {
  let text = location.file;
  if (location.line !== undefined) text += `:${location.line}`;
  if (location.line !== undefined && location.column !== undefined) text += `:${location.column}`;
  return text;
}

/** One line for the terminal, with control characters shown escaped so data cannot drive the terminal. */
export function renderUserError(error: UserError): string {
  const where = error instanceof InputError ? `${formatLocation(error.location)}: ` : '';
  return `farmscan: ${where}${visible(error.message)}`;
}

/** Escapes C0/C1 controls and bidi overrides (`\u001b`) so a value cannot rewrite the terminal. */
export function visible(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, (c) =>
    `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
