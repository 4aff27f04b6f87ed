import { describe, expect, it } from 'vitest';
import { StatementSplitter } from './statement-splitter.js';

/** Splits `text` fed in one piece, then again one character at a time: both must agree. */
function split(text: string): string[] {
  const whole = new StatementSplitter();
  const out = [...whole.push(text), ...whole.end()];
  const bytewise = new StatementSplitter();
  const pieces: string[] = [];
  for (const ch of text) pieces.push(...bytewise.push(ch));
  pieces.push(...bytewise.end());
  expect(pieces).toEqual(out);
  return out;
}

describe('StatementSplitter', () => {
  it('splits at semicolons and keeps them', () => {
    expect(split('SELECT 1; SELECT 2;\nSELECT 3;')).toEqual(['SELECT 1;', 'SELECT 2;', 'SELECT 3;']);
  });

  it('ignores semicolons in strings, identifiers, comments and parentheses', () => {
    const sql = [
      'SELECT \'a;b\', \'it\'\'s;\', "x;y", "q"";" FROM t; -- c;c',
      'SELECT 1 /* a; /* nested; */ still; */ + 2;',
      'CREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2);',
    ].join('\n');
    expect(split(sql)).toEqual([
      'SELECT \'a;b\', \'it\'\'s;\', "x;y", "q"";" FROM t;',
      '-- c;c\nSELECT 1 /* a; /* nested; */ still; */ + 2;',
      'CREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2);',
    ]);
  });

  it('handles dollar quotes with and without tags, but not $1 parameters', () => {
    const sql = "DO $$ BEGIN PERFORM 1; END $$; SELECT $fn$ a;$$; $fn$; SELECT $1; SELECT a$b; SELECT 'x';";
    expect(split(sql)).toEqual([
      'DO $$ BEGIN PERFORM 1; END $$;',
      'SELECT $fn$ a;$$; $fn$;',
      'SELECT $1;',
      'SELECT a$b;',
      "SELECT 'x';",
    ]);
  });

  it('treats backslashes as escapes only in E strings', () => {
    expect(split("SELECT E'a\\';b'; SELECT 'c\\'; SELECT e'\\\\';")).toEqual([
      "SELECT E'a\\';b';",
      "SELECT 'c\\';",
      "SELECT e'\\\\';",
    ]);
    // `the'` is an identifier followed by a string, not an E string.
    expect(split("SELECT the'x\\'; SELECT 2;")).toEqual(["SELECT the'x\\';", 'SELECT 2;']);
  });

  it('drops empty statements and comment-only text, sends an unterminated rest at end', () => {
    expect(split(';; -- only a comment\n ; SELECT 1; /* c */ ')).toEqual(['SELECT 1;']);
    expect(split('SELECT 1;\nSELECT 2')).toEqual(['SELECT 1;', 'SELECT 2']);
    expect(split("SELECT 'unterminated;")).toEqual(["SELECT 'unterminated;"]);
  });

  it('reports the state the continuation prompt shows', () => {
    const s = new StatementSplitter();
    expect(s.isEmpty).toBe(true);
    s.push('SELECT (1,\n');
    expect([s.isEmpty, s.state]).toEqual([false, 'paren']);
    s.push("'abc\n");
    expect(s.state).toBe('single-quote');
    s.push('\' , "id\n');
    expect(s.state).toBe('double-quote');
    s.push('" /* note\n');
    expect(s.state).toBe('comment');
    s.push('*/ $x$ body\n');
    expect(s.state).toBe('dollar-quote');
    expect(s.push('$x$);\n')).toEqual(['SELECT (1,\n\'abc\n\' , "id\n" /* note\n*/ $x$ body\n$x$);']);
    expect([s.isEmpty, s.state]).toEqual([true, 'normal']);
    s.push('-- just a comment\n');
    expect(s.isEmpty).toBe(true);
    s.push('SELECT');
    s.reset();
    expect(s.isEmpty).toBe(true);
    expect(s.end()).toEqual([]);
  });
});
