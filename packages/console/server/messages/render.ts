/**
 * How a record's key, value and header values are shown: as text (UTF-8), as pretty-printed JSON,
 * or as hex. `auto` picks JSON when the bytes parse as JSON, text when they are valid UTF-8 with no
 * control characters, else hex. The answer says which encoding was used, so a value asked for as
 * JSON that does not parse is shown (and labelled) as text rather than refused.
 */
export const RENDER_MODES = ['auto', 'text', 'json', 'hex'] as const;
export type RenderMode = (typeof RENDER_MODES)[number];
export type Encoding = 'text' | 'json' | 'hex';

export interface Rendered {
  text: string;
  encoding: Encoding;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function asText(b: Buffer): string | null {
  try {
    const s = decoder.decode(b);
    // Control characters other than tab/newline/carriage return mean binary data.
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return null;
    }
    return s;
  } catch {
    return null;
  }
}

function asJson(text: string): string | null {
  const t = text.trim();
  if (t === '' || !'{["-0123456789tfn'.includes(t[0] as string)) return null;
  try {
    return JSON.stringify(JSON.parse(t), null, 2);
  } catch {
    return null;
  }
}

export function renderBytes(b: Buffer | null, mode: RenderMode): Rendered | null {
  if (b === null) return null;
  if (mode === 'hex') return { text: b.toString('hex'), encoding: 'hex' };
  const text = asText(b);
  if (text === null) return { text: b.toString('hex'), encoding: 'hex' };
  if (mode === 'text') return { text, encoding: 'text' };
  const json = asJson(text);
  return json === null ? { text, encoding: 'text' } : { text: json, encoding: 'json' };
}
