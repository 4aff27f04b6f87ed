/**
 * The extended query protocol's frontend messages, decoded into plain objects, and the decoding
 * of Bind's parameter values into SQL values (text through `parseText`, binary through
 * binary-format.ts). Every read is bounds-checked by FrontendMessage; the error texts are
 * PostgreSQL's (postgres.c's exec_bind_message and friends).
 *
 * Parse 'P':    String statement, String query, Int16 n, Int32[n] parameter type OIDs (0: infer)
 * Bind 'B':     String portal, String statement, Int16 f, Int16[f] parameter format codes,
 *               Int16 n, n × (Int32 length (-1: NULL), Byte[length] value),
 *               Int16 r, Int16[r] result format codes
 * Describe 'D': Byte1 'S' (statement) or 'P' (portal), String name
 * Execute 'E':  String portal, Int32 row limit (0: no limit)
 * Close 'C':    Byte1 'S' or 'P', String name
 *
 * Format code lists follow one rule: none means all text, one applies to every item, otherwise
 * one per item.
 *
 * The `answer…` functions handle the synchronous messages for the connection: decode, call the
 * session, write the reply (ParseComplete, BindComplete, ParameterDescription + RowDescription /
 * NoData, CloseComplete). Errors propagate to the connection, which skips until Sync.
 *
 * @see https://www.postgresql.org/docs/15/protocol-message-formats.html
 */
import { DbError, parseText, protocolViolation, type SqlType, type Value } from '@rustydb/common';
import { readBinary } from './binary-format.js';
import { checkUtf8, type FrontendMessage } from './frontend-message.js';
import type { MessageWriter } from './message-writer.js';
import type { FormatCode, Session, TextInputSettings } from './session.js';

export interface ParseMessage {
  readonly statement: string;
  readonly query: string;
  readonly paramTypeOids: readonly number[];
}

export interface BindMessage {
  readonly portal: string;
  readonly statement: string;
  readonly paramFormats: readonly FormatCode[];
  /** Views into the message (copy to keep); null for NULL. */
  readonly params: readonly (Buffer | null)[];
  readonly resultFormats: readonly FormatCode[];
}

export interface TargetMessage {
  readonly target: 'S' | 'P';
  readonly name: string;
}

export function readParse(msg: FrontendMessage): ParseMessage {
  const statement = msg.cstring(true);
  const query = msg.cstring(true);
  const n = msg.int16();
  const paramTypeOids: number[] = [];
  // NB: OIDs are unsigned; int32() would turn the large ones negative.
  for (let i = 0; i < n; i++) paramTypeOids.push(msg.int32() >>> 0);
  msg.expectEnd();
  return { statement, query, paramTypeOids };
}

export function readBind(msg: FrontendMessage): BindMessage {
  const portal = msg.cstring(true);
  const statement = msg.cstring(true);
  const paramFormats = formatCodes(msg);
  const n = msg.int16();
  if (paramFormats.length > 1 && paramFormats.length !== n) {
    throw protocolViolation(`bind message has ${paramFormats.length} parameter formats but ${n} parameters`);
  }
  // Sized up front: push() onto [] would allocate room for 17 values for the usual one or two.
  // NB: bounded by the frame (each value takes 4 bytes at least), not by the claimed count.
  const params = new Array<Buffer | null>(Math.max(0, Math.min(n, msg.remaining >>> 2)));
  for (let i = 0; i < n; i++) {
    const length = msg.int32();
    params[i] = length === -1 ? null : msg.view(length);
  }
  const resultFormats = formatCodes(msg);
  msg.expectEnd();
  return { portal, statement, paramFormats, params, resultFormats };
}

export function readTarget(msg: FrontendMessage, what: 'DESCRIBE' | 'CLOSE'): TargetMessage {
  const subtype = msg.byte();
  const name = msg.cstring(true);
  msg.expectEnd();
  if (subtype !== 0x53 && subtype !== 0x50) {
    throw protocolViolation(`invalid ${what} message subtype ${subtype}`);
  }
  return { target: subtype === 0x53 ? 'S' : 'P', name };
}

export function readExecute(msg: FrontendMessage): { portal: string; maxRows: number } {
  const portal = msg.cstring(true);
  const maxRows = msg.int32();
  msg.expectEnd();
  // PostgreSQL treats a negative limit as no limit.
  return { portal, maxRows: Math.max(maxRows, 0) };
}

/** Shared lists for the common cases (none, or one code for every item): no array per Bind. */
const NO_CODES: readonly FormatCode[] = Object.freeze([]);
const ALL_TEXT: readonly FormatCode[] = Object.freeze([0]);
const ALL_BINARY: readonly FormatCode[] = Object.freeze([1]);

function formatCodes(msg: FrontendMessage): readonly FormatCode[] {
  const n = msg.int16();
  if (n === 0) return NO_CODES;
  if (n === 1) return formatCode(msg.int16()) === 0 ? ALL_TEXT : ALL_BINARY;
  const codes: FormatCode[] = [];
  for (let i = 0; i < n; i++) {
    codes.push(formatCode(msg.int16()));
  }
  return codes;
}

function formatCode(code: number): FormatCode {
  if (code !== 0 && code !== 1) throw new DbError('22023', `unsupported format code: ${code}`);
  return code;
}

/**
 * The values of Bind's parameters, decoded as `types` (the prepared statement's parameter types).
 * Sync. @throws DbError 08P01 when the counts disagree, and the input errors of each type
 * (22P02, 22003, 22P03, 22021 …).
 */
export function decodeParameters(
  bind: BindMessage,
  types: readonly SqlType[],
  input?: TextInputSettings,
): Value[] {
  if (bind.params.length !== types.length) {
    throw protocolViolation(
      `bind message supplies ${bind.params.length} parameters, but prepared statement "${bind.statement}" requires ${types.length}`,
    );
  }
  // Sized up front, as readBind's list.
  const values = new Array<Value>(types.length);
  for (let i = 0; i < types.length; i++) {
    const bytes = bind.params[i];
    const format = bind.paramFormats.length === 1 ? bind.paramFormats[0] : (bind.paramFormats[i] ?? 0);
    values[i] = bytes === null ? null : decodeParameter(bytes, format, types[i], i + 1, input);
  }
  return values;
}

function decodeParameter(
  bytes: Buffer,
  format: FormatCode,
  type: SqlType,
  n: number,
  input: TextInputSettings | undefined,
): Value {
  if (format === 0) {
    // pgbench -M prepared and most drivers send integer keys as text: read the digits in place.
    if (type.name === 'int4') {
      const v = plainInteger(bytes);
      if (v !== undefined) return v;
    }
    checkUtf8(bytes, 0, bytes.length);
    return parseText(bytes.toString('utf8'), type, input?.timeZone, input?.dateTimeStyle);
  }
  try {
    return readBinary(bytes, type);
  } catch (err) {
    if (err instanceof DbError && err.message === 'incorrect binary data format') {
      throw new DbError('22P03', `incorrect binary data format in bind parameter ${n}`);
    }
    throw err;
  }
}

/**
 * The value of a text parameter of one to nine ASCII digits after an optional minus sign, read
 * without making a string; undefined for anything else (spaces, a plus sign, longer numbers,
 * other characters), which `parseText` then handles with its checks and errors. Nine digits
 * always fit int4, so no range check is needed.
 */
export function plainInteger(bytes: Uint8Array): number | undefined {
  const n = bytes.length;
  const neg = n > 0 && bytes[0] === 0x2d;
  let i = neg ? 1 : 0;
  if (n - i < 1 || n - i > 9) return undefined;
  let v = 0;
  for (; i < n; i++) {
    const d = bytes[i]! - 0x30;
    if (d < 0 || d > 9) return undefined;
    v = v * 10 + d;
  }
  // Never -0 (parseText's rule).
  return neg && v !== 0 ? -v : v;
}

/** Parse → `Session.prepare` → ParseComplete. Sync. */
export function answerParse(msg: FrontendMessage, session: Session, writer: MessageWriter): void {
  const parse = readParse(msg);
  session.prepare(parse.statement, parse.query, parse.paramTypeOids);
  writer.parseComplete();
}

/** Bind → parameters decoded with the statement's types → `Session.bind` → BindComplete. Sync. */
export function answerBind(msg: FrontendMessage, session: Session, writer: MessageWriter): void {
  const bind = readBind(msg);
  const { paramTypes } = session.describeStatement(bind.statement);
  const params = decodeParameters(bind, paramTypes, session.textInput?.());
  session.bind(bind.portal, bind.statement, params, bind.resultFormats);
  writer.bindComplete();
}

/** Describe 'S' → ParameterDescription, RowDescription or NoData; 'P' → RowDescription or NoData. */
export function answerDescribe(msg: FrontendMessage, session: Session, writer: MessageWriter): void {
  const { target, name } = readTarget(msg, 'DESCRIBE');
  if (target === 'S') {
    const d = session.describeStatement(name);
    writer.parameterDescription(d.paramTypes);
    if (d.fields === undefined) writer.noData();
    else writer.rowDescription(d.fields);
    return;
  }
  const fields = session.describePortal(name);
  if (fields === undefined) writer.noData();
  else writer.rowDescription(fields);
}

/** Close 'S' / 'P' → CloseComplete (a missing name is not an error). Sync. */
export function answerClose(msg: FrontendMessage, session: Session, writer: MessageWriter): void {
  const { target, name } = readTarget(msg, 'CLOSE');
  if (target === 'S') session.closeStatement(name);
  else session.closePortal(name);
  writer.closeComplete();
}
