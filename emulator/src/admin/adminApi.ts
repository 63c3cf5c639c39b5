// The admin API under /__emulator/, for users in another process (the end-to-end suite, the demo). No auth, no
// rate limit, no faults, not counted in stats.
//   POST   /__emulator/faults         a FaultRule body            -> 201 {rule}
//   DELETE /__emulator/faults                                       -> 200
//   POST   /__emulator/reset                                        -> 200 (back to the seed)
//   GET    /__emulator/stats                                        -> 200 stats
//   POST   /__emulator/mutate         {service:'cja'|'aep', id, patch, delete?}
//                                     edits (or deletes) a resource as someone else would -> 200 the resource
//   POST   /__emulator/revoke-tokens                                -> 200 (every issued token becomes invalid)
import { isPlainObject, parseJsonBody } from '../http/body';
import { json, type Reply } from '../http/reply';
import { FaultRuleError, validateFaultRule } from '../faults/faultController';
import type { EmulatorStats, FaultRule } from '../types';

export const ADMIN_PREFIX = '/__emulator';

export interface MutationRequest {
  service: 'cja' | 'aep';
  id: string;
  patch: Record<string, unknown>;
  delete: boolean;
}

export interface AdminDeps {
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  reset(): void;
  stats(): EmulatorStats;
  revokeTokens(): void;
  /** Returns the changed resource, or undefined when there is no such resource. */
  mutate(request: MutationRequest): unknown;
}

export function handleAdmin(method: string, path: string, rawBody: string, deps: AdminDeps): Reply {
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  switch (route) {
    case `POST ${ADMIN_PREFIX}/faults`: {
      const body = parseJsonBody(rawBody);
      if (!body.ok) return adminError(400, body.message);
      try {
        const rule = validateFaultRule(body.value);
        deps.injectFault(rule);
        return json(201, { rule });
      } catch (error) {
        if (error instanceof FaultRuleError) return adminError(400, error.message);
        throw error;
      }
    }
    case `DELETE ${ADMIN_PREFIX}/faults`:
      deps.clearFaults();
      return json(200, { cleared: true });
    case `POST ${ADMIN_PREFIX}/reset`:
      deps.reset();
      return json(200, { reset: true });
    case `GET ${ADMIN_PREFIX}/stats`:
      return json(200, deps.stats());
    case `POST ${ADMIN_PREFIX}/revoke-tokens`:
      deps.revokeTokens();
      return json(200, { revoked: true });
    case `POST ${ADMIN_PREFIX}/mutate`:
      return mutate(rawBody, deps);
    default:
      return adminError(404, `No admin endpoint ${route}`);
  }
}

function mutate(rawBody: string, deps: AdminDeps): Reply {
  const body = parseJsonBody(rawBody);
  if (!body.ok) return adminError(400, body.message);
  const value = body.value;
  if (!isPlainObject(value)) return adminError(400, 'Body must be {service, id, patch}');
  const { service, id, patch } = value;
  if (service !== 'cja' && service !== 'aep') return adminError(400, "service must be 'cja' or 'aep'");
  if (typeof id !== 'string' || id === '') return adminError(400, 'id must be a non-empty string');
  const remove = value.delete === true;
  if (!remove && !isPlainObject(patch)) return adminError(400, 'patch must be an object');
  const result = deps.mutate({ service, id, patch: isPlainObject(patch) ? patch : {}, delete: remove });
  if (result === undefined) return adminError(404, `No ${service} resource with id ${id}`);
  return json(200, result);
}

function adminError(status: number, message: string): Reply {
  return json(status, { error: message });
}
