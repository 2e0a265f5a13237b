/**
 * JSON with object keys sorted at every depth: the same value always gives the same text.
 * The one implementation behind event hashes (libs/event-store) and catalogue digests
 * (libs/plan-catalog); it lives apart so the pure catalogue needs nothing from the store.
 * Otherwise it writes what JSON.stringify writes (toJSON honoured, undefined and functions left
 * out of objects and written as null in arrays). Every event appended passes through it, so it
 * builds the text in one walk, without intermediate arrays.
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

function write(value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i += 1) text += (i === 0 ? '' : ',') + (write(value[i]) ?? 'null');
    return `${text}]`;
  }
  const object = value as Record<string, unknown>;
  // Default sort order is by UTF-16 code units, the order the text has always been written in.
  const keys = Object.keys(object).sort();
  let text = '{';
  for (const key of keys) {
    const written = write(object[key]);
    if (written === undefined) continue;
    text += `${text.length === 1 ? '' : ','}${JSON.stringify(key)}:${written}`;
  }
  return `${text}}`;
}
