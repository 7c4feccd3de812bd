/**
 * Confluent's compatibility rules for JSON Schema, as a pure check: a reader schema can read a
 * writer's data when every instance valid under the writer is valid under the reader. Each finding
 * carries the name Confluent's JSON Schema diff gives that change (TYPE_NARROWED,
 * PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL, REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL,
 * MAXIMUM_ADDED, ENUM_ARRAY_NARROWED, ...) and the JSON pointer where it happens. Changes that only
 * widen what is accepted (a type extended integer → number, a bound relaxed or removed, an optional
 * property added to a closed model, an enum extended, a union extended) are compatible.
 *
 * Local `$ref`s (`#/definitions/...`, `#/$defs/...`) are followed; a pair already being compared
 * is taken as compatible, so recursive schemas terminate.
 */

type Schema = boolean | Record<string, unknown>;

interface Side {
  root: Schema;
  schema: Schema;
}

export function jsonSchemaReadErrors(reader: Schema, writer: Schema): string[] {
  const out: string[] = [];
  compare({ root: reader, schema: reader }, { root: writer, schema: writer }, '#', out, new Set());
  return out;
}

function deref(side: Side, seen = 0): Schema {
  const s = side.schema;
  if (typeof s !== 'object' || typeof s.$ref !== 'string' || !s.$ref.startsWith('#') || seen > 32) return s;
  let node: unknown = side.root;
  for (const part of s.$ref.slice(1).split('/').filter(Boolean)) {
    node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  if (node === undefined) return true;
  return deref({ root: side.root, schema: node as Schema }, seen + 1);
}

const isEmpty = (s: Schema) => s === true || (typeof s === 'object' && Object.keys(s).every((k) => ANNOTATIONS.has(k)));
const ANNOTATIONS = new Set(['title', 'description', 'default', '$id', 'id', '$schema', 'examples', '$comment']);

function types(s: Record<string, unknown>): string[] | null {
  if (s.type === undefined) return null;
  return Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
}

function compare(r: Side, w: Side, path: string, out: string[], active: Set<string>): void {
  const reader = deref(r);
  const writer = deref(w);
  const key = `${JSON.stringify(reader)}\0${JSON.stringify(writer)}`;
  if (active.has(key)) return;
  active.add(key);
  const add = (type: string): void => {
    out.push(`{errorType:'${type}', description:'at path ${path}'}`);
  };
  if (isEmpty(reader) || writer === false) return;
  if (reader === false || writer === true) {
    add(reader === false ? 'SCHEMA_REMOVED' : 'TYPE_NARROWED');
    return;
  }
  const R = reader as Record<string, unknown>;
  const W = writer as Record<string, unknown>;
  const rSide = (schema: unknown): Side => ({ root: r.root, schema: (schema ?? true) as Schema });
  const wSide = (schema: unknown): Side => ({ root: w.root, schema: (schema ?? true) as Schema });

  // Unions: each writer branch must be accepted by some reader branch.
  const rUnion = (R.anyOf ?? R.oneOf) as Schema[] | undefined;
  const wUnion = (W.anyOf ?? W.oneOf) as Schema[] | undefined;
  if (rUnion || wUnion) {
    const wBranches = wUnion ?? [W];
    const rBranches = rUnion ?? [R];
    for (const wb of wBranches) {
      const fits = rBranches.some((rb) => {
        const errs: string[] = [];
        compare(rSide(rb), wSide(wb), path, errs, new Set(active));
        return errs.length === 0;
      });
      if (!fits) add(rUnion && wUnion ? 'SUM_TYPE_NARROWED' : 'COMBINED_TYPE_CHANGED');
    }
    return;
  }

  const rt = types(R);
  const wt = types(W);
  if (rt !== null) {
    if (wt === null) add('TYPE_NARROWED');
    else {
      const accepted = (t: string) => rt.includes(t) || (t === 'integer' && rt.includes('number'));
      const lost = wt.filter((t) => !accepted(t));
      if (lost.length === wt.length) add('TYPE_CHANGED');
      else if (lost.length > 0) add('TYPE_NARROWED');
    }
  }

  if (R.enum !== undefined) {
    const rEnum = (R.enum as unknown[]).map((v) => JSON.stringify(v));
    const wEnum = W.enum === undefined ? null : (W.enum as unknown[]).map((v) => JSON.stringify(v));
    if (wEnum === null || wEnum.some((v) => !rEnum.includes(v)))
      add(wEnum === null ? 'ENUM_ARRAY_CHANGED' : 'ENUM_ARRAY_NARROWED');
  }
  if (R.const !== undefined && JSON.stringify(R.const) !== JSON.stringify(W.const)) add('CONST_CHANGED');

  // Bounds: the reader's must be at least as loose as the writer's.
  const upper = (name: string, addedName: string, narrowedName: string) => {
    if (typeof R[name] !== 'number') return;
    if (typeof W[name] !== 'number') add(addedName);
    else if ((R[name] as number) < (W[name] as number)) add(narrowedName);
  };
  const lower = (name: string, addedName: string, narrowedName: string) => {
    if (typeof R[name] !== 'number') return;
    if (typeof W[name] !== 'number') add(addedName);
    else if ((R[name] as number) > (W[name] as number)) add(narrowedName);
  };
  upper('maximum', 'MAXIMUM_ADDED', 'MAXIMUM_DECREASED');
  upper('exclusiveMaximum', 'EXCLUSIVE_MAXIMUM_ADDED', 'EXCLUSIVE_MAXIMUM_DECREASED');
  lower('minimum', 'MINIMUM_ADDED', 'MINIMUM_INCREASED');
  lower('exclusiveMinimum', 'EXCLUSIVE_MINIMUM_ADDED', 'EXCLUSIVE_MINIMUM_INCREASED');
  upper('maxLength', 'MAX_LENGTH_ADDED', 'MAX_LENGTH_DECREASED');
  lower('minLength', 'MIN_LENGTH_ADDED', 'MIN_LENGTH_INCREASED');
  upper('maxItems', 'MAX_ITEMS_ADDED', 'MAX_ITEMS_DECREASED');
  lower('minItems', 'MIN_ITEMS_ADDED', 'MIN_ITEMS_INCREASED');
  upper('maxProperties', 'MAX_PROPERTIES_ADDED', 'MAX_PROPERTIES_DECREASED');
  lower('minProperties', 'MIN_PROPERTIES_ADDED', 'MIN_PROPERTIES_INCREASED');
  if (typeof R.multipleOf === 'number') {
    if (typeof W.multipleOf !== 'number') add('MULTIPLE_OF_ADDED');
    else if (!Number.isInteger((W.multipleOf as number) / (R.multipleOf as number))) add('MULTIPLE_OF_CHANGED');
  }
  if (R.pattern !== undefined && R.pattern !== W.pattern)
    add(W.pattern === undefined ? 'PATTERN_ADDED' : 'PATTERN_CHANGED');
  if (R.uniqueItems === true && W.uniqueItems !== true) add('UNIQUE_ITEMS_ADDED');

  compareObjects(R, W, rSide, wSide, path, out, active, add);
  if (R.items !== undefined && !Array.isArray(R.items))
    compare(rSide(R.items), wSide(Array.isArray(W.items) ? true : W.items), `${path}/items`, out, active);
}

function compareObjects(
  R: Record<string, unknown>,
  W: Record<string, unknown>,
  rSide: (s: unknown) => Side,
  wSide: (s: unknown) => Side,
  path: string,
  out: string[],
  active: Set<string>,
  add: (type: string) => void,
): void {
  const rProps = (R.properties ?? {}) as Record<string, Schema>;
  const wProps = (W.properties ?? {}) as Record<string, Schema>;
  const wClosed = W.additionalProperties === false;
  const rRequired = new Set((R.required ?? []) as string[]);
  const wRequired = new Set((W.required ?? []) as string[]);
  for (const [name, rp] of Object.entries(rProps)) {
    const at = `${path}/properties/${name}`;
    if (name in wProps) compare(rSide(rp), wSide(wProps[name]), at, out, active);
    else if (!wClosed) {
      // The writer's open model may already have carried `name` with any value.
      const errs: string[] = [];
      compare(rSide(rp), wSide(W.additionalProperties ?? true), at, errs, active);
      if (errs.length > 0) add('PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL');
    }
  }
  for (const [name, wp] of Object.entries(wProps)) {
    if (name in rProps) continue;
    if (R.additionalProperties === false) add('PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL');
    else if (typeof R.additionalProperties === 'object')
      compare(rSide(R.additionalProperties), wSide(wp), `${path}/properties/${name}`, out, active);
  }
  for (const name of rRequired) {
    if (wRequired.has(name)) continue;
    const hasDefault =
      typeof rProps[name] === 'object' && (rProps[name] as Record<string, unknown>).default !== undefined;
    if (!hasDefault)
      add(name in wProps || wClosed ? 'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL' : 'REQUIRED_ATTRIBUTE_ADDED');
  }
  if (R.additionalProperties === false && W.additionalProperties !== false) add('ADDITIONAL_PROPERTIES_REMOVED');
  else if (typeof R.additionalProperties === 'object') {
    if (W.additionalProperties === undefined || W.additionalProperties === true) add('ADDITIONAL_PROPERTIES_NARROWED');
    else if (typeof W.additionalProperties === 'object')
      compare(
        rSide(R.additionalProperties),
        wSide(W.additionalProperties),
        `${path}/additionalProperties`,
        out,
        active,
      );
  }
}
