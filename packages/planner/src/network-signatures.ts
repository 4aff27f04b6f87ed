/**
 * Signatures of the network address functions (pg_proc's entries for inet, cidr and macaddr),
 * including the functions behind their operators, which bind-network.ts calls as PostgreSQL's
 * pg_operator.oprcode would. The executor implements them in network-functions.ts.
 */
import type { FunctionSignature } from './functions.js';

const s = (name: string, args: FunctionSignature['args'], result: FunctionSignature['result']) => ({
  name,
  args,
  result,
});

export const NETWORK_SIGNATURES: readonly FunctionSignature[] = [
  s('abbrev', ['inet'], 'text'),
  s('abbrev', ['cidr'], 'text'),
  s('broadcast', ['inet'], 'inet'),
  s('family', ['inet'], 'int4'),
  s('host', ['inet'], 'text'),
  s('hostmask', ['inet'], 'inet'),
  s('masklen', ['inet'], 'int4'),
  s('netmask', ['inet'], 'inet'),
  s('network', ['inet'], 'cidr'),
  s('set_masklen', ['inet', 'int4'], 'inet'),
  s('set_masklen', ['cidr', 'int4'], 'cidr'),
  s('inet_merge', ['inet', 'inet'], 'cidr'),
  s('inet_same_family', ['inet', 'inet'], 'bool'),
  s('text', ['inet'], 'text'),
  s('cidr', ['inet'], 'cidr'),
  s('trunc', ['macaddr'], 'macaddr'),
  // Behind the operators (bind-network.ts).
  ...['network_sub', 'network_subeq', 'network_sup', 'network_supeq', 'network_overlap'].map((n) =>
    s(n, ['inet', 'inet'], 'bool'),
  ),
  s('inetnot', ['inet'], 'inet'),
  s('inetand', ['inet', 'inet'], 'inet'),
  s('inetor', ['inet', 'inet'], 'inet'),
  s('inetpl', ['inet', 'int8'], 'inet'),
  s('int8pl_inet', ['int8', 'inet'], 'inet'),
  s('inetmi_int8', ['inet', 'int8'], 'inet'),
  s('inetmi', ['inet', 'inet'], 'int8'),
  s('macaddr_not', ['macaddr'], 'macaddr'),
  s('macaddr_and', ['macaddr', 'macaddr'], 'macaddr'),
  s('macaddr_or', ['macaddr', 'macaddr'], 'macaddr'),
];
