import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { registerLabelledEnum } from '../labels/labels';
import { HostApp, Tier } from '../registry/registry.types';

registerLabelledEnum(Tier, {
  name: 'Tier',
  description: 'central 中央 · provincial 省 · municipal 市 · county 县',
  labels: { central: '中央', provincial: '省级', municipal: '市级', county: '县级' },
});
registerLabelledEnum(HostApp, { name: 'HostApp', labels: { central: '中央平台', provincial: '省级平台', local: '市县平台' } });

@ObjectType({ description: 'An inspection office in the hierarchy, identified by its GB/T 2260 code' })
export class HierarchyNode {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => Tier) tier: Tier;
  @Field(() => ID, { nullable: true }) parentId?: string;
  @Field({ description: 'Id of the host that serves this node' }) host: string;
  @Field({ description: 'True when the host answering this query serves the node' }) servedHere: boolean;
  @Field(() => Int, { description: 'Number of direct children' }) childCount: number;
}

@ObjectType()
export class HostInfo {
  @Field() hostId: string;
  @Field(() => HostApp) app: HostApp;
  @Field(() => Int, { description: 'Version of the hierarchy registry this host loaded' }) registryVersion: number;
  @Field(() => Int, { description: 'Nodes in the whole registry' }) registrySize: number;
  @Field(() => [HierarchyNode], { description: 'The nodes this host serves' }) nodes: HierarchyNode[];
}
