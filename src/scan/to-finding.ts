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

export function interpolate(template: string, data: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
    Object.hasOwn(data, key) ? String(data[key]) : whole,
  );
}
