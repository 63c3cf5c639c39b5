// AEP segment definitions of the emulated sandbox. Names are unique (case-insensitively): the spec answers 422
// "already exists" to a second definition with the same name.
import { randomUUID } from 'node:crypto';
import { AEP_DEFAULT_MERGE_POLICY_ID, AEP_PROFILE_INSTANCE_ID, AEP_SANDBOX } from '../credentials';
import type { Clock } from '../util/clock';
import type { AepDefinitionRecord, AepEvaluationInfo, AepExpression } from './definitionRecord';

export interface NewDefinition {
  name: string;
  description: string;
  expression: AepExpression;
  evaluationInfo: AepEvaluationInfo;
  schemaName: string;
  mergePolicyId?: string;
  profileInstanceId?: string;
  payloadSchema?: string;
}

export type DefinitionChanges = Partial<Omit<NewDefinition, 'schemaName'>> & { schemaName?: string };

export class AepDefinitionStore {
  private definitions = new Map<string, AepDefinitionRecord>();

  constructor(
    private readonly clock: Clock,
    private readonly orgId: string,
  ) {}

  load(records: AepDefinitionRecord[]): void {
    this.definitions = new Map(records.map((record) => [record.id, record]));
  }

  get(id: string): AepDefinitionRecord | undefined {
    return this.definitions.get(id);
  }

  all(): IterableIterator<AepDefinitionRecord> {
    return this.definitions.values();
  }

  get size(): number {
    return this.definitions.size;
  }

  /** The definition (other than `exceptId`) that already has this name. */
  findByName(name: string, exceptId?: string): AepDefinitionRecord | undefined {
    const wanted = name.trim().toLowerCase();
    for (const record of this.definitions.values()) {
      if (record.id !== exceptId && record.name.trim().toLowerCase() === wanted) return record;
    }
    return undefined;
  }

  create(input: NewDefinition): AepDefinitionRecord {
    const stamp = this.clock.stamp();
    const record: AepDefinitionRecord = {
      id: randomUUID(),
      schema: { name: input.schemaName },
      profileInstanceId: input.profileInstanceId ?? AEP_PROFILE_INSTANCE_ID,
      imsOrgId: this.orgId,
      sandbox: { ...AEP_SANDBOX },
      name: input.name,
      description: input.description,
      expression: { ...input.expression },
      mergePolicyId: input.mergePolicyId ?? AEP_DEFAULT_MERGE_POLICY_ID,
      evaluationInfo: structuredClone(input.evaluationInfo),
      dataGovernancePolicy: { excludeOptOut: true },
      creationTime: stamp,
      updateEpoch: Math.floor(stamp / 1000),
      updateTime: stamp,
    };
    if (input.payloadSchema !== undefined) record.payloadSchema = input.payloadSchema;
    this.definitions.set(record.id, record);
    return record;
  }

  update(record: AepDefinitionRecord, changes: DefinitionChanges): AepDefinitionRecord {
    if (changes.name !== undefined) record.name = changes.name;
    if (changes.description !== undefined) record.description = changes.description;
    if (changes.expression !== undefined) record.expression = { ...changes.expression };
    if (changes.evaluationInfo !== undefined) record.evaluationInfo = structuredClone(changes.evaluationInfo);
    if (changes.schemaName !== undefined) record.schema = { name: changes.schemaName };
    if (changes.mergePolicyId !== undefined) record.mergePolicyId = changes.mergePolicyId;
    if (changes.profileInstanceId !== undefined) record.profileInstanceId = changes.profileInstanceId;
    if (changes.payloadSchema !== undefined) record.payloadSchema = changes.payloadSchema;
    this.touch(record);
    return record;
  }

  /** An edit by "someone else" (admin mutate): any field except the id; `updateTime` always moves on. */
  mutate(record: AepDefinitionRecord, patch: Record<string, unknown>): AepDefinitionRecord {
    const { id: _ignoredId, ...rest } = patch;
    Object.assign(record, structuredClone(rest));
    this.touch(record);
    return record;
  }

  delete(id: string): boolean {
    return this.definitions.delete(id);
  }

  private touch(record: AepDefinitionRecord): void {
    const stamp = this.clock.stamp();
    record.updateTime = stamp;
    record.updateEpoch = Math.floor(stamp / 1000);
  }
}
