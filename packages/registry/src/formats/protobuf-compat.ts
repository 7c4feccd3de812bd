/**
 * Confluent's compatibility rules for Protobuf, as a pure diff of two parsed files: messages are
 * matched by full name and fields by tag number (the wire format knows only tags), so renaming a
 * field, adding or removing an optional field, adding a message and adding or removing an enum
 * value are compatible. Incompatible, by Confluent's names: PACKAGE_CHANGED, MESSAGE_REMOVED,
 * FIELD_KIND_CHANGED (scalar ↔ message ↔ enum ↔ map, singular ↔ repeated),
 * FIELD_SCALAR_KIND_CHANGED (outside the wire-compatible groups int32/uint32/int64/uint64/bool,
 * sint32/sint64, fixed32/sfixed32, fixed64/sfixed64, string/bytes), FIELD_NAMED_TYPE_CHANGED,
 * REQUIRED_FIELD_ADDED, REQUIRED_FIELD_REMOVED, FIELD_MOVED_TO_EXISTING_ONEOF and
 * MULTIPLE_FIELDS_MOVED_TO_ONEOF.
 */
import protobuf from 'protobufjs';

export interface ProtoFile {
  pkg: string;
  root: protobuf.Root;
}

const GROUPS = [
  ['int32', 'uint32', 'int64', 'uint64', 'bool'],
  ['sint32', 'sint64'],
  ['fixed32', 'sfixed32'],
  ['fixed64', 'sfixed64'],
  ['string', 'bytes'],
];
const SCALARS = new Set([...GROUPS.flat(), 'double', 'float']);

function messages(ns: protobuf.NamespaceBase, out = new Map<string, protobuf.Type>()): Map<string, protobuf.Type> {
  for (const n of ns.nestedArray) {
    if (n instanceof protobuf.Type) out.set(n.fullName, n);
    if (n instanceof protobuf.Namespace || n instanceof protobuf.Type) messages(n, out);
  }
  return out;
}

type Kind = 'scalar' | 'message' | 'enum' | 'map';
function kindOf(f: protobuf.Field): Kind {
  if (f.map) return 'map';
  if (SCALARS.has(f.type)) return 'scalar';
  return f.resolvedType instanceof protobuf.Enum ? 'enum' : 'message';
}
const keyType = (f: protobuf.Field) => (f as unknown as { keyType?: string }).keyType;
const typeName = (f: protobuf.Field) => f.resolvedType?.fullName ?? f.type;

/** Why data written with `writer` may not be read with `reader` ([]: it can). */
export function protobufReadErrors(reader: ProtoFile, writer: ProtoFile): string[] {
  const out: string[] = [];
  const add = (type: string, where: string) => out.push(`{errorType:'${type}', description:'at ${where}'}`);
  if (reader.pkg !== writer.pkg) add('PACKAGE_CHANGED', `package ${writer.pkg || '(none)'}`);
  const rMessages = messages(reader.root);
  for (const [name, w] of messages(writer.root)) {
    // Messages are matched by their name within the package, so a package rename alone is reported once.
    const r = rMessages.get(name) ?? rMessages.get(name.replace(`.${writer.pkg}.`, `.${reader.pkg}.`));
    if (r === undefined) {
      add('MESSAGE_REMOVED', name);
      continue;
    }
    const rByTag = new Map(r.fieldsArray.map((f) => [f.id, f]));
    const wByTag = new Map(w.fieldsArray.map((f) => [f.id, f]));
    const movedToOneof = new Map<string, number>();
    for (const [tag, wf] of wByTag) {
      const rf = rByTag.get(tag);
      const where = `${name}.${wf.name} (tag ${tag})`;
      if (rf === undefined) {
        if (wf.required) add('REQUIRED_FIELD_REMOVED', where);
        continue;
      }
      const [rk, wk] = [kindOf(rf), kindOf(wf)];
      if (rk !== wk || rf.repeated !== wf.repeated) add('FIELD_KIND_CHANGED', where);
      else if (
        rk === 'scalar' &&
        rf.type !== wf.type &&
        !GROUPS.some((g) => g.includes(rf.type) && g.includes(wf.type))
      )
        add('FIELD_SCALAR_KIND_CHANGED', where);
      else if (rk === 'map' && (keyType(rf) !== keyType(wf) || rf.type !== wf.type)) add('FIELD_KIND_CHANGED', where);
      else if (
        (rk === 'message' || rk === 'enum') &&
        short(typeName(rf), reader.pkg) !== short(typeName(wf), writer.pkg)
      )
        add('FIELD_NAMED_TYPE_CHANGED', where);
      if (rf.partOf !== null && wf.partOf === null) {
        const oneof = rf.partOf.name;
        movedToOneof.set(oneof, (movedToOneof.get(oneof) ?? 0) + 1);
        const existing = w.oneofsArray.find((o) => o.name === oneof);
        if (existing !== undefined) add('FIELD_MOVED_TO_EXISTING_ONEOF', where);
      }
    }
    for (const [oneof, n] of movedToOneof) if (n > 1) add('MULTIPLE_FIELDS_MOVED_TO_ONEOF', `${name}.${oneof}`);
    for (const [tag, rf] of rByTag) {
      if (!wByTag.has(tag) && rf.required) add('REQUIRED_FIELD_ADDED', `${name}.${rf.name} (tag ${tag})`);
    }
  }
  return out;
}

/** A type's name without its package, so that a package rename is reported once (PACKAGE_CHANGED). */
const short = (name: string, pkg: string) => (pkg && name.startsWith(`.${pkg}.`) ? name.slice(pkg.length + 2) : name);
