import { HostContext } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CommonErrorCode, CommonException } from '../common/common.exception';
import { PageInput } from '../common/pagination';
import { localDateOf } from '../deadlines/local-date';
import { OrganisationFilter } from './dto/organisation.inputs';
import { Organisation, homeNodeOf, isActiveOn } from './organisation.entity';
import { OrganisationErrorCode, OrganisationException } from './organisation.exception';
import { OrganisationPage, OrganisationView } from './organisation.types';

/** Reads of a node's register and of the copies it holds of its subtree's registers, by name. */
@Injectable()
export class OrganisationQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly host: HostContext,
  ) {}

  async list(nodeId: string, filter: OrganisationFilter, page: PageInput): Promise<OrganisationPage> {
    const qb = this.dataSource.getRepository(Organisation).createQueryBuilder('o').where('o.node_id = :nodeId', { nodeId });
    if (filter.kinds?.length) qb.andWhere('o.kind IN (:...kinds)', { kinds: filter.kinds });
    if (filter.inspectorNodeId) qb.andWhere('o.inspector_node_id = :inspector', { inspector: filter.inspectorNodeId });
    if (filter.under) {
      const under = this.host.registry.has(filter.under) ? this.host.registry.subtree(filter.under).map((node) => node.id) : [];
      qb.andWhere('o.inspector_node_id IN (:...under)', { under: under.length ? under : ['-'] });
    }
    if (filter.activeOn) qb.andWhere('o.active_from <= :on AND (o.active_to IS NULL OR o.active_to >= :on)', { on: filter.activeOn });
    if (filter.search) qb.andWhere(`strpos(o.name, :search) > 0`, { search: filter.search });
    const total = await qb.getCount();
    if (page.after) {
      const cursor = decode(page.after);
      qb.andWhere('(o.name, o.id) > (:name, :id)', cursor);
    }
    const rows = await qb.orderBy('o.name', 'ASC').addOrderBy('o.id', 'ASC').take(page.first + 1).getMany();
    const items = rows.slice(0, page.first);
    const last = items.at(-1);
    return { items: items.map((org) => this.view(org)), total, nextCursor: rows.length > page.first && last ? encode(last) : null };
  }

  async get(nodeId: string, id: string): Promise<OrganisationView> {
    return this.view(await this.held(this.dataSource.manager, nodeId, id));
  }

  /** An organisation the node holds: its own, or a copy from below. */
  async held(manager: EntityManager, nodeId: string, id: string): Promise<Organisation> {
    const org = await manager.findOneBy(Organisation, { nodeId, id });
    if (!org) throw new OrganisationException(OrganisationErrorCode.NotFound, `node ${nodeId} holds no organisation ${id}`);
    return org;
  }

  view(org: Organisation, today = localDateOf(new Date())): OrganisationView {
    const registry = this.host.registry;
    return {
      ...org,
      inspectorName: registry.find(org.inspectorNodeId)?.name ?? org.inspectorNodeId,
      regionName: org.regionNodeId ? (registry.find(org.regionNodeId)?.name ?? org.regionNodeId) : null,
      homeNodeId: homeNodeOf(org),
      active: isActiveOn(org, today),
      own: org.inspectorNodeId === org.nodeId,
    };
  }
}

function encode(org: Organisation): string {
  return Buffer.from(JSON.stringify({ name: org.name, id: org.id })).toString('base64url');
}

function decode(text: string): { name: string; id: string } {
  try {
    const cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (typeof cursor?.name === 'string' && /^[0-9a-f-]{36}$/i.test(cursor?.id)) return cursor;
  } catch {
    // refused below
  }
  throw new CommonException(CommonErrorCode.BadCursor, 'the cursor is not one this API returned');
}
