import { indexOfId, PREFIX, type SandboxObject, sfDateTime, sfId } from './ids.js';
import { buildTables, type SeedPlan, type SfRecord, type Table, withViolation } from './seed.js';

/**
 * The sandbox org's records: generated base tables (any size, flat memory) plus the records
 * changed or created since start, which win over the base and sort after it (their SystemModstamp
 * is the sandbox clock, later than every generated one).
 */
export class Dataset {
  private readonly tables: Record<string, Table>;
  private readonly changed = new Map<string, Map<string, SfRecord>>();
  private created = 0;

  constructor(
    readonly plan: SeedPlan,
    private readonly now: () => number,
  ) {
    this.tables = buildTables(plan);
  }

  objects(): string[] {
    return Object.keys(this.tables);
  }

  has(object: string): boolean {
    const table = this.tables[object];
    return table !== undefined && (object !== 'EmailMessage' || this.plan.emailMessages);
  }

  private changes(object: string): Map<string, SfRecord> {
    let map = this.changed.get(object);
    if (map === undefined) {
      map = new Map();
      this.changed.set(object, map);
    }
    return map;
  }

  /** Every record of `object` in (SystemModstamp, Id) order, deleted ones included. */
  *scan(object: string): Generator<SfRecord> {
    const table = this.tables[object];
    if (table === undefined || !this.has(object)) return;
    const changes = this.changed.get(object);
    for (let i = 0; i < table.count; i++) {
      const id = sfId(table.object, i);
      if (changes?.has(id)) continue;
      yield this.live(object, table.at(i));
    }
    if (changes === undefined) return;
    const later = [...changes.values()].sort((a, b) =>
      a.SystemModstamp === b.SystemModstamp
        ? a.Id.localeCompare(b.Id)
        : a.SystemModstamp < b.SystemModstamp
          ? -1
          : 1,
    );
    for (const record of later) yield this.live(object, record);
  }

  private live(object: string, record: SfRecord): SfRecord {
    return object === 'CaseMilestone' ? withViolation(record, this.now()) : record;
  }

  get(object: string, id: string): SfRecord | null {
    const table = this.tables[object];
    if (table === undefined) return null;
    const changed = this.changed.get(object)?.get(id);
    if (changed !== undefined) return this.live(object, changed);
    const index = indexOfId(table.object, id);
    if (index === null || index >= table.count) return null;
    return this.live(object, table.at(index));
  }

  /** A user (or the connector) changed fields: SystemModstamp and LastModifiedDate move to now. */
  update(object: string, id: string, fields: Record<string, unknown>, touch = true): SfRecord | null {
    const current = this.get(object, id);
    if (current === null) return null;
    const stamp = sfDateTime(this.now());
    const next: SfRecord = {
      ...current,
      ...fields,
      Id: id,
      SystemModstamp: touch ? stamp : current.SystemModstamp,
    };
    if (touch && 'LastModifiedDate' in current) next.LastModifiedDate = stamp;
    this.changes(object).set(id, next);
    return next;
  }

  /** A change that Salesforce makes without touching SystemModstamp (a milestone's target moving, say). */
  patchSilently(object: string, id: string, fields: Record<string, unknown>): SfRecord | null {
    return this.update(object, id, fields, false);
  }

  delete(object: string, id: string): boolean {
    return this.update(object, id, { IsDeleted: true }) !== null;
  }

  insert(object: SandboxObject, fields: Record<string, unknown>): SfRecord {
    const table = this.tables[object];
    const index = (table?.count ?? 0) + 1_000_000 + this.created++;
    const id = sfId(object, index);
    const stamp = sfDateTime(this.now());
    const record: SfRecord = {
      attributes: { type: object, url: `/services/data/v${this.plan.apiVersion}/sobjects/${object}/${id}` },
      Id: id,
      IsDeleted: false,
      CreatedDate: stamp,
      ...fields,
      SystemModstamp: stamp,
    };
    this.changes(object).set(id, record);
    return record;
  }

  objectOfId(id: string): string | null {
    const prefix = id.slice(0, 3);
    const entry = Object.entries(PREFIX).find(([, p]) => p === prefix);
    return entry === undefined ? null : entry[0];
  }
}
