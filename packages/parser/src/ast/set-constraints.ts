/**
 * SET CONSTRAINTS.
 */
import type { ObjectName } from './object-name.js';

/**
 * `SET CONSTRAINTS { ALL | name [, …] } { DEFERRED | IMMEDIATE }`: when the deferrable
 * constraints of the current transaction are checked. `constraints` is 'all' or the names.
 */
export interface SetConstraintsStmt {
  readonly kind: 'setConstraints';
  readonly constraints: 'all' | readonly ObjectName[];
  readonly deferred: boolean;
}
