/**
 * pg_type's rows for a user-defined type and its array type `_name`, as PostgreSQL's TypeCreate
 * and AssignTypeArrayOid make them: enums (enum-rows.ts) and row types (composite-rows.ts) differ
 * only in the `UserTypeShape`; the array type is `array_in`/… over the element, aligned as it.
 */
import type { Value } from '@rustydb/common';
import type { SystemCatalog } from './system-catalog.js';

/** The named type whose rows these are. */
export interface UserType {
  readonly oid: number;
  readonly arrayOid: number;
  readonly name: string;
  readonly schema: string;
}

/** What an element type's row says of itself. */
export interface UserTypeShape {
  /** The I/O functions' prefix: `enum` gives enum_in, enum_out, enum_recv, enum_send. */
  readonly io: string;
  readonly len: number;
  readonly byval: boolean;
  readonly typtype: string;
  readonly category: string;
  /** typrelid: a row type's relation, else 0. */
  readonly relid: number;
  readonly align: string;
  readonly storage: string;
}

/** The type's pg_type row and its array type's, in PG_TYPE_COLUMNS order (pg-global-relations.ts). */
export function userTypeRows(sc: SystemCatalog, t: UserType, owner: number, shape: UserTypeShape): Value[][] {
  const namespace = sc.view.schemaOid(t.schema) ?? 0;
  const element = typeRow(t.oid, t.name, namespace, owner, shape, {
    subscript: '-',
    elem: 0,
    array: t.arrayOid,
    analyze: '-',
  });
  const array = typeRow(
    t.arrayOid,
    `_${t.name}`,
    namespace,
    owner,
    { ...shape, io: 'array', len: -1, byval: false, typtype: 'b', category: 'A', relid: 0, storage: 'x' },
    { subscript: 'array_subscript_handler', elem: t.oid, array: 0, analyze: 'array_typanalyze' },
  );
  return [element, array];
}

function typeRow(
  oid: number,
  name: string,
  namespace: number,
  owner: number,
  shape: UserTypeShape,
  links: { subscript: string; elem: number; array: number; analyze: string },
): Value[] {
  const { io } = shape;
  return [
    oid,
    name,
    namespace,
    owner,
    shape.len,
    shape.byval,
    shape.typtype,
    shape.category,
    false,
    true,
    ',',
    shape.relid,
    links.subscript,
    links.elem,
    links.array,
    `${io}_in`,
    `${io}_out`,
    `${io}_recv`,
    `${io}_send`,
    '-',
    '-',
    links.analyze,
    shape.align,
    shape.storage,
    false,
    0,
    -1,
    0,
    0,
    null,
    null,
    null,
  ];
}
