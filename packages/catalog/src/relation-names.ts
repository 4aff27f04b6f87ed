/**
 * PostgreSQL's rules for the names it invents: the index behind a PRIMARY KEY is `t_pkey`, behind
 * UNIQUE (a, b) `t_a_b_key`, and a CREATE INDEX without a name `t_a_idx`. When the name is taken
 * a number is appended to the label (`t_a_idx1`, `t_a_idx2`, …), and long parts are clipped so
 * the whole fits in NAMEDATALEN - 1 = 63 bytes (makeObjectName / ChooseRelationName in
 * PostgreSQL's indexcmds.c).
 */

/** PostgreSQL's NAMEDATALEN - 1: the longest identifier, in bytes. */
export const MAX_IDENTIFIER_BYTES = 63;

const encoder = new TextEncoder();
const byteLength = (s: string): number => encoder.encode(s).length;

/** Drops trailing characters (never splitting one) until `s` has at most `bytes` UTF-8 bytes. */
function clip(s: string, bytes: number): string {
  let out = s;
  while (byteLength(out) > bytes) out = Array.from(out).slice(0, -1).join('');
  return out;
}

/**
 * `name1_name2_label`, clipping the longer of name1 and name2 first until it fits in 63 bytes, as
 * PostgreSQL's makeObjectName. `name2` may be undefined (`t_pkey`).
 */
export function makeObjectName(name1: string, name2: string | undefined, label: string): string {
  const overhead = byteLength(label) + 1 + (name2 === undefined ? 0 : 1);
  const avail = MAX_IDENTIFIER_BYTES - overhead;
  let n1 = byteLength(name1);
  let n2 = name2 === undefined ? 0 : byteLength(name2);
  while (n1 + n2 > avail) {
    if (n1 > n2) n1--;
    else n2--;
  }
  const parts = [clip(name1, n1)];
  if (name2 !== undefined) parts.push(clip(name2, n2));
  parts.push(label);
  return parts.join('_');
}

/**
 * The column part of an invented index name: the names joined by '_', stopping once it reaches
 * NAMEDATALEN bytes (ChooseIndexNameAddition).
 */
export function indexNameAddition(columns: readonly string[]): string {
  let out = '';
  for (const c of columns) {
    if (out !== '') out += '_';
    out += c;
    if (byteLength(out) >= MAX_IDENTIFIER_BYTES + 1) break;
  }
  return out;
}

/**
 * A name `name1_name2_label` not yet taken: tries `label`, then `label1`, `label2`, … as
 * PostgreSQL's ChooseRelationName. `taken` answers whether a relation (or constraint) of that
 * name already exists in the schema.
 */
export function chooseRelationName(
  name1: string,
  name2: string | undefined,
  label: string,
  taken: (name: string) => boolean,
): string {
  for (let pass = 0; ; pass++) {
    const name = makeObjectName(name1, name2, pass === 0 ? label : `${label}${pass}`);
    if (!taken(name)) return name;
  }
}
