import { describe, expect, it } from 'vitest';
import { corpusDir, listCorpusFiles, loadCorpusFile, parseCorpusFile } from './corpus-file.js';

describe('parseCorpusFile', () => {
  it('splits at lines ending with a semicolon and labels statements with the comments before them', () => {
    const file = parseCorpusFile(
      'x.sql',
      [
        '-- first block',
        '-- continued',
        'SELECT 1;',
        '',
        'SELECT',
        '  2 ;',
        'SELECT 3; ',
        '-- last',
        'VALUES (1);',
      ].join('\n'),
    );
    expect(file.statements).toEqual([
      { index: 1, line: 3, sql: 'SELECT 1', label: 'first block continued' },
      { index: 2, line: 5, sql: 'SELECT\n  2', label: '' },
      { index: 3, line: 7, sql: 'SELECT 3', label: '' },
      { index: 4, line: 9, sql: 'VALUES (1)', label: 'last' },
    ]);
  });

  it('keeps semicolons that do not end a line inside the statement', () => {
    const file = parseCorpusFile('x.sql', "SELECT ';' AS a,\n  2;\n");
    expect(file.statements.map((s) => s.sql)).toEqual(["SELECT ';' AS a,\n  2"]);
  });

  it('rejects text after the last statement', () => {
    expect(() => parseCorpusFile('x.sql', 'SELECT 1;\nSELECT 2\n')).toThrow('x.sql:2');
  });
});

describe('the shipped corpus', () => {
  it('parses, and holds at least 500 statements', () => {
    const files = listCorpusFiles(corpusDir);
    const counts = files.map((f) => loadCorpusFile(f).statements.length);
    expect(files.length).toBeGreaterThan(10);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(500);
  });
});
