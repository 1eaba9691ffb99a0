import { Injectable } from '@nestjs/common';
import { DeliveryContext, LinkageTaskAmendedPayload, LinkageTaskContent, LinkageTaskIssuedPayload, LinkageTaskReportPayload, MessagePayloads, MessageType, OutgoingMessage, Registry, UnitOfWork } from '@app/federation';
import { EntityManager } from 'typeorm';
import { insertAll } from '../common/bulk-insert';
import { DownwardKind, StatusEvents } from '../common/status-events';
import { viaChild } from '../common/target-scope';
import { LinkageTaskChild, LinkageTaskRecord, LinkageTaskUnit, LinkageTaskVersion } from './linkage-task.entity';
import { InspectionKind, LinkageType, RecipientPhase, RecipientState, TaskRole } from './linkage-task.enums';
import { TaskSummary, UnitLike, addSummaries, emptySummary, summarise } from './linkage-task.rollup';
import { Lifecycle, LifecycleEvent, can, isOpen, reconcileDeadline, stateOf, transition } from './linkage-task.state-machine';

/**
 * Each node's book of the tasks it issued, relays or received: the copy of the task, its versions,
 * every recipient's status as last reported, and the roll-ups materialised from them. Used alike by
 * mutations at the issuer or recipient and by message handlers at every level on the way.
 */
@Injectable()
export class LinkageTaskLedger {
  /** `node:task` → its root task: never changes, so a message about a task takes its family's lock before reading it. */
  private readonly roots = new Map<string, string>();

  constructor(
    private readonly registry: Registry,
    private readonly events: StatusEvents,
  ) {}

  /**
   * Serialises changes to one task family at one node: reports from several children arrive on
   * separate channels at once, and each recomputes roll-ups the others also write.
   */
  async lockFamily(manager: EntityManager, nodeId: string, rootTaskId: string): Promise<void> {
    await this.lockFamilies(manager, [{ nodeId, rootTaskId }]);
  }

  /** lockFamily for several (node, family) pairs in one statement, in a fixed order. */
  async lockFamilies(manager: EntityManager, families: ReadonlyArray<{ nodeId: string; rootTaskId: string }>): Promise<void> {
    const keys = [...new Set(families.map(({ nodeId, rootTaskId }) => `linkage_task:${nodeId}:${rootTaskId}`))].sort();
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext(k)) FROM (SELECT k FROM unnest($1::text[]) AS k ORDER BY k) AS ordered`, [keys]);
  }

  /** The node's copy of a task, read after taking its family's lock. */
  async lockTask(manager: EntityManager, nodeId: string, taskId: string): Promise<LinkageTaskRecord | null> {
    return (await this.lockTasks(manager, [{ nodeId, taskId }])).get(`${nodeId}:${taskId}`) ?? null;
  }

  /** lockTask for several tasks (of several nodes) at once; the result is keyed `node:task` and lacks those not held. */
  async lockTasks(manager: EntityManager, tasks: ReadonlyArray<{ nodeId: string; taskId: string }>): Promise<Map<string, LinkageTaskRecord>> {
    const keys = [...new Map(tasks.map((task) => [`${task.nodeId}:${task.taskId}`, { nodeId: task.nodeId, taskId: task.taskId }])).values()];
    const unknown = keys.filter(({ nodeId, taskId }) => !this.roots.has(`${nodeId}:${taskId}`));
    if (unknown.length > 0) {
      for (const found of await manager.find(LinkageTaskRecord, { select: { nodeId: true, taskId: true, rootTaskId: true }, where: unknown })) this.remember(found);
    }
    const held = keys.filter(({ nodeId, taskId }) => this.roots.has(`${nodeId}:${taskId}`));
    if (held.length === 0) return new Map();
    await this.lockFamilies(manager, held.map(({ nodeId, taskId }) => ({ nodeId, rootTaskId: this.roots.get(`${nodeId}:${taskId}`)! })));
    const records = await manager.find(LinkageTaskRecord, { where: held });
    return new Map(records.map((record) => [`${record.nodeId}:${record.taskId}`, record]));
  }

  private remember(record: Pick<LinkageTaskRecord, 'nodeId' | 'taskId' | 'rootTaskId'>): string {
    // Bounded: the oldest entries go first; a forgotten one costs one more read.
    if (this.roots.size >= ROOT_CACHE_SIZE) this.roots.delete(this.roots.keys().next().value!);
    this.roots.set(`${record.nodeId}:${record.taskId}`, record.rootTaskId);
    return record.rootTaskId;
  }

  find(manager: EntityManager, nodeId: string, taskId: string): Promise<LinkageTaskRecord | null> {
    return manager.findOne(LinkageTaskRecord, { where: { nodeId, taskId } });
  }

  unit(manager: EntityManager, nodeId: string, taskId: string, recipientId: string): Promise<LinkageTaskUnit | null> {
    return manager.findOne(LinkageTaskUnit, { where: { nodeId, taskId, recipientId } });
  }

  /** Records a task the first time a node sees it; a relaying node that turns out to be a recipient too becomes one. */
  async recordTask(manager: EntityManager, nodeId: string, issued: Omit<LinkageTaskIssuedPayload, 'recipients'>, role: TaskRole): Promise<LinkageTaskRecord> {
    const existing = await this.find(manager, nodeId, issued.taskId);
    if (existing) {
      this.remember(existing);
      if (existing.role === TaskRole.Relay && role === TaskRole.Recipient) {
        existing.role = role;
        await manager.update(LinkageTaskRecord, { nodeId, taskId: issued.taskId }, { role });
      }
      return existing;
    }
    const record = this.newRecord(manager, nodeId, issued, role);
    await manager.insert(LinkageTaskRecord, record);
    await manager.insert(LinkageTaskVersion, versionRow(record, null, record.issuedAt));
    return record;
  }

  /** A node's copy of a task it sees for the first time, not yet written; its roll-up still empty. */
  newRecord(manager: EntityManager, nodeId: string, issued: Omit<LinkageTaskIssuedPayload, 'recipients'>, role: TaskRole): LinkageTaskRecord {
    this.remember({ nodeId, taskId: issued.taskId, rootTaskId: issued.rootTaskId });
    return manager.create(LinkageTaskRecord, {
      nodeId,
      taskId: issued.taskId,
      role,
      issuerId: issued.issuerId,
      parentTaskId: issued.parentTaskId,
      rootTaskId: issued.rootTaskId,
      // Payload names are the enums' values (the message types cannot import the domain).
      kind: issued.kind as InspectionKind,
      linkageType: issued.linkageType as LinkageType,
      scope: issued.scope,
      version: issued.version,
      ...contentOf(issued),
      issuedAt: new Date(issued.issuedAt),
      amendedAt: null,
      cancelledAt: null,
      cancelReason: null,
      summary: emptySummary(),
      updatedAt: new Date(),
    });
  }

  /** Adds a recipient to the node's view, as issued; a deadline that has already passed makes it overdue at once. */
  async addUnit(manager: EntityManager, record: LinkageTaskRecord, recipientId: string): Promise<LinkageTaskUnit> {
    const existing = await this.unit(manager, record.nodeId, record.taskId, recipientId);
    if (existing) return existing;
    const unit = this.newUnit(manager, record, recipientId, new Date());
    await manager.insert(LinkageTaskUnit, unit);
    return unit;
  }

  /**
   * The recipients of a task being issued, in one statement (a nationwide task has thousands);
   * those already here are left as they are. Returns the recipients added.
   */
  async addUnits(manager: EntityManager, record: LinkageTaskRecord, recipientIds: readonly string[]): Promise<string[]> {
    const now = new Date();
    const added: string[] = [];
    for (let i = 0; i < recipientIds.length; i += INSERT_CHUNK) {
      const units = recipientIds.slice(i, i + INSERT_CHUNK).map((recipientId) => this.newUnit(manager, record, recipientId, now));
      const result = await manager.createQueryBuilder().insert().into(LinkageTaskUnit).values(units).orIgnore().returning(['recipientId']).execute();
      added.push(...(result.raw as Array<{ recipient_id: string }>).map((row) => row.recipient_id));
    }
    return added;
  }

  /**
   * The units of a task just issued here: all its recipients, as issued. Returns them as written,
   * which is all the task has here, so its roll-up needs no read.
   */
  async addFirstUnits(manager: EntityManager, record: LinkageTaskRecord, recipientIds: readonly string[]): Promise<LinkageTaskUnit[]> {
    const units = this.firstUnits(manager, record, recipientIds, null, new Date());
    await insertAll(manager, LinkageTaskUnit, units);
    return units;
  }

  /** The units of a task new at a node, not yet written: `holder`'s own already delivered (it has the task in hand). */
  firstUnits(manager: EntityManager, record: LinkageTaskRecord, recipientIds: readonly string[], holder: string | null, now: Date): LinkageTaskUnit[] {
    const units = [...new Set(recipientIds)].map((recipientId) => this.newUnit(manager, record, recipientId, now));
    const own = units.find((unit) => unit.recipientId === holder);
    if (own) Object.assign(own, lifecycleColumns(transition(lifecycleOf(own), LifecycleEvent.Deliver)), { rev: 1, reportedAt: now });
    return units;
  }

  private newUnit(manager: EntityManager, record: LinkageTaskRecord, recipientId: string, now: Date): LinkageTaskUnit {
    const life = reconcileDeadline({ phase: RecipientState.Issued, overdue: false }, record.deadline, now);
    return manager.create(LinkageTaskUnit, {
      nodeId: record.nodeId,
      taskId: record.taskId,
      recipientId,
      viaChild: viaChild(this.registry, record.nodeId, recipientId),
      ...lifecycleColumns(life),
      percent: 0,
      rev: 0,
      sentRev: 0,
      note: null,
      report: null,
      subtree: null,
      deadline: record.deadline,
      completedAt: null,
      reportedAt: null,
      updatedAt: now,
    });
  }

  /**
   * Applies a new version of the content and moves every unit to the new deadline; returns the
   * units whose state changed with it, or null when this node already holds that version.
   */
  async applyVersion(manager: EntityManager, record: LinkageTaskRecord, amended: LinkageTaskAmendedPayload): Promise<LinkageTaskUnit[] | null> {
    // A cancelled task keeps the version it was cancelled at: only an amendment overtaken by its cancel could get here.
    if (amended.version <= record.version || record.cancelledAt) return null;
    Object.assign(record, contentOf(amended), { version: amended.version, amendedAt: new Date(amended.amendedAt), updatedAt: new Date() });
    await manager.save(record);
    await this.recordVersion(manager, record, amended.note, new Date(amended.amendedAt));
    const changed: LinkageTaskUnit[] = [];
    const now = new Date();
    for (const unit of await this.units(manager, record)) {
      const life = reconcileDeadline(lifecycleOf(unit), record.deadline, now);
      const moved = stateOf(life) !== unit.state;
      Object.assign(unit, lifecycleColumns(life), { deadline: record.deadline, updatedAt: now });
      await manager.save(unit);
      if (moved) changed.push(unit);
    }
    this.events.queue(manager, { nodeId: record.nodeId, kind: DownwardKind.LinkageTask, subjectId: record.taskId, state: `amended v${record.version}` });
    return changed;
  }

  /**
   * Cancels the node's copy and every unfinished recipient in its view; false when already
   * cancelled. The node's own unit, when it is a recipient, is cancelled as a new revision of its
   * status and reported up like any other change: the levels above cancelled their view of it
   * already, and this report is what a receipt sent before the cancel arrived cannot overtake.
   */
  async applyCancel(tx: UnitOfWork, record: LinkageTaskRecord, reason: string, at: Date): Promise<boolean> {
    if (record.cancelledAt) return false;
    Object.assign(record, { cancelledAt: at, cancelReason: reason, updatedAt: new Date() });
    await tx.manager.save(record);
    for (const unit of await this.units(tx.manager, record)) {
      if (!can(lifecycleOf(unit), LifecycleEvent.Cancel)) continue;
      Object.assign(unit, lifecycleColumns(transition(lifecycleOf(unit), LifecycleEvent.Cancel)), { updatedAt: new Date() });
      if (unit.recipientId === record.nodeId) await this.report(tx, record, unit);
      else await tx.manager.save(unit);
    }
    this.events.queue(tx.manager, { nodeId: record.nodeId, kind: DownwardKind.LinkageTask, subjectId: record.taskId, state: RecipientState.Cancelled });
    return true;
  }

  /**
   * Records reports that came up from children, for several tasks (of several nodes) in one
   * statement: each recipient's newer ones, stale ones skipped. Returns, by `node:task`, the
   * recipients whose view changed.
   */
  async applyReports(manager: EntityManager, tasks: ReadonlyArray<{ record: LinkageTaskRecord; reports: readonly LinkageTaskReportPayload[] }>): Promise<Map<string, string[]>> {
    const changed = await this.updateUnits(manager, tasks);
    for (const { record, reports } of tasks) {
      const key = `${record.nodeId}:${record.taskId}`;
      const missing = new Set(reports.map((report) => report.recipientId));
      for (const recipientId of changed.get(key) ?? []) missing.delete(recipientId);
      if (missing.size === 0) continue;
      // Not newer, or not here: a level that missed a recipient's issue (it did not exist here yet)
      // still keeps its reports. Rare, so the usual batch costs one statement, not an insert too.
      const added = await this.addUnits(manager, record, [...missing]);
      if (added.length === 0) continue;
      const late = await this.updateUnits(manager, [{ record, reports: reports.filter((report) => added.includes(report.recipientId)) }]);
      changed.set(key, [...(changed.get(key) ?? []), ...(late.get(key) ?? [])]);
    }
    return changed;
  }

  private async updateUnits(manager: EntityManager, tasks: ReadonlyArray<{ record: LinkageTaskRecord; reports: readonly LinkageTaskReportPayload[] }>): Promise<Map<string, string[]>> {
    const now = Date.now();
    const rows = tasks.flatMap(({ record, reports }) =>
      reports.map((report) => {
        // This level's clock counts too: a deadline that passed here is overdue whatever the report says.
        const phase = report.phase as RecipientPhase;
        const life = { phase, overdue: report.overdue || (isOpen(phase) && record.deadline.getTime() <= now) };
        return {
          node_id: record.nodeId,
          task_id: record.taskId,
          recipient_id: report.recipientId,
          rev: report.rev,
          ...lifecycleColumns(life),
          percent: report.percent,
          note: report.note,
          report: report.report,
          subtree: report.subtree,
          reported_at: report.at,
          completed_at: report.phase === RecipientState.Completed ? report.at : null,
        };
      }),
    );
    const changed = new Map<string, string[]>();
    if (rows.length === 0) return changed;
    const [updated]: [Array<{ node_id: string; task_id: string; recipient_id: string; state: RecipientState }>, number] = await manager.query(
      `UPDATE linkage_task_unit AS u
          SET rev = r.rev, phase = r.phase, overdue = r.overdue, state = r.state, percent = r.percent, note = r.note, report = r.report,
              subtree = r.subtree, reported_at = r.reported_at, completed_at = r.completed_at, updated_at = now()
         FROM (SELECT DISTINCT ON (node_id, task_id, recipient_id) * FROM jsonb_to_recordset($1::jsonb) AS x(
                 node_id varchar, task_id uuid, recipient_id varchar, rev int, phase varchar, overdue boolean, state varchar, percent int,
                 note text, report text, subtree jsonb, reported_at timestamptz, completed_at timestamptz)
               ORDER BY node_id, task_id, recipient_id, rev DESC) AS r
        WHERE u.node_id = r.node_id AND u.task_id = r.task_id AND u.recipient_id = r.recipient_id AND u.rev < r.rev
          -- Monotonic along the lifecycle: a report never takes a unit out of a terminal state. A
          -- cancelled unit takes only the recipient's own cancel (its later revision) or its
          -- completion (done before the cancel reached it); a completed one, only completion.
          AND (u.phase NOT IN ('cancelled', 'completed') OR r.phase = 'completed' OR (u.phase = 'cancelled' AND r.phase = 'cancelled'))
          AND u.node_id = ANY($2::varchar[]) AND u.task_id = ANY($3::uuid[]) AND u.recipient_id = ANY($4::varchar[])
        RETURNING u.node_id, u.task_id, u.recipient_id, u.state`,
      // The keys again as arrays: the primary-key condition then finds just these rows; joined on
      // the recordset alone, the plan read every unit of a nationwide task (52 ms a batch at central).
      [JSON.stringify(rows), [...new Set(rows.map((row) => row.node_id))], [...new Set(rows.map((row) => row.task_id))], rows.map((row) => row.recipient_id)],
    );
    for (const unit of updated) {
      this.events.queue(manager, { nodeId: unit.node_id, kind: DownwardKind.LinkageTask, subjectId: unit.task_id, targetId: unit.recipient_id, state: unit.state });
      const key = `${unit.node_id}:${unit.task_id}`;
      changed.set(key, [...(changed.get(key) ?? []), unit.recipient_id]);
    }
    return changed;
  }

  /** Saves the node's own lifecycle after a transition and reports it up. */
  async changeOwn(tx: UnitOfWork, record: LinkageTaskRecord, own: LinkageTaskUnit, life: Lifecycle, changes: Partial<LinkageTaskUnit> = {}): Promise<void> {
    await this.reportOwn(tx, record, own, life, changes);
    await this.refresh(tx, record);
  }

  /** changeOwn without the roll-up, for a caller that refreshes it later. */
  async reportOwn(tx: UnitOfWork, record: LinkageTaskRecord, own: LinkageTaskUnit, life: Lifecycle, changes: Partial<LinkageTaskUnit> = {}): Promise<void> {
    Object.assign(own, lifecycleColumns(life), changes);
    if (life.phase === RecipientState.Completed && !own.completedAt) own.completedAt = new Date();
    await this.report(tx, record, own);
  }

  /** Deadlines keep running whoever is online: marks this node's view of late recipients overdue, reporting its own lateness up. */
  async expire(tx: UnitOfWork, record: LinkageTaskRecord, now: Date): Promise<void> {
    for (const unit of await this.units(tx.manager, record)) {
      const life = reconcileDeadline(lifecycleOf(unit), unit.deadline, now);
      if (stateOf(life) === unit.state) continue;
      Object.assign(unit, lifecycleColumns(life));
      if (unit.recipientId === record.nodeId) {
        await this.report(tx, record, unit);
      } else {
        unit.updatedAt = now;
        await tx.manager.save(unit);
        this.events.queue(tx.manager, { nodeId: record.nodeId, kind: DownwardKind.LinkageTask, subjectId: record.taskId, targetId: unit.recipientId, state: unit.state });
      }
    }
    await this.refresh(tx, record);
  }

  /**
   * Re-materialises the node's roll-ups of a task from its units. When the node issued the task as
   * an assignment, its own unit on the parent task now adds up differently: report that upward too.
   * `inHand`: all the task's units here, when the caller has just written them.
   */
  async refresh(tx: UnitOfWork, record: LinkageTaskRecord, inHand?: ReadonlyArray<UnitLike & Pick<LinkageTaskUnit, 'viaChild'>>): Promise<void> {
    const { manager } = tx;
    const units = inHand
      ? [...inHand].sort((a, b) => a.recipientId.localeCompare(b.recipientId))
      : await manager.find(LinkageTaskUnit, { select: SUMMED, where: { nodeId: record.nodeId, taskId: record.taskId }, order: { recipientId: 'ASC' } });
    await this.saveChildren(manager, record.nodeId, record.taskId, byChild(record.nodeId, units));
    await this.saveTotal(tx, record, summarise(units));
  }

  /**
   * refresh for a whole run of delivered messages instead of once per message, and only where
   * they landed: the roll-up of each child a report came through, then the task's total from the
   * children's rows. A nationwide task's receipts arrive by the hundred, and a full refresh reads
   * every unit of the task; a run of cities takes the receipts of hundreds of counties, and all
   * its tasks are refreshed with a few statements in all.
   */
  refreshAtEnd(ctx: DeliveryContext, record: LinkageTaskRecord, recipientIds: readonly string[]): void {
    const children = [...new Set(recipientIds.map((recipientId) => viaChild(this.registry, record.nodeId, recipientId)))].filter((child) => child !== record.nodeId);
    ctx.atEnd<AtEnd>('linkage_task:refresh', (items) => this.refreshTasks(items), { ctx, record, children });
  }

  private async refreshTasks(items: readonly AtEnd[]): Promise<void> {
    const tasks = byTask(items);
    const { manager } = tasks[0].ctx;
    const wanted = tasks.flatMap(({ record, children }) => children.map((childId) => ({ nodeId: record.nodeId, taskId: record.taskId, childId })));
    if (wanted.length > 0) {
      const units: Array<UnitLike & { nodeId: string; viaChild: string }> = await manager.query(
        `SELECT u.node_id AS "nodeId", u.task_id AS "taskId", u.recipient_id AS "recipientId", u.via_child AS "viaChild", u.state, u.percent, u.deadline, u.subtree
           FROM linkage_task_unit AS u JOIN unnest($1::varchar[], $2::uuid[], $3::varchar[]) AS w(node_id, task_id, via_child)
             ON u.node_id = w.node_id AND u.task_id = w.task_id AND u.via_child = w.via_child
          WHERE u.node_id = ANY($1::varchar[]) AND u.task_id = ANY($2::uuid[])
          ORDER BY u.recipient_id`,
        [wanted.map((w) => w.nodeId), wanted.map((w) => w.taskId), wanted.map((w) => w.childId)],
      );
      const now = new Date();
      const rows = [...groupBy(units, (unit) => `${unit.nodeId}:${unit.taskId}:${unit.viaChild}`).values()].map((below) =>
        childRow(below[0].nodeId, below[0].taskId, below[0].viaChild, below, now),
      );
      await insertAll(manager, LinkageTaskChild, rows, ['node_id', 'task_id', 'child_id']);
    }
    await this.refreshTotals(tasks);
  }

  private async saveChildren(manager: EntityManager, nodeId: string, taskId: string, units: Map<string, UnitLike[]>): Promise<void> {
    const now = new Date();
    const rows = [...units].map(([childId, childUnits]) => childRow(nodeId, taskId, childId, childUnits, now));
    await insertAll(manager, LinkageTaskChild, rows, ['node_id', 'task_id', 'child_id']);
  }

  /** The tasks' roll-ups from their own units and their children's rows (which refreshTasks keeps). */
  private async refreshTotals(tasks: readonly AtEnd[]): Promise<void> {
    const { manager } = tasks[0].ctx;
    const keys = [tasks.map(({ record }) => record.nodeId), tasks.map(({ record }) => record.taskId)];
    const own: Array<UnitLike & { nodeId: string }> = await manager.query(
      `SELECT u.node_id AS "nodeId", u.task_id AS "taskId", u.recipient_id AS "recipientId", u.state, u.percent, u.deadline, u.subtree
         FROM linkage_task_unit AS u JOIN unnest($1::varchar[], $2::uuid[]) AS w(node_id, task_id)
           ON u.node_id = w.node_id AND u.task_id = w.task_id AND u.via_child = w.node_id
        WHERE u.node_id = ANY($1::varchar[]) AND u.task_id = ANY($2::uuid[])`,
      keys,
    );
    const children: Array<{ nodeId: string; taskId: string; summary: TaskSummary }> = await manager.query(
      `SELECT c.node_id AS "nodeId", c.task_id AS "taskId", c.summary
         FROM linkage_task_child AS c JOIN unnest($1::varchar[], $2::uuid[]) AS w(node_id, task_id) ON c.node_id = w.node_id AND c.task_id = w.task_id
        WHERE c.node_id = ANY($1::varchar[]) AND c.task_id = ANY($2::uuid[])
        ORDER BY c.child_id`,
      keys,
    );
    const ownOf = groupBy(own, (unit) => `${unit.nodeId}:${unit.taskId}`);
    const childrenOf = groupBy(children, (child) => `${child.nodeId}:${child.taskId}`);
    const updatedAt = new Date();
    for (const { record } of tasks) {
      const key = `${record.nodeId}:${record.taskId}`;
      record.summary = (childrenOf.get(key) ?? []).reduce((sum, child) => addSummaries(sum, child.summary), summarise(ownOf.get(key) ?? []));
      record.updatedAt = updatedAt;
    }
    await manager.query(
      `UPDATE linkage_task AS t SET summary = v.summary, updated_at = $2
         FROM jsonb_to_recordset($1::jsonb) AS v(node_id varchar, task_id uuid, summary jsonb)
        WHERE t.node_id = v.node_id AND t.task_id = v.task_id AND t.node_id = ANY($3::varchar[]) AND t.task_id = ANY($4::uuid[])`,
      [JSON.stringify(tasks.map(({ record }) => ({ node_id: record.nodeId, task_id: record.taskId, summary: record.summary }))), updatedAt, ...keys],
    );
    for (const { ctx, record } of tasks) {
      if (record.role === TaskRole.Issuer && record.parentTaskId) await this.reportOnParent(ctx, record.nodeId, record.parentTaskId);
    }
  }

  /** Stores the task's roll-up; an assignment's also changes what its issuer reports on the parent task. */
  private async saveTotal(tx: UnitOfWork, record: LinkageTaskRecord, summary: TaskSummary): Promise<void> {
    record.summary = summary;
    record.updatedAt = new Date();
    await tx.manager.update(LinkageTaskRecord, { nodeId: record.nodeId, taskId: record.taskId }, { summary, updatedAt: record.updatedAt });
    if (record.role === TaskRole.Issuer && record.parentTaskId) await this.reportOnParent(tx, record.nodeId, record.parentTaskId);
  }

  private async reportOnParent(tx: UnitOfWork, nodeId: string, parentTaskId: string): Promise<void> {
    const parent = await this.find(tx.manager, nodeId, parentTaskId);
    const own = parent && (await this.unit(tx.manager, nodeId, parentTaskId, nodeId));
    if (!parent || !own) return;
    const assignments = await tx.manager.find(LinkageTaskRecord, { where: { nodeId, parentTaskId, role: TaskRole.Issuer } });
    own.subtree = assignments.reduce((sum, assignment) => addSummaries(sum, assignment.summary), emptySummary());
    await this.report(tx, parent, own);
    await this.refresh(tx, parent);
  }

  /** Records a new revision of the node's own status on a task and sends it up. */
  private async report(tx: UnitOfWork, record: LinkageTaskRecord, own: LinkageTaskUnit): Promise<void> {
    own.rev += 1;
    own.updatedAt = new Date();
    own.reportedAt = own.updatedAt;
    // sent_rev is flushTasks' alone: a copy read earlier in the transaction may be behind it.
    const { nodeId, taskId, recipientId, sentRev: _sent, ...columns } = own;
    await tx.manager.update(LinkageTaskUnit, { nodeId, taskId, recipientId }, columns);
    this.events.queue(tx.manager, { nodeId: own.nodeId, kind: DownwardKind.LinkageTask, subjectId: record.taskId, targetId: own.recipientId, state: own.state });
    await this.sendUp(tx, record);
  }

  /**
   * Sends the node's parent every report of a task that changed here and has not gone up yet: at
   * once from a mutation; from a delivery, once at the end of the run, so that the reports of many
   * children applied together go up as one message. The issuer keeps its task's reports.
   */
  async sendUp(tx: UnitOfWork, record: LinkageTaskRecord): Promise<void> {
    if (record.issuerId === record.nodeId) return;
    tx.atEnd<AtEnd>('linkage_task:up', (items) => this.flushTasks(items), { ctx: tx, record, children: [] });
  }

  /** Sends up every report of the unit's tasks that changed and has not gone up yet, in one statement for all. */
  private async flushTasks(items: readonly AtEnd[]): Promise<void> {
    const tasks = byTask(items);
    const [rows]: [Array<LinkageTaskReportPayload & { nodeId: string; taskId: string; reportedAt: Date }>, number] = await tasks[0].ctx.manager.query(
      `UPDATE linkage_task_unit AS u SET sent_rev = u.rev
         FROM unnest($1::varchar[], $2::uuid[]) AS w(node_id, task_id)
        WHERE u.node_id = w.node_id AND u.task_id = w.task_id AND u.rev > u.sent_rev AND u.node_id = ANY($1::varchar[]) AND u.task_id = ANY($2::uuid[])
       RETURNING u.node_id AS "nodeId", u.task_id AS "taskId", u.recipient_id AS "recipientId", u.rev, u.phase, u.overdue, u.percent, u.note, u.report, u.subtree,
                 coalesce(u.reported_at, u.updated_at) AS "reportedAt"`,
      [tasks.map(({ record }) => record.nodeId), tasks.map(({ record }) => record.taskId)],
    );
    const reportsOf = groupBy(rows, (row) => `${row.nodeId}:${row.taskId}`);
    for (const { ctx, record } of tasks) {
      const reports = reportsOf.get(`${record.nodeId}:${record.taskId}`);
      if (reports) ctx.emit(...this.messagesUp(record, reports));
    }
  }

  /** The progress messages carrying these reports to the node's parent. */
  messagesUp(record: LinkageTaskRecord, units: ReadonlyArray<Omit<LinkageTaskReportPayload, 'at'> & { reportedAt: Date }>): Array<OutgoingMessage<typeof MessageType.LinkageTaskProgress>> {
    const reports = units
      .map(({ recipientId, rev, phase, overdue, percent, note, report, subtree, reportedAt }) => ({ recipientId, rev, phase, overdue, percent, note, report, subtree, at: reportedAt.toISOString() }))
      .sort((a, b) => a.recipientId.localeCompare(b.recipientId));
    const parentId = this.registry.parent(record.nodeId)!.id;
    return chunkReports(reports).map((chunk) => ({
      type: MessageType.LinkageTaskProgress,
      from: record.nodeId,
      destination: parentId,
      correlationId: record.rootTaskId,
      payload: { taskId: record.taskId, reports: chunk },
    }));
  }

  /**
   * The task's messages down, one per child with recipients below it: an issue names the
   * recipients in that child's subtree, an amendment or a cancel applies to all of them.
   */
  async messagesDown<T extends DownType>(manager: EntityManager, record: LinkageTaskRecord, type: T, payloadFor: (recipients: string[]) => MessagePayloads[T]): Promise<Array<OutgoingDown<T>>> {
    const units: Array<Pick<LinkageTaskUnit, 'recipientId'>> = await manager.find(LinkageTaskUnit, {
      select: { recipientId: true },
      where: { nodeId: record.nodeId, taskId: record.taskId },
      order: { recipientId: 'ASC' },
    });
    return this.messagesTo(record, type, units.map((unit) => unit.recipientId), payloadFor);
  }

  /** messagesDown for recipients already in hand (a task being issued or arriving): no read. */
  messagesTo<T extends DownType>(record: LinkageTaskRecord, type: T, recipients: readonly string[], payloadFor: (recipients: string[]) => MessagePayloads[T]): Array<OutgoingDown<T>> {
    const byChild = new Map<string, string[]>();
    for (const recipientId of [...recipients].sort()) {
      const child = viaChild(this.registry, record.nodeId, recipientId);
      if (child === record.nodeId) continue;
      const list = byChild.get(child);
      if (list) list.push(recipientId);
      else byChild.set(child, [recipientId]);
    }
    return [...byChild].map(([childId, below]) => ({ type, from: record.nodeId, destination: childId, correlationId: record.rootTaskId, payload: payloadFor(below) }));
  }

  units(manager: EntityManager, record: LinkageTaskRecord): Promise<LinkageTaskUnit[]> {
    return manager.find(LinkageTaskUnit, { where: { nodeId: record.nodeId, taskId: record.taskId }, order: { recipientId: 'ASC' } });
  }

  private async recordVersion(manager: EntityManager, record: LinkageTaskRecord, note: string | null, at: Date): Promise<void> {
    await manager.insert(LinkageTaskVersion, versionRow(record, note, at));
  }
}

const ROOT_CACHE_SIZE = 10_000;

/** A task a run's messages changed, for the run's end: the message that changed it last, and the children its reports came through. */
interface AtEnd {
  ctx: UnitOfWork;
  record: LinkageTaskRecord;
  children: readonly string[];
}

/** One item per task, in the order first deferred: the last message's context and record, every child named. */
function byTask(items: readonly AtEnd[]): AtEnd[] {
  const tasks = new Map<string, AtEnd>();
  for (const item of items) {
    const key = `${item.record.nodeId}:${item.record.taskId}`;
    const earlier = tasks.get(key);
    tasks.set(key, earlier ? { ...item, children: [...new Set([...earlier.children, ...item.children])] } : item);
  }
  return [...tasks.values()];
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
export type DownType = typeof MessageType.LinkageTaskIssued | typeof MessageType.LinkageTaskAmended | typeof MessageType.LinkageTaskCancelled;
export interface OutgoingDown<T extends DownType> {
  type: T;
  from: string;
  destination: string;
  correlationId: string;
  payload: MessagePayloads[T];
}
/** The columns a roll-up adds up (see UnitLike), and the child they come through. */
const SUMMED = { taskId: true, recipientId: true, viaChild: true, state: true, percent: true, deadline: true, subtree: true } as const;
/** Rows per multi-row INSERT, well under PostgreSQL's 65,535 bind parameters. */
const INSERT_CHUNK = 1_000;
/** Serialised reports per progress message: a quarter of the default message limit, whatever the reports' texts. */
const REPORT_BYTES = 256 * 1024;

/** Reports in messages of at most REPORT_BYTES each (a single larger report goes alone). */
function chunkReports(reports: LinkageTaskReportPayload[]): LinkageTaskReportPayload[][] {
  const chunks: LinkageTaskReportPayload[][] = [];
  let current: LinkageTaskReportPayload[] = [];
  let bytes = 0;
  for (const report of reports) {
    const size = Buffer.byteLength(JSON.stringify(report));
    if (current.length > 0 && bytes + size > REPORT_BYTES) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(report);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** The history row of a task's current content. */
export function versionRow(record: LinkageTaskRecord, note: string | null, at: Date): LinkageTaskVersion {
  const { nodeId, taskId, version, title, requirements, focusPoints, startAt, deadline } = record;
  return { nodeId, taskId, version, title, requirements, focusPoints, startAt, deadline, note, createdAt: at };
}

/** The units seen through each child of `nodeId` (its own unit is not a child's). */
export function byChild<U extends UnitLike & Pick<LinkageTaskUnit, 'viaChild'>>(nodeId: string, units: readonly U[]): Map<string, U[]> {
  const grouped = new Map<string, U[]>();
  for (const unit of units) {
    if (unit.viaChild === nodeId) continue;
    const list = grouped.get(unit.viaChild);
    if (list) list.push(unit);
    else grouped.set(unit.viaChild, [unit]);
  }
  return grouped;
}

/** One child's row: its subtree's roll-up and, when it is a recipient itself, its own state. */
export function childRow(nodeId: string, taskId: string, childId: string, units: readonly UnitLike[], now: Date): LinkageTaskChild {
  return { nodeId, taskId, childId, childState: units.find((unit) => unit.recipientId === childId)?.state ?? null, summary: summarise(units), updatedAt: now };
}

export function lifecycleOf(unit: Pick<LinkageTaskUnit, 'phase' | 'overdue'>): Lifecycle {
  return { phase: unit.phase, overdue: unit.overdue };
}

export function lifecycleColumns(life: Lifecycle): Pick<LinkageTaskUnit, 'phase' | 'overdue' | 'state'> {
  return { phase: life.phase, overdue: life.overdue, state: stateOf(life) };
}

function contentOf(content: LinkageTaskContent) {
  return {
    title: content.title,
    requirements: content.requirements,
    inheritedRequirements: content.inheritedRequirements,
    focusPoints: content.focusPoints,
    startAt: new Date(content.startAt),
    deadline: new Date(content.deadline),
  };
}
