/**
 * Where a JSON value holds text PostgreSQL's jsonb refuses — U+0000, or half of a surrogate pair —
 * as a path (`payload.title`), or null when it can be stored. Such text arrives only from a faulty
 * or hostile sender; it must still be kept as evidence, as text, and must not fail the statement
 * that stores the well-formed messages beside it.
 */
export function jsonbProblem(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return badText(value) ? path || '(value)' : null;
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = jsonbProblem(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    if (badText(key)) return `${here} (key)`;
    const found = jsonbProblem(item, here);
    if (found) return found;
  }
  return null;
}

// A NUL, a high surrogate not followed by a low one, or a low one not preceded by a high one.
const BAD = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function badText(text: string): boolean {
  return BAD.test(text);
}

/** `text` cut to `max` characters and cleaned of what a text column refuses, for index columns of evidence. */
export function storableText(text: string, max: number): string {
  return text.slice(0, max).replace(/\u0000/g, '\ufffd').replace(/[\ud800-\udfff]/g, '\ufffd');
}
