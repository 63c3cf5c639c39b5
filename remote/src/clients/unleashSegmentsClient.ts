// Unleash Admin API segments client: {base}/api/admin/segments (list, get, create, update by full PUT, delete,
// name validation, the strategies that use a segment, the segments of a strategy).
import { ServiceError } from '../http/errors';
import { segment, type ServiceCaller } from '../http/serviceCaller';
import { isRecord } from './page';
import type {
  UnleashSegment,
  UnleashSegmentInput,
  UnleashSegmentStrategies,
  UnleashStrategyRef,
  UnleashStrategySegmentsUpdate,
} from './unleashTypes';

const SEGMENTS = '/api/admin/segments';

export interface NameValidation {
  available: boolean;
  /** Unleash's reason when the name is taken or invalid. */
  message?: string;
}

function describeStrategy(strategy: Partial<UnleashStrategyRef>): string {
  const where = [strategy.projectId && `project ${strategy.projectId}`, strategy.environment && `environment ${strategy.environment}`]
    .filter(Boolean)
    .join(', ');
  return `feature flag "${strategy.featureName ?? '?'}" (strategy ${strategy.strategyName ?? '?'}${strategy.id ? ` ${strategy.id}` : ''}${where ? `, ${where}` : ''})`;
}

/** Builds the message Unleash does not give for a 409 on delete (its body is empty). */
export function describeSegmentInUse(id: number | string, usage: UnleashSegmentStrategies | undefined): string {
  if (!usage) {
    return `Segment ${id} cannot be deleted: it is still used by at least one strategy (Unleash did not say which).`;
  }
  const lines = usage.strategies.map(describeStrategy);
  const pending = usage.changeRequestStrategies.map((s) => `${describeStrategy(s)} in a pending change request`);
  const all = [...lines, ...pending];
  if (all.length === 0) {
    return `Segment ${id} cannot be deleted: Unleash reports it as in use (409), but lists no strategy using it.`;
  }
  const flags = [...new Set([...usage.strategies, ...usage.changeRequestStrategies].map((s) => s.featureName).filter(Boolean))];
  return (
    `Segment ${id} cannot be deleted: it is used by ${all.length} strateg${all.length === 1 ? 'y' : 'ies'} ` +
    `of feature flag${flags.length === 1 ? '' : 's'} ${flags.map((f) => `"${f}"`).join(', ')}: ${all.join('; ')}. ` +
    'Remove the segment from these strategies first.'
  );
}

export class UnleashSegmentsClient {
  constructor(private readonly caller: ServiceCaller) {}

  async listSegments(options: { signal?: AbortSignal } = {}): Promise<UnleashSegment[]> {
    const { data, status, requestId } = await this.caller.call<unknown>({ method: 'GET', path: SEGMENTS, signal: options.signal });
    // 7.x answers {segments: [...]}; older documentation shows a bare array.
    if (Array.isArray(data)) return data as UnleashSegment[];
    if (isRecord(data) && Array.isArray(data.segments)) return data.segments as UnleashSegment[];
    throw new ServiceError({ service: 'unleash', method: 'GET', path: SEGMENTS, status, requestId, serviceMessage: 'the answer is not a list of segments' });
  }

  async getSegment(id: number, options: { signal?: AbortSignal } = {}): Promise<UnleashSegment> {
    const { data } = await this.caller.call<UnleashSegment>({ method: 'GET', path: `${SEGMENTS}/${segment(id)}`, signal: options.signal });
    return data as UnleashSegment;
  }

  /** Creates a segment (not idempotent: never retried unless the server certainly did nothing). */
  async createSegment(input: UnleashSegmentInput, options: { signal?: AbortSignal } = {}): Promise<UnleashSegment> {
    const { data } = await this.caller.call<UnleashSegment>({
      method: 'POST',
      path: SEGMENTS,
      json: input,
      idempotent: false,
      signal: options.signal,
    });
    return data as UnleashSegment;
  }

  /** Replaces the segment (PUT with the full body; Unleash answers 204 without a body). */
  async updateSegment(id: number, input: UnleashSegmentInput, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.caller.call<unknown>({ method: 'PUT', path: `${SEGMENTS}/${segment(id)}`, json: input, signal: options.signal });
  }

  /**
   * Deletes the segment. Unleash answers a bare 409 while strategies use it; the error then names the feature
   * flags and strategies (read from /strategies) so that the user knows what to change.
   */
  async deleteSegment(id: number, options: { signal?: AbortSignal } = {}): Promise<void> {
    try {
      await this.caller.call<unknown>({ method: 'DELETE', path: `${SEGMENTS}/${segment(id)}`, signal: options.signal });
    } catch (error) {
      if (!(error instanceof ServiceError) || error.status !== 409) throw error;
      let usage: UnleashSegmentStrategies | undefined;
      try {
        usage = await this.strategiesUsingSegment(id, options);
      } catch {
        usage = undefined;
      }
      throw new ServiceError({
        service: 'unleash',
        method: error.method,
        path: error.path,
        requestId: error.requestId,
        status: 409,
        serviceMessage: error.serviceMessage,
        code: error.code ?? 'SegmentInUse',
        message: describeSegmentInUse(id, usage),
      });
    }
  }

  async strategiesUsingSegment(id: number, options: { signal?: AbortSignal } = {}): Promise<UnleashSegmentStrategies> {
    const { data } = await this.caller.call<Partial<UnleashSegmentStrategies>>({
      method: 'GET',
      path: `${SEGMENTS}/${segment(id)}/strategies`,
      signal: options.signal,
    });
    return {
      strategies: Array.isArray(data?.strategies) ? data.strategies : [],
      changeRequestStrategies: Array.isArray(data?.changeRequestStrategies) ? data.changeRequestStrategies : [],
    };
  }

  /** Segments attached to a strategy (an unknown strategy has none). */
  async segmentsOfStrategy(strategyId: string, options: { signal?: AbortSignal } = {}): Promise<UnleashSegment[]> {
    const { data } = await this.caller.call<unknown>({
      method: 'GET',
      path: `${SEGMENTS}/strategies/${segment(strategyId)}`,
      signal: options.signal,
    });
    if (Array.isArray(data)) return data as UnleashSegment[];
    return isRecord(data) && Array.isArray(data.segments) ? (data.segments as UnleashSegment[]) : [];
  }

  /** Replaces the strategy's segments with `segmentIds` (a replacement, so safe to repeat). */
  async setStrategySegments(update: UnleashStrategySegmentsUpdate, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.caller.call<unknown>({
      method: 'POST',
      path: `${SEGMENTS}/strategies`,
      json: update,
      idempotent: true,
      signal: options.signal,
    });
  }

  /** Whether a segment name is free (204) or taken (409); other errors are thrown. */
  async validateName(name: string, options: { signal?: AbortSignal } = {}): Promise<NameValidation> {
    try {
      await this.caller.call<unknown>({ method: 'POST', path: `${SEGMENTS}/validate`, json: { name }, idempotent: true, signal: options.signal });
      return { available: true };
    } catch (error) {
      if (error instanceof ServiceError && error.status === 409) {
        return { available: false, message: error.serviceMessage ?? 'Segment name already exists' };
      }
      throw error;
    }
  }
}
