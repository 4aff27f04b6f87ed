/**
 * Identifiers: case folding, quoting, truncation, qualified names, and token locations.
 *
 * PostgreSQL folds unquoted identifiers to lower case (ASCII letters only, as with a UTF8
 * server encoding), keeps quoted ones as written (`""` inside is one `"`), and truncates both to
 * NAMEDATALEN-1 = 63 bytes (it also emits a NOTICE, which we do not).
 */
import { DbError, syntaxError } from '@rustydb/common';
import { ParserRuleContext, TerminalNode as Terminal, type TerminalNode, type Token } from 'antlr4ng';
import type { ObjectName } from '../ast/index.js';
import { PostgreSqlLexer } from '../generated/PostgreSqlLexer.js';
import {
  type AnyNameContext,
  IdentifierContext,
  type QualifiedNameContext,
} from '../generated/PostgreSqlParser.js';

const MAX_IDENTIFIER_BYTES = 63;

/** 0-based character offset of a token or of a rule's first token. */
export function loc(node: Token | TerminalNode | ParserRuleContext): number {
  if (node instanceof Terminal) return node.symbol.start;
  if (node instanceof ParserRuleContext) return node.start!.start;
  return node.start;
}

/** Lower-cases ASCII letters only (PostgreSQL's downcase_identifier under UTF8). */
export function foldCase(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s;
}

/** Truncates to 63 bytes of UTF-8 without splitting a character. */
export function truncateIdentifier(s: string): string {
  if (s.length <= MAX_IDENTIFIER_BYTES / 4 || Buffer.byteLength(s) <= MAX_IDENTIFIER_BYTES) return s;
  let bytes = 0;
  let end = 0;
  for (const ch of s) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > MAX_IDENTIFIER_BYTES) break;
    bytes += size;
    end += ch.length;
  }
  return s.slice(0, end);
}

/** The name an `identifier` rule denotes. */
export function identifierName(ctx: IdentifierContext): string {
  const token = ctx.start!;
  const text = token.text!;
  switch (token.type) {
    case PostgreSqlLexer.IDENT:
      return truncateIdentifier(foldCase(text));
    case PostgreSqlLexer.QUOTED_IDENT:
      return quotedName(text.slice(1, -1), token);
    default: {
      // U&"…" [UESCAPE '…']
      const escapeToken = ctx.STRING();
      const escapeChar = escapeToken ? uescapeChar(escapeToken.symbol) : '\\';
      return quotedName(decodeUnicodeEscapes(text.slice(3, -1), escapeChar, token), token);
    }
  }
}

function quotedName(body: string, token: Token): string {
  if (body.length === 0) {
    throw syntaxError(`zero-length delimited identifier at or near "${token.text}"`, token.start + 1);
  }
  return truncateIdentifier(body.includes('""') ? body.replaceAll('""', '"') : body);
}

/**
 * The name denoted by colId, colLabel, typeFunctionName, nonReservedWord, bareColLabel, attrName
 * or name: an identifier, or a keyword used as one (always lower case).
 */
export function nameOf(ctx: ParserRuleContext): string {
  let node: ParserRuleContext = ctx;
  for (;;) {
    if (node instanceof IdentifierContext) return identifierName(node);
    const child = node.getChild(0);
    if (child instanceof Terminal) return child.symbol.text!.toLowerCase();
    node = child as ParserRuleContext;
  }
}

/** The parts of a dotted name (anyName, qualifiedName). */
export function nameParts(ctx: AnyNameContext | QualifiedNameContext): string[] {
  const parts = [nameOf(ctx.colId())];
  for (const attr of ctx.attrName()) parts.push(nameOf(attr));
  return parts;
}

/** A table-like name of one to three parts. */
export function objectName(ctx: AnyNameContext | QualifiedNameContext): ObjectName {
  const parts = nameParts(ctx);
  const location = loc(ctx);
  switch (parts.length) {
    case 1:
      return { name: parts[0], location };
    case 2:
      return { schema: parts[0], name: parts[1], location };
    case 3:
      return { catalog: parts[0], schema: parts[1], name: parts[2], location };
    default:
      throw syntaxError(`improper qualified name (too many dotted names): ${parts.join('.')}`, location + 1);
  }
}

/** The escape character of `UESCAPE 'c'`, validated as PostgreSQL does. */
export function uescapeChar(token: Token): string {
  const text = token.text!;
  const c = text.slice(1, -1);
  if (c.length !== 1 || /[0-9a-fA-F+'"\s]/.test(c)) {
    throw syntaxError('invalid Unicode escape character', token.start + 1);
  }
  return c;
}

/**
 * Decodes `\XXXX`, `\+XXXXXX` and `\\` (with `escapeChar` in place of the backslash) in a U&
 * string or identifier.
 */
export function decodeUnicodeEscapes(body: string, escapeChar: string, token: Token): string {
  if (!body.includes(escapeChar)) return body;
  let out = '';
  let i = 0;
  while (i < body.length) {
    const ch = body[i];
    if (ch !== escapeChar) {
      out += ch;
      i++;
      continue;
    }
    if (body[i + 1] === escapeChar) {
      out += escapeChar;
      i += 2;
      continue;
    }
    const plus = body[i + 1] === '+';
    const digits = plus ? 6 : 4;
    const hex = body.slice(i + (plus ? 2 : 1), i + (plus ? 2 : 1) + digits);
    if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) {
      throw new DbError('42601', 'invalid Unicode escape', {
        hint: 'Unicode escapes must be \\XXXX or \\+XXXXXX.',
        position: escapePosition(token, i),
      });
    }
    const code = Number.parseInt(hex, 16);
    if (code > 0x10ffff || code === 0) {
      throw new DbError('42601', 'invalid Unicode escape value', { position: escapePosition(token, i) });
    }
    // Two escaped UTF-16 surrogates concatenate into one pair, as PostgreSQL combines them.
    out += String.fromCodePoint(code);
    i += (plus ? 2 : 1) + digits;
  }
  return out;
}

/** PostgreSQL points at the bad escape itself: after the 3-character `U&'` / `U&"` prefix. */
function escapePosition(token: Token, indexInBody: number): number {
  return token.start + 3 + indexInBody + 1;
}
