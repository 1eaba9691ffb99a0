import { Role } from '@app/federation/auth/caller';
import { RegistryNode } from '@app/federation/registry';
import { DemoClient, DemoSeed } from './demo-client';

/** The one password of every demo account (printed by `npm start`, documented in the README). */
export const DEMO_PASSWORD = 'xunshi2025';

/** Username suffix and display name of each role: `130102-office` is 长安区's 巡视巡察办. */
export const DEMO_ROLES: ReadonlyArray<{ role: Role; suffix: string; title: string }> = [
  { role: Role.InspectionOffice, suffix: 'office', title: '巡视巡察办' },
  { role: Role.LeadingGroup, suffix: 'leading', title: '巡视巡察工作领导小组' },
  { role: Role.Discipline, suffix: 'discipline', title: '纪检监察机关' },
  { role: Role.Organization, suffix: 'organization', title: '组织部门' },
  { role: Role.Analyst, suffix: 'analyst', title: '分析人员' },
  { role: Role.Auditor, suffix: 'auditor', title: '审计人员' },
  { role: Role.Operator, suffix: 'operator', title: '运维人员' },
  { role: Role.Administrator, suffix: 'admin', title: '系统管理员' },
];

const GRAPHQL_ROLE: Record<Role, string> = Object.fromEntries(Object.entries(Role).map(([key, value]) => [value, key])) as Record<Role, string>;

export function demoUsername(nodeId: string, suffix: string): string {
  return `${nodeId}-${suffix}`;
}

/**
 * One account per demo node and role, created through the API as that node's administrator (a
 * token from the CLI's signer). Creates only what is missing, so a second `npm start` adds nothing.
 */
export function accountsSeed(nodes: readonly RegistryNode[]): DemoSeed {
  const missing = async (client: DemoClient, node: RegistryNode) => {
    const data = await client.gql<{ accounts: Array<{ username: string }> }>(node.id, `query ($nodeId: ID!) { accounts(nodeId: $nodeId) { username } }`, { nodeId: node.id }, [Role.Administrator]);
    const have = new Set(data.accounts.map((account) => account.username));
    return DEMO_ROLES.filter(({ suffix }) => !have.has(demoUsername(node.id, suffix)));
  };
  return {
    name: `accounts: one per node and role (${nodes.length} × ${DEMO_ROLES.length}), password ${DEMO_PASSWORD}`,
    async isSeeded(client) {
      for (const node of nodes) if ((await missing(client, node)).length > 0) return false;
      return true;
    },
    async run(client) {
      // Nodes one host at a time would serialise the hashing; all nodes at once spread it over the hosts.
      await Promise.all(
        nodes.map(async (node) => {
          for (const { role, suffix, title } of await missing(client, node)) {
            await client.gql(
              node.id,
              `mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id } }`,
              { input: { nodeId: node.id, username: demoUsername(node.id, suffix), displayName: `${node.name}${title}`, roles: [GRAPHQL_ROLE[role]], password: DEMO_PASSWORD } },
              [Role.Administrator],
            );
          }
        }),
      );
    },
  };
}
