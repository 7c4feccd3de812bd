/**
 * Reading Kafka's message-schema files: JSON with `//` comments. Comments may sit between any tokens
 * and `//` also occurs inside strings (URLs in "about"), so comments are stripped by a scanner that
 * tracks string literals before the text is handed to JSON.parse.
 */
export interface FieldSpec {
  name: string;
  type: string;
  versions: string;
  nullableVersions?: string;
  taggedVersions?: string;
  tag?: number | string; // one schema writes it as a string
  default?: string | number | boolean;
  ignorable?: boolean;
  flexibleVersions?: string;
  entityType?: string;
  mapKey?: boolean;
  about?: string;
  fields?: FieldSpec[];
}

export interface StructSpec {
  name: string;
  versions: string;
  fields: FieldSpec[];
}

export interface MessageSpec {
  apiKey?: number;
  type: 'request' | 'response' | 'header' | 'data';
  name: string;
  validVersions: string;
  flexibleVersions: string;
  deprecatedVersions?: string;
  listeners?: string[];
  latestVersionUnstable?: boolean;
  fields: FieldSpec[];
  commonStructs?: StructSpec[];
}

export function stripComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else {
      out += c;
    }
  }
  return out;
}

export function parseSchema(text: string): MessageSpec {
  return JSON.parse(stripComments(text)) as MessageSpec;
}
