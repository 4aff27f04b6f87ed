// Generates tools/hermitage/ssi/cases.json (usage: node generate-cases.mjs OUT.json): 60 random
// SERIALIZABLE interleavings of 3-4 sessions over two tables, see README.md beside it.
import { writeFileSync } from 'node:fs';
let seed = 20261129;
const rnd = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return Math.floor(seed / 65536) % n;
};
function gen(nT, maxOps) {
  const ro = Array.from({ length: nT }, (_, i) => i > 0 && rnd(4) === 0);
  const plans = [];
  for (let i = 1; i <= nT; i++) {
    const ops = [`begin isolation level LEVEL${ro[i - 1] ? ' read only' : ''}`];
    const n = 1 + rnd(maxOps);
    for (let j = 0; j < n; j++) {
      const tab = rnd(2) ? 'test' : 'test2';
      if (ro[i - 1] || rnd(2)) ops.push(`select sum(value) from ${tab}`);
      else if (rnd(2)) ops.push(`update ${tab} set value = value + 1 where id = ${i}`);
      else ops.push(`insert into ${tab} (id, value) values (${i * 100 + j}, 1)`);
    }
    ops.push(rnd(8) === 0 ? 'rollback' : 'commit');
    plans.push(ops);
  }
  const steps = [];
  for (let i = 1; i <= nT; i++)
    steps.push([i, 'set enable_indexscan = off'], [i, 'set enable_bitmapscan = off']);
  const pos = plans.map(() => 0);
  while (pos.some((p, i) => p < plans[i].length)) {
    const i = rnd(nT);
    if (pos[i] < plans[i].length) steps.push([i + 1, plans[i][pos[i]++]]);
  }
  return steps;
}
const cases = [];
for (let k = 1; k <= 60; k++)
  cases.push({
    name: `ssi random ${String(k).padStart(2, '0')}`,
    steps: gen(k <= 30 ? 3 : 4, k <= 30 ? 3 : 4),
  });
const corpus = {
  setup: [
    'drop table if exists test',
    'drop table if exists test2',
    'create table test (id int primary key, value int)',
    'create table test2 (id int primary key, value int)',
    'insert into test (id, value) values (1, 10), (2, 20), (3, 30)',
    'insert into test2 (id, value) values (1, 10), (2, 20), (3, 30)',
  ],
  levels: ['serializable'],
  cases,
};
writeFileSync(process.argv[2], `${JSON.stringify(corpus, null, 1)}\n`);
