/**
 * `DO [LANGUAGE lang] 'body'`: an anonymous code block. The parser keeps the body as text; the
 * engine's PL/pgSQL interpreter (engine/src/plpgsql/) parses and runs it.
 */

/** `DO [LANGUAGE lang] 'body'` (the options in any order, as gram.y's DoStmt). */
export interface DoStmt {
  readonly kind: 'do';
  /** The body's text (the string constant's value). */
  readonly body: string;
  /** The language named, case-folded; 'plpgsql' when none is. */
  readonly language: string;
  readonly location: number;
}
