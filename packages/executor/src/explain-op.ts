/**
 * EXPLAIN as an operator: the plan printed by the optimizer's explainPlan, one text row per line.
 */
import { explainPlan, type PhysicalPlan } from '@rustydb/optimizer';
import { type Operator, RowListOperator } from './operator.js';

/** The rows of `EXPLAIN plan` (column "QUERY PLAN"). */
export function explainRows(plan: PhysicalPlan): Operator {
  const rows = explainPlan(plan).map((line) => [line]);
  return new RowListOperator(() => rows);
}
