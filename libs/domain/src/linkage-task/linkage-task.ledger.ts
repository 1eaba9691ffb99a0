import { Injectable } from '@nestjs/common';
import { ContentProof, LinkageTaskAmendedPayload, LinkageTaskContent, LinkageTaskIssuedPayload, LinkageTaskReportPayload, Registry, UnitOfWork } from '@app/federation';
import { EntityManager } from 'typeorm';
import { DownwardKind, StatusEvents } from '../common/status-events';
import { viaChild } from '../common/target-scope';
import { LinkageTaskRecord, LinkageTaskUnit, LinkageTaskVersion } from './linkage-task.entity';
import { InspectionKind, LinkageType, RecipientPhase, RecipientState, TaskRole } from './linkage-task.enums';
import { ReportRow, messagesUp } from './linkage-task.outgoing';
import { addSummaries, emptySummary } from './linkage-task.rollup';
import { Touched, groupBy, materialiseRollups } from './linkage-task.rollup-store';
import { Lifecycle, LifecycleEvent, can, isOpen, reconcileDeadline, stateOf, transition } from './linkage-task.state-machine';

type Issued = Omit<LinkageTaskIssuedPayload, 'recipients' | 'issuerSignature'>;

/**
 * Each node's book of the tasks it issued, relays or received: the copy of the task, its versions,
 * every recipient's status as last reported, and the roll-ups materialised from them. Used alike by
 * mutations at the issuer or recipient and by message handlers at every level on the way, through
 * the same unit of work: what a change does to roll-ups and reports up is settled once at the end
 * of the unit, for every task it touched (`touch`, `sendUp`).
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
   * Serialises changes to task families at a node — reports from several children arrive on
   * separate channels at once, and each recomputes roll-ups the others also write — taking the
   * locks of several (node, family) pairs in one statement, in a fixed order.
   */
  async lockFamilies(manager: EntityManager, families: ReadonlyArray<{ nodeId: string; rootTaskId: string }>): Promise<void> {
    const keys = [...new Set(families.map(({ nodeId, rootTaskId }) => `linkage_task:${nodeId}:${rootTaskId}`))].sort();
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext(k)) FROM (SELECT k FROM unnest($1::text[]) AS k ORDER BY k) AS ordered`, [keys]);
  }

  /** The nodes' copies of tasks, read after taking their families' locks; keyed `node:task`, without those not held. */
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

  private remember(record: Pick<LinkageTaskRecord, 'nodeId' | 'taskId' | 'rootTaskId'>): void {
    // Bounded: the oldest entries go first; a forgotten one costs one more read.
    if (this.roots.size >= ROOT_CACHE_SIZE) this.roots.delete(this.roots.keys().next().value!);
    this.roots.set(`${record.nodeId}:${record.taskId}`, record.rootTaskId);
  }

  find(manager: EntityManager, nodeId: string, taskId: string): Promise<LinkageTaskRecord | null> {
    return manager.findOne(LinkageTaskRecord, { where: { nodeId, taskId } });
  }

  unit(manager: EntityManager, nodeId: string, taskId: string, recipientId: string): Promise<LinkageTaskUnit | null> {
    return manager.findOne(LinkageTaskUnit, { where: { nodeId, taskId, recipientId } });
  }

  units(manager: EntityManager, record: LinkageTaskRecord): Promise<LinkageTaskUnit[]> {
    return manager.find(LinkageTaskUnit, { where: { nodeId: record.nodeId, taskId: record.taskId }, order: { recipientId: 'ASC' } });
  }

  async recipients(manager: EntityManager, record: LinkageTaskRecord): Promise<string[]> {
    const units = await manager.find(LinkageTaskUnit, { select: { recipientId: true }, where: { nodeId: record.nodeId, taskId: record.taskId } });
    return units.map((unit) => unit.recipientId);
  }

  /** Records a task the first time a node sees it; a relaying node that turns out to be a recipient too becomes one. */
  async recordTask(manager: EntityManager, nodeId: string, issued: Issued, role: TaskRole, proof: ContentProof): Promise<LinkageTaskRecord> {
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
    await manager.insert(LinkageTaskVersion, versionRow(record, null, record.issuedAt, proof));
    return record;
  }

  /** A node's copy of a task it sees for the first time, not yet written; its roll-up still empty. */
  newRecord(manager: EntityManager, nodeId: string, issued: Issued, role: TaskRole): LinkageTaskRecord {
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
      cancelProof: null,
      summary: emptySummary(),
      updatedAt: new Date(),
    });
  }

  /**
   * The units of recipients of a task, not yet written, as issued (overdue at once when the deadline
   * has passed); `holder`'s own already delivered, as it has the task in hand.
   */
  newUnits(manager: EntityManager, record: LinkageTaskRecord, recipientIds: readonly string[], holder: string | null, now: Date): LinkageTaskUnit[] {
    const issued = lifecycleColumns(reconcileDeadline({ phase: RecipientState.Issued, overdue: false }, record.deadline, now));
    return [...new Set(recipientIds)].map((recipientId) => {
      const delivered = recipientId === holder;
      return manager.create(LinkageTaskUnit, {
        nodeId: record.nodeId,
        taskId: record.taskId,
        recipientId,
        viaChild: viaChild(this.registry, record.nodeId, recipientId),
        ...(delivered ? lifecycleColumns(transition(issued, LifecycleEvent.Deliver)) : issued),
        percent: 0,
        rev: delivered ? 1 : 0,
        sentRev: 0,
        note: null,
        report: null,
        subtree: null,
        deadline: record.deadline,
        completedAt: null,
        reportedAt: delivered ? now : null,
        updatedAt: now,
      });
    });
  }

  /** Adds recipients to a task in one statement per thousand (a nationwide task has thousands); those already here stay as they are. Returns those added. */
  async addUnits(manager: EntityManager, record: LinkageTaskRecord, recipientIds: readonly string[]): Promise<string[]> {
    const added: string[] = [];
    for (let i = 0; i < recipientIds.length; i += INSERT_CHUNK) {
      const units = this.newUnits(manager, record, recipientIds.slice(i, i + INSERT_CHUNK), null, new Date());
      const result = await manager.createQueryBuilder().insert().into(LinkageTaskUnit).values(units).orIgnore().returning(['recipientId']).execute();
      added.push(...(result.raw as Array<{ recipient_id: string }>).map((row) => row.recipient_id));
    }
    return added;
  }

  /**
   * Applies a new version of the content and moves every unit to the new deadline; returns the
   * node's own unit when its state changed with it, false when this node already holds that version.
   */
  async applyVersion(tx: UnitOfWork, record: LinkageTaskRecord, amended: LinkageTaskAmendedPayload, proof: ContentProof): Promise<boolean> {
    // A cancelled task keeps the version it was cancelled at: only an amendment overtaken by its cancel could get here.
    if (amended.version <= record.version || record.cancelledAt) return false;
    const now = new Date();
    Object.assign(record, contentOf(amended), { version: amended.version, amendedAt: new Date(amended.amendedAt), updatedAt: now });
    await tx.manager.save(record);
    await tx.manager.insert(LinkageTaskVersion, versionRow(record, amended.note, new Date(amended.amendedAt), proof));
    for (const unit of await this.units(tx.manager, record)) {
      const life = reconcileDeadline(lifecycleOf(unit), record.deadline, now);
      const moved = stateOf(life) !== unit.state;
      Object.assign(unit, lifecycleColumns(life), { deadline: record.deadline, updatedAt: now });
      if (moved && unit.recipientId === record.nodeId) await this.report(tx, record, unit);
      else await tx.manager.save(unit);
    }
    this.events.queue(tx.manager, { nodeId: record.nodeId, kind: DownwardKind.LinkageTask, subjectId: record.taskId, state: `amended v${record.version}` });
    this.touch(tx, record);
    return true;
  }

  /**
   * Cancels the node's copy and every unfinished recipient in its view; false when already
   * cancelled. The node's own unit, when it is a recipient, is cancelled as a new revision of its
   * status and reported up like any other change: the levels above cancelled their view of it
   * already, and this report is what a receipt sent before the cancel arrived cannot overtake.
   */
  async applyCancel(tx: UnitOfWork, record: LinkageTaskRecord, reason: string, at: Date, proof: ContentProof): Promise<boolean> {
    if (record.cancelledAt) return false;
    Object.assign(record, { cancelledAt: at, cancelReason: reason, cancelProof: proof, updatedAt: new Date() });
    await tx.manager.save(record);
    for (const unit of await this.units(tx.manager, record)) {
      if (!can(lifecycleOf(unit), LifecycleEvent.Cancel)) continue;
      Object.assign(unit, lifecycleColumns(transition(lifecycleOf(unit), LifecycleEvent.Cancel)), { updatedAt: new Date() });
      if (unit.recipientId === record.nodeId) await this.report(tx, record, unit);
      else await tx.manager.save(unit);
    }
    this.events.queue(tx.manager, { nodeId: record.nodeId, kind: DownwardKind.LinkageTask, subjectId: record.taskId, state: RecipientState.Cancelled });
    this.touch(tx, record);
    return true;
  }

  /**
   * Records reports that came up from children, for several tasks (of several nodes) in one
   * statement: each recipient's newer ones, stale ones skipped; the roll-ups and reports up of
   * every task that changed follow at the end of the unit.
   */
  async applyReports(tasks: ReadonlyArray<{ tx: UnitOfWork; record: LinkageTaskRecord; reports: readonly LinkageTaskReportPayload[] }>): Promise<void> {
    const { manager } = tasks[0].tx;
    const changed = await this.updateUnits(manager, tasks);
    for (const { tx, record, reports } of tasks) {
      const key = `${record.nodeId}:${record.taskId}`;
      const missing = new Set(reports.map((report) => report.recipientId));
      for (const recipientId of changed.get(key) ?? []) missing.delete(recipientId);
      if (missing.size > 0) {
        // Not newer, or not here: a level that missed a recipient's issue (it did not exist here yet)
        // still keeps its reports. Rare, so the usual batch costs one statement, not an insert too.
        const added = await this.addUnits(manager, record, [...missing]);
        if (added.length > 0) {
          const late = await this.updateUnits(manager, [{ record, reports: reports.filter((report) => added.includes(report.recipientId)) }]);
          changed.set(key, [...(changed.get(key) ?? []), ...(late.get(key) ?? [])]);
        }
      }
      const recipients = changed.get(key);
      if (!recipients) continue;
      this.touch(tx, record, recipients);
      this.sendUp(tx, record);
    }
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

  /** The node's own lifecycle after a transition, as a new revision reported up. */
  async changeOwn(tx: UnitOfWork, record: LinkageTaskRecord, own: LinkageTaskUnit, life: Lifecycle, changes: Partial<LinkageTaskUnit> = {}): Promise<void> {
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
    this.touch(tx, record);
  }

  /** Records a new revision of the node's own status on a task; it goes up, and the roll-ups follow, at the end of the unit. */
  private async report(tx: UnitOfWork, record: LinkageTaskRecord, own: LinkageTaskUnit): Promise<void> {
    own.rev += 1;
    own.updatedAt = new Date();
    own.reportedAt = own.updatedAt;
    // sent_rev is settle()'s alone: a copy read earlier in the transaction may be behind it.
    const { nodeId, taskId, recipientId, sentRev: _sent, ...columns } = own;
    await tx.manager.update(LinkageTaskUnit, { nodeId, taskId, recipientId }, columns);
    this.events.queue(tx.manager, { nodeId: own.nodeId, kind: DownwardKind.LinkageTask, subjectId: record.taskId, targetId: own.recipientId, state: own.state });
    this.touch(tx, record, [own.recipientId]);
    this.sendUp(tx, record);
  }

  /**
   * The task's roll-ups changed where these recipients are (all of them when none are named):
   * re-materialised at the end of the unit, once for every change the unit made to the task.
   */
  touch(tx: UnitOfWork, record: LinkageTaskRecord, recipientIds?: readonly string[]): void {
    const children = recipientIds ? new Set(recipientIds.map((id) => viaChild(this.registry, record.nodeId, id)).filter((child) => child !== record.nodeId)) : 'all';
    tx.atEnd<Pending>(SETTLE, (items) => this.settle(items), { tx, record, children, up: false });
  }

  /**
   * Every report of the task that changed here and has not gone up yet goes to the node's parent at
   * the end of the unit, all of them in one message: the reports of many children applied in a run
   * go up together. The issuer keeps its task's reports.
   */
  sendUp(tx: UnitOfWork, record: LinkageTaskRecord): void {
    if (record.issuerId === record.nodeId) return;
    tx.atEnd<Pending>(SETTLE, (items) => this.settle(items), { tx, record, children: new Set(), up: true });
  }

  /**
   * The end of a unit for every task it changed: roll-ups re-materialised where they changed, an
   * assignment's roll-up carried into what its issuer reports on the task it decomposed (which
   * settles in the next round), and the reports up, in a few statements for all tasks.
   */
  private async settle(items: readonly Pending[]): Promise<void> {
    const tasks = [...mergeByTask(items).values()];
    await materialiseRollups(tasks[0].tx.manager, tasks);
    for (const { tx, record } of tasks) {
      if (record.role === TaskRole.Issuer && record.parentTaskId) await this.reportOnParent(tx, record.nodeId, record.parentTaskId);
    }
    const up = tasks.filter((task) => task.up);
    if (up.length === 0) return;
    const [rows]: [Array<ReportRow & { nodeId: string; taskId: string }>, number] = await up[0].tx.manager.query(
      `UPDATE linkage_task_unit AS u SET sent_rev = u.rev
         FROM unnest($1::varchar[], $2::uuid[]) AS w(node_id, task_id)
        WHERE u.node_id = w.node_id AND u.task_id = w.task_id AND u.rev > u.sent_rev AND u.node_id = ANY($1::varchar[]) AND u.task_id = ANY($2::uuid[])
       RETURNING u.node_id AS "nodeId", u.task_id AS "taskId", u.recipient_id AS "recipientId", u.rev, u.phase, u.overdue, u.percent, u.note, u.report, u.subtree,
                 coalesce(u.reported_at, u.updated_at) AS "reportedAt"`,
      [up.map(({ record }) => record.nodeId), up.map(({ record }) => record.taskId)],
    );
    const reportsOf = groupBy(rows, (row) => `${row.nodeId}:${row.taskId}`);
    for (const { tx, record } of up) {
      const reports = reportsOf.get(`${record.nodeId}:${record.taskId}`);
      if (reports) tx.emit(...messagesUp(this.registry, record, reports));
    }
  }

  /** What the node's assignments of a task add up to, as a new revision of its own status on that task. */
  private async reportOnParent(tx: UnitOfWork, nodeId: string, parentTaskId: string): Promise<void> {
    const parent = await this.find(tx.manager, nodeId, parentTaskId);
    const own = parent && (await this.unit(tx.manager, nodeId, parentTaskId, nodeId));
    if (!parent || !own) return;
    const assignments = await tx.manager.find(LinkageTaskRecord, { where: { nodeId, parentTaskId, role: TaskRole.Issuer } });
    own.subtree = assignments.reduce((sum, assignment) => addSummaries(sum, assignment.summary), emptySummary());
    await this.report(tx, parent, own);
  }
}

const ROOT_CACHE_SIZE = 10_000;
/** Rows per multi-row INSERT, well under PostgreSQL's 65,535 bind parameters. */
const INSERT_CHUNK = 1_000;
const SETTLE = 'linkage_task:settle';

/** A task a unit changed, for its end: the children its units changed through, and whether reports must go up. */
interface Pending extends Touched {
  tx: UnitOfWork;
  up: boolean;
}

/** One entry per task, in the order first asked: the last unit of work and record, every child named, up if any asked. */
function mergeByTask(items: readonly Pending[]): Map<string, Pending> {
  const tasks = new Map<string, Pending>();
  for (const item of items) {
    const key = `${item.record.nodeId}:${item.record.taskId}`;
    const earlier = tasks.get(key);
    if (!earlier) {
      tasks.set(key, { ...item, children: item.children === 'all' ? 'all' : new Set(item.children) });
      continue;
    }
    const children = earlier.children === 'all' || item.children === 'all' ? 'all' : new Set([...earlier.children, ...item.children]);
    tasks.set(key, { tx: item.tx, record: item.record, children, up: earlier.up || item.up });
  }
  return tasks;
}

/** The history row of a task's current content. */
export function versionRow(record: LinkageTaskRecord, note: string | null, at: Date, proof: ContentProof): LinkageTaskVersion {
  const { nodeId, taskId, version, title, requirements, focusPoints, startAt, deadline } = record;
  return { nodeId, taskId, version, title, requirements, focusPoints, startAt, deadline, note, createdAt: at, proof };
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
