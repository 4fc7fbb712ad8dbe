// A scanner's report() call as a Finding: its message template filled in, its origin defaulted to the
// record being scanned. Used on the main thread and in the workers of a parallel scan alike.
import type { Origin } from '../model.js';
import type { Finding, ReportDescriptor, Scanner } from './types.js';

export function toFinding(scanner: Scanner<any>, descriptor: ReportDescriptor, origin: Origin | null): Finding {
  const template = scanner.messages[descriptor.messageId];
  if (template === undefined) {
    throw new Error(`reported unknown messageId ${JSON.stringify(descriptor.messageId)} (known: ${Object.keys(scanner.messages).join(', ')})`);
  }
  const data = descriptor.data ?? {};
  return {
    scannerId: scanner.id,
    messageId: descriptor.messageId,
    severity: descriptor.severity ?? 'info',
    message: interpolate(template, data),
    subject: descriptor.subject,
    origin: descriptor.origin === undefined ? origin : descriptor.origin,
    data,
  };
}

/** Templates split at their `{{name}}` placeholders, once each: a scan fills the same few for every finding. */
const compiled = new Map<string, string[]>();

export function interpolate(template: string, data: Readonly<Record<string, unknown>>): string {
  let parts = compiled.get(template);
  if (parts === undefined) {
    // Texts at even indexes, then the placeholder (whole) and its name at odd ones, in pairs.
    parts = template.split(/(\{\{\s*\w+\s*\}\})/).flatMap((part, i) => (i % 2 === 0 ? [part] : [part, /\w+/.exec(part)![0]]));
    if (compiled.size < 256) compiled.set(template, parts);
  }
  let text = parts[0];
  for (let i = 1; i < parts.length; i += 3) {
    const key = parts[i + 1];
    text += (Object.hasOwn(data, key) ? String(data[key]) : parts[i]) + parts[i + 2];
  }
  return text;
}
