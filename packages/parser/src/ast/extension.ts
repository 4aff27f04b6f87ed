/**
 * `CREATE EXTENSION`. DROP EXTENSION is a `DropStmt` with objectType 'extension' (one-part
 * names, like DROP SCHEMA).
 */

/** `CREATE EXTENSION [IF NOT EXISTS] name [WITH] [SCHEMA s] [VERSION v] [CASCADE]`. */
export interface CreateExtensionStmt {
  readonly kind: 'createExtension';
  readonly name: string;
  readonly ifNotExists: boolean;
  readonly schema?: string;
  readonly version?: string;
  /** CASCADE: install required extensions too (none of RustyDB's requires another). */
  readonly cascade: boolean;
  /** Offset of the name, for error positions. */
  readonly location: number;
}
