import { describe, expect, it } from 'vitest';
import { DbError, resourceLimitError, toDbError } from './db-error.js';

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('did not throw');
}

describe('resourceLimitError', () => {
  it("maps V8's string and array length limits to PostgreSQL's 54000 out of memory", () => {
    for (const err of [thrown(() => 'x'.repeat(2 ** 30)), thrown(() => new Array(2 ** 32))]) {
      expect(resourceLimitError(err)).toMatchObject({ code: '54000', message: 'out of memory' });
      expect(toDbError(err)).toMatchObject({ code: '54000' });
    }
  });

  it('maps a stack overflow to 54001 stack depth limit exceeded', () => {
    const recurse = (n: number): number => recurse(n + 1) + 1;
    expect(resourceLimitError(thrown(() => recurse(0)))).toMatchObject({
      code: '54001',
      message: 'stack depth limit exceeded',
    });
  });

  it('leaves other errors alone', () => {
    expect(resourceLimitError(new RangeError('Invalid time value'))).toBeUndefined();
    expect(resourceLimitError(new Error('Invalid string length'))).toBeUndefined();
    expect(resourceLimitError(new DbError('22003', 'out of range'))).toBeUndefined();
    expect(toDbError(new Error('boom'))).toMatchObject({ code: 'XX000', message: 'boom' });
  });
});
