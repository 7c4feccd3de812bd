/**
 * Splits a body of concatenated JSON values (`{...}{...}` or one per line), the form of Confluent's
 * streamed produce requests, into the values. Strings (and escapes in them) are skipped while
 * counting brackets; a value that does not parse throws SyntaxError with its position.
 */
export function splitConcatenatedJson(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) out.push(JSON.parse(text.slice(start, i + 1)));
      if (depth < 0) throw new SyntaxError(`unbalanced '${c}' at position ${i}`);
    } else if (depth === 0 && !/\s/.test(c as string)) throw new SyntaxError(`unexpected '${c}' at position ${i}`);
  }
  if (depth !== 0 || inString) throw new SyntaxError('the body ends inside a JSON value');
  return out;
}
