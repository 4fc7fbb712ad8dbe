// One copy of the texts that repeat across records (claim types and issuers, field names and kinds):
// an application holds a few dozen strings, most of them the same few URIs, and a large export holds
// thousands of applications until the plan is written.
const MAX_SHARED = 4096;
const shared = new Map<string, string>();

/** The one copy of `text` (the first seen); past MAX_SHARED distinct texts, `text` itself. */
export function sharedText(text: string | null): string | null {
  if (text === null) return null;
  const known = shared.get(text);
  if (known !== undefined) return known;
  if (shared.size < MAX_SHARED) shared.set(text, text);
  return text;
}
