import { describe, expect, it } from 'vitest';
import { statementShape } from './statement-shape.js';
import { ShapeMemo } from './statement-shape-memo.js';

describe('ShapeMemo', () => {
  it('gives the shape statementShape gives, the same object for the same text', () => {
    const memo = new ShapeMemo();
    const sql = 'SELECT name FROM items WHERE id = $1 AND grp = 7';
    const first = memo.shapeOf(sql);
    expect(first).toEqual(statementShape(sql));
    expect(memo.shapeOf(`${sql}`)).toBe(first);
    expect(memo.shapeOf('SELECT name FROM items WHERE id = $1 AND grp = 8')).not.toBe(first);
  });

  it('remembers texts without a shape too', () => {
    const memo = new ShapeMemo();
    expect(memo.shapeOf('BEGIN')).toBeUndefined();
    expect(memo.shapeOf('BEGIN')).toBeUndefined();
    expect(memo.shapeOf('SELECT 1; SELECT 2')).toBeUndefined();
  });

  it('stays bounded: past its size it starts over and still answers', () => {
    const memo = new ShapeMemo();
    const first = memo.shapeOf('SELECT 0');
    for (let i = 1; i <= 200; i++) expect(memo.shapeOf(`SELECT ${i} FROM t`)?.slots).toHaveLength(1);
    const again = memo.shapeOf('SELECT 0');
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
  });
});
