// An AEP segment definition as the emulator stores and answers it (the `SegmentDefinition` schema of
// aep-segmentation.yaml, with the `sandbox` object the guide's samples add).

export interface AepExpression {
  type: string;
  format: string;
  value: string;
}

export interface AepEvaluationInfo {
  batch: { enabled: boolean };
  continuous: { enabled: boolean };
  synchronous: { enabled: boolean };
}

export interface AepDefinitionRecord {
  id: string;
  schema: { name: string };
  profileInstanceId: string;
  imsOrgId: string;
  sandbox: { sandboxId: string; sandboxName: string; type: string; default: boolean };
  name: string;
  description: string;
  expression: AepExpression;
  mergePolicyId: string;
  evaluationInfo: AepEvaluationInfo;
  dataGovernancePolicy: { excludeOptOut: boolean };
  creationTime: number;
  updateEpoch: number;
  updateTime: number;
  payloadSchema?: string;
}

export function evaluationInfoOf(input: unknown): AepEvaluationInfo | undefined {
  const info: AepEvaluationInfo = { batch: { enabled: false }, continuous: { enabled: false }, synchronous: { enabled: false } };
  if (input === undefined || input === null) {
    info.batch.enabled = true;
    return info;
  }
  if (typeof input !== 'object' || Array.isArray(input)) return undefined;
  for (const mode of ['batch', 'continuous', 'synchronous'] as const) {
    const entry = (input as Record<string, unknown>)[mode];
    if (entry === undefined) continue;
    if (typeof entry !== 'object' || entry === null || typeof (entry as { enabled?: unknown }).enabled !== 'boolean') return undefined;
    info[mode].enabled = (entry as { enabled: boolean }).enabled;
  }
  // "By default, a segment definition evaluated using batch segmentation will be created."
  if (!info.batch.enabled && !info.continuous.enabled && !info.synchronous.enabled) info.batch.enabled = true;
  return info;
}
