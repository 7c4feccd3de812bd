/**
 * Emits, for one struct: its interface, a factory of default values, a decoder and an encoder.
 * The generated code is straight-line with version guards: each field is read or written under the
 * condition of the versions it exists in, and conditions that always hold for the struct's version
 * range are folded away so the output reads like hand-written code.
 */
import type { FieldModel, FieldType, MessageModel, StructModel } from './model.js';
import { condition, intersect, isEmpty, type Range } from './versions.js';

type Cond = string; // 'true' | 'false' | a TypeScript boolean expression

function pick(c: Cond, yes: string, no: string): string {
  if (c === 'true') return yes;
  if (c === 'false') return no;
  return `(${c} ? ${yes} : ${no})`;
}

function doc(text: string | undefined, indent = ''): string {
  if (!text) return '';
  return `${indent}/** ${text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim()} */\n`;
}

export function tsBaseType(t: FieldType): string {
  if (t.kind === 'array') return `${tsBaseType(t.elem)}[]`;
  if (t.kind === 'struct') return t.struct.tsName;
  switch (t.name) {
    case 'bool':
      return 'boolean';
    case 'int64':
      return 'bigint';
    case 'uuid':
    case 'string':
      return 'string';
    case 'bytes':
    case 'records':
      return 'Buffer';
    default:
      return 'number';
  }
}

function tsType(f: FieldModel): string {
  const base = tsBaseType(f.type);
  const nullable = f.canBeNull || (f.type.kind === 'primitive' && f.type.name === 'records');
  return nullable ? `${base} | null` : base;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Minimum encoded size of a value of type `t` over the versions in `within`, for array-count checks. */
function minSize(msg: MessageModel, t: FieldType, within: Range): number {
  let best = Number.POSITIVE_INFINITY;
  for (let v = within.min; v <= Math.min(within.max, msg.valid.max); v++) {
    best = Math.min(best, sizeAt(msg, t, v, false));
  }
  return Number.isFinite(best) ? best : 0;
}

function sizeAt(msg: MessageModel, t: FieldType, v: number, nullable: boolean): number {
  const flexible = v >= msg.flexible.min && v <= msg.flexible.max;
  if (t.kind === 'array') return flexible ? 1 : 4;
  if (t.kind === 'struct') {
    if (nullable) return 1;
    let n = flexible ? 1 : 0;
    for (const f of t.struct.fields) {
      if (v >= f.bodyVersions.min && v <= f.bodyVersions.max) {
        n += sizeAt(msg, f.type, v, v >= f.nullable.min && v <= f.nullable.max);
      }
    }
    return n;
  }
  switch (t.name) {
    case 'bool':
    case 'int8':
      return 1;
    case 'int16':
    case 'uint16':
      return 2;
    case 'int32':
    case 'uint32':
      return 4;
    case 'int64':
    case 'float64':
      return 8;
    case 'uuid':
      return 16;
    case 'string':
      return flexible ? 1 : 2;
    case 'bytes':
    case 'records':
      return flexible ? 1 : 4;
  }
}

export class StructEmitter {
  constructor(
    private readonly msg: MessageModel,
    private readonly s: StructModel,
  ) {}

  private get within(): Range {
    return intersect(this.s.versions, this.msg.valid);
  }

  /** Versions of this struct that are flexible: the only ones with a tagged-field section. */
  private get flexWithin(): Range {
    return intersect(this.within, this.msg.flexible);
  }

  /** Condition for "this field is encoded in the flexible form", inside versions `w`. */
  private flex(f: FieldModel | undefined, w: Range): Cond {
    if (f?.flexible) return condition(f.flexible, w);
    const c = condition(this.msg.flexible, w);
    return c === 'true' || c === 'false' ? c : 'flexible';
  }

  private elemRead(t: FieldType, fc: Cond): string {
    if (t.kind === 'struct') return `decode${t.struct.tsName}`;
    if (t.kind === 'array') throw new Error('nested arrays are not in the spec');
    if (t.name === 'string' || t.name === 'bytes') {
      const n = capital(t.name);
      return pick(fc, `readCompact${n}`, `read${n}`);
    }
    if (t.name === 'records') return pick(fc, 'readCompactNullableBytes', 'readNullableBytes');
    return `read${capital(t.name)}`;
  }

  private elemWrite(t: FieldType, fc: Cond): string {
    if (t.kind === 'struct') return `encode${t.struct.tsName}`;
    if (t.kind === 'array') throw new Error('nested arrays are not in the spec');
    if (t.name === 'string' || t.name === 'bytes') {
      const n = capital(t.name);
      return pick(fc, `writeCompact${n}`, `write${n}`);
    }
    if (t.name === 'records') return pick(fc, 'writeCompactNullableBytes', 'writeNullableBytes');
    return `write${capital(t.name)}`;
  }

  /** Expression reading field `f`, valid only in versions `w` where the field is present. */
  private readExpr(f: FieldModel, w: Range): string {
    const fc = this.flex(f, w);
    const nc = condition(f.nullable, w);
    const t = f.type;
    if (t.kind === 'array') {
      const args = `r, ${fc}, ${minSize(this.msg, t.elem, w)}, version, ${this.elemRead(t.elem, fc)}`;
      return pick(nc, `readNullableArray(${args})`, `readArray(${args})`);
    }
    if (t.kind === 'struct') {
      return pick(
        nc,
        `readNullableStruct(r, version, decode${t.struct.tsName})`,
        `decode${t.struct.tsName}(r, version)`,
      );
    }
    if (t.name === 'string' || t.name === 'bytes') {
      const n = capital(t.name);
      return pick(
        nc,
        pick(fc, `r.compactNullable${n}()`, `r.nullable${n}()`),
        pick(fc, `r.compact${n}()`, `r.${t.name}()`),
      );
    }
    if (t.name === 'records') return pick(fc, 'r.compactNullableBytes()', 'r.nullableBytes()');
    return `r.${t.name}()`;
  }

  /** Function (w, value, version) writing the whole field, for tagged fields. */
  private writeFn(f: FieldModel, w: Range): string {
    const fc = this.flex(f, w);
    const nc = condition(f.nullable, w);
    const t = f.type;
    if (t.kind === 'array') {
      const elem = this.elemWrite(t.elem, fc);
      return pick(
        nc,
        `(out: Writer, a: ${tsType(f)}, ver: number) => writeNullableArray(out, a, ${fc}, ver, ${elem})`,
        `(out: Writer, a: ${tsBaseType(t)}, ver: number) => writeArray(out, a, ${fc}, ver, ${elem})`,
      );
    }
    if (t.kind === 'struct') {
      const enc = `encode${t.struct.tsName}`;
      return pick(nc, `(out: Writer, s: ${tsType(f)}, ver: number) => writeNullableStruct(out, s, ver, ${enc})`, enc);
    }
    if (t.name === 'string' || t.name === 'bytes') {
      const n = capital(t.name);
      return pick(
        nc,
        pick(fc, `writeCompactNullable${n}`, `writeNullable${n}`),
        pick(fc, `writeCompact${n}`, `write${n}`),
      );
    }
    if (t.name === 'records') return pick(fc, 'writeCompactNullableBytes', 'writeNullableBytes');
    return `write${capital(t.name)}`;
  }

  /** Statement writing field `f` in versions `w` where it is present. */
  private writeStmt(f: FieldModel, w: Range): string {
    const fc = this.flex(f, w);
    const nc = condition(f.nullable, w);
    const t = f.type;
    const v = `v.${f.name}`;
    // A field that can be null in some version but not in these: refuse null like Kafka does.
    const nn = f.canBeNull ? `nonNull(${v}, '${this.s.tsName}.${f.name}')` : v;
    const branch = (c: Cond, yes: string, no: string) => {
      if (c === 'true') return yes;
      if (c === 'false') return no;
      return `if (${c}) ${yes} else ${no}`;
    };
    if (t.kind === 'array') {
      const elem = this.elemWrite(t.elem, fc);
      return branch(
        nc,
        `writeNullableArray(w, ${v}, ${fc}, version, ${elem});`,
        `writeArray(w, ${nn}, ${fc}, version, ${elem});`,
      );
    }
    if (t.kind === 'struct') {
      const enc = `encode${t.struct.tsName}`;
      return branch(nc, `writeNullableStruct(w, ${v}, version, ${enc});`, `${enc}(w, ${nn}, version);`);
    }
    if (t.name === 'string' || t.name === 'bytes') {
      const n = capital(t.name);
      return branch(
        nc,
        branch(fc, `w.compactNullable${n}(${v});`, `w.nullable${n}(${v});`),
        branch(fc, `w.compact${n}(${nn});`, `w.${t.name}(${nn});`),
      );
    }
    if (t.name === 'records') return branch(fc, `w.compactNullableBytes(${v});`, `w.nullableBytes(${v});`);
    return `w.${t.name}(${v});`;
  }

  /** Condition "value differs from the default", which decides whether a tagged field is written. */
  differsFromDefault(f: FieldModel, v: string): string {
    if (f.defaultExpr === 'null') return `${v} !== null`;
    const t = f.type;
    if (t.kind === 'array') return f.canBeNull ? `(${v} === null || ${v}.length > 0)` : `${v}.length > 0`;
    if (t.kind === 'struct') {
      return f.canBeNull
        ? `(${v} === null || !isDefault${t.struct.tsName}(${v}))`
        : `!isDefault${t.struct.tsName}(${v})`;
    }
    if (t.name === 'bytes') return `${v}.length > 0`;
    return `${v} !== ${f.defaultExpr}`;
  }

  private tagged(): FieldModel[] {
    return this.s.fields
      .filter((f) => !isEmpty(intersect(f.tagged, this.flexWithin)))
      .sort((a, b) => (a.tag ?? 0) - (b.tag ?? 0));
  }

  emitInterface(): string {
    let out = doc(this.s.about);
    out += `export interface ${this.s.tsName} {\n`;
    for (const f of this.s.fields) {
      out += doc(
        `${f.spec.about ?? ''} (versions ${f.spec.versions}${f.spec.tag !== undefined ? `, tag ${f.spec.tag}` : ''})`,
        '  ',
      );
      out += `  ${f.name}: ${tsType(f)};\n`;
    }
    return `${out}}\n`;
  }

  emitDefault(): string {
    const body = this.s.fields.map((f) => `    ${f.name}: ${f.defaultExpr},\n`).join('');
    return `export function default${this.s.tsName}(): ${this.s.tsName} {\n  return {\n${body}  };\n}\n`;
  }

  emitIsDefault(): string {
    const checks = this.s.fields.map((f) => `!(${this.differsFromDefault(f, `v.${f.name}`)})`);
    const body = checks.length ? checks.join(' && ') : 'true';
    return `export function isDefault${this.s.tsName}(v: ${this.s.tsName}): boolean {\n  return ${body};\n}\n`;
  }

  private versionGuard(kind: 'decode' | 'encode'): string {
    if (this.s !== this.msg.root) return '';
    const { min, max } = this.msg.valid;
    return `  if (version < ${min} || version > ${max}) throw new ProtocolError('UNSUPPORTED_VERSION', \`${this.s.tsName} v\${version} is not in ${min}-${max} (${kind})\`);\n`;
  }

  private flexibleDecl(body: string): string {
    if (!/\bflexible\b/.test(body)) return '';
    return `  const flexible = ${condition(this.msg.flexible, this.within)};\n`;
  }

  emitDecode(): string {
    const w = this.within;
    let fields = '';
    for (const f of this.s.fields) {
      const present = condition(f.bodyVersions, w);
      const expr =
        present === 'false'
          ? f.defaultExpr
          : present === 'true'
            ? this.readExpr(f, intersect(f.bodyVersions, w))
            : `${present} ? ${this.readExpr(f, intersect(f.bodyVersions, w))} : ${f.defaultExpr}`;
      fields += `    ${f.name}: ${expr},\n`;
    }
    let body = `  const o: ${this.s.tsName} = {\n${fields}  };\n`;
    const fc = condition(this.msg.flexible, w);
    const tagged = this.tagged();
    if (fc !== 'false') {
      let section: string;
      if (tagged.length === 0) section = '  r.taggedFields();\n';
      else {
        let cases = '';
        for (const f of tagged) {
          const tw = intersect(f.tagged, this.flexWithin);
          const tc = condition(f.tagged, this.flexWithin);
          const read = `o.${f.name} = ${this.readExpr(f, tw)};`;
          cases += `        case ${f.tag}:\n          ${tc === 'true' ? read : `if (${tc}) ${read}\n          else r.pos = end;`}\n          break;\n`;
        }
        section =
          '  for (let n = r.uvarint(); n > 0; n--) {\n' +
          '    const tag = r.uvarint();\n' +
          '    const end = r.fieldEnd(r.uvarint());\n' +
          '    switch (tag) {\n' +
          cases +
          '      default:\n        r.pos = end;\n' +
          '    }\n' +
          '    r.expectAt(end, tag);\n' +
          '  }\n';
      }
      body += fc === 'true' ? section : `  if (flexible) {\n${section.replace(/^/gm, '  ')}  }\n`;
    }
    body += '  return o;\n';
    body = this.versionGuard('decode') + this.flexibleDecl(body) + body;
    const usesR = /\br\b/.test(body) ? 'r' : '_r';
    const usesV = /\bversion\b/.test(body) ? 'version' : '_version';
    return `export function decode${this.s.tsName}(${usesR}: Reader, ${usesV}: number): ${this.s.tsName} {\n${body}}\n`;
  }

  emitEncode(): string {
    const w = this.within;
    let body = '';
    for (const f of this.s.fields) {
      const present = condition(f.bodyVersions, w);
      if (present === 'false') continue;
      const stmt = this.writeStmt(f, intersect(f.bodyVersions, w));
      body += present === 'true' ? `  ${stmt}\n` : `  if (${present}) {\n    ${stmt}\n  }\n`;
    }
    const fc = condition(this.msg.flexible, w);
    const tagged = this.tagged();
    if (fc !== 'false') {
      let section: string;
      if (tagged.length === 0) section = '  w.uvarint(0);\n';
      else {
        const conds = tagged.map((f) => {
          const tc = condition(f.tagged, this.flexWithin);
          const d = this.differsFromDefault(f, `v.${f.name}`);
          return tc === 'true' ? d : `${tc} && ${d}`;
        });
        section = '  let tagged = 0;\n';
        for (const c of conds) section += `  if (${c}) tagged++;\n`;
        section += '  w.uvarint(tagged);\n';
        tagged.forEach((f, i) => {
          const fn = this.writeFn(f, intersect(f.tagged, this.flexWithin));
          section += `  if (${conds[i]}) writeTaggedField(w, ${f.tag}, v.${f.name}, version, ${fn});\n`;
        });
      }
      body += fc === 'true' ? section : `  if (flexible) {\n${section.replace(/^/gm, '  ')}  }\n`;
    }
    body = this.versionGuard('encode') + this.flexibleDecl(body) + body;
    const usesW = /\bw\b/.test(body) ? 'w' : '_w';
    const usesValue = /\bv\./.test(body) ? 'v' : '_v';
    const usesV = /\bversion\b/.test(body) ? 'version' : '_version';
    const head = `export function encode${this.s.tsName}(${usesW}: Writer, ${usesValue}: ${this.s.tsName}, ${usesV}: number)`;
    return `${head}: void {\n${body}}\n`;
  }
}
