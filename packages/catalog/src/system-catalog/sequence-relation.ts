/**
 * A sequence read as a relation (`SELECT last_value, is_called FROM seq`, as pg_dump reads each
 * sequence's state): one row of PostgreSQL's three sequence columns, read from the sequence's
 * page through the session (SessionInfo.sequenceState) when the statement scans it. Bound like a
 * computed catalog relation (a SystemScan), so the row is read once per statement.
 */
import type { Value } from '@rustydb/common';
import { DbError } from '@rustydb/common';
import type { SequenceDef } from '../catalog-reader.js';
import { defineRelation, type SystemRelation } from './system-relation.js';

/** The relation of sequence `seq`: last_value, log_cnt, is_called. */
export function sequenceRelation(seq: SequenceDef): SystemRelation {
  return defineRelation(
    'pg_catalog',
    seq.name,
    seq.oid,
    'last_value int8, log_cnt int8, is_called bool',
    (sc): Value[][] => {
      const state = sc.session.sequenceState?.(seq);
      if (state === undefined) {
        throw new DbError('0A000', `reading sequence "${seq.name}" as a relation is not available here`);
      }
      return [[state.lastValue, BigInt(state.logCnt), state.isCalled]];
    },
  );
}
