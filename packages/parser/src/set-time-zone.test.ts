/**
 * SET TIME ZONE's value forms (build-utility.ts): a zone string, a number of hours, and
 * INTERVAL '…' with an optional HOUR / MINUTE / HOUR TO MINUTE, which the TimeZone setting reads.
 */
import { DbError } from '@rustydb/common';
import { describe, expect, test } from 'vitest';
import type { SetStmt } from './ast/index.js';
import { parse } from './index.js';

const zoneValueOf = (sql: string) =>
  ((parse(sql)[0]!.stmt as SetStmt).value as unknown as { value: unknown }[])[0]!.value;

describe('SET TIME ZONE', () => {
  test('keeps an interval as PostgreSQL flattens it, with its fields', () => {
    expect(zoneValueOf("SET TIME ZONE INTERVAL '+05:30' HOUR TO MINUTE")).toBe(
      "INTERVAL '+05:30' HOUR TO MINUTE",
    );
    expect(zoneValueOf("SET TIME ZONE INTERVAL '5' hour")).toBe("INTERVAL '5' HOUR");
    expect(zoneValueOf("SET TIME ZONE INTERVAL '-08:00'")).toBe("INTERVAL '-08:00'");
    expect(zoneValueOf("SET TIME ZONE 'Europe/Paris'")).toBe('Europe/Paris');
  });

  test('refuses other interval fields with 42601 at the fields', () => {
    const sql = "SET TIME ZONE INTERVAL '1' MONTH";
    let error: unknown;
    try {
      parse(sql);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DbError);
    expect((error as DbError).message).toBe('time zone interval must be HOUR or HOUR TO MINUTE');
    expect((error as DbError).fields.position).toBe(sql.indexOf('MONTH') + 1);
  });
});
