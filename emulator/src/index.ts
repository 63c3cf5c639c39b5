// Public entry point of the Adobe API emulator (IMS token, CJA Segments, AEP Segment Definitions and Segment Jobs).
//
//   const emulator = await startEmulator({ seed: 'demo' });
//   IMS token:  POST emulator.url + '/ims/token/v3'   (form-urlencoded client credentials)
//   CJA base:   emulator.url                          (Authorization, x-api-key, x-gw-ims-org-id)
//   AEP base:   emulator.url + '/data/core/ups'       (the same headers + x-sandbox-name)
//   Admin:      emulator.url + '/__emulator/...'      (faults, reset, stats, mutate, revoke-tokens; see admin/adminApi.ts)
//
// Behaviour chosen where Adobe's sources leave room (each follows the spec and/or guide named):
// - CJA list: Spring page {content, totalElements, totalPages, numberOfElements, number, size, firstPage, lastPage,
//   sort}; `pagination=false` answers a bare array of every match. Without `expansion=definition` no definitions.
//   Default list = the caller's own segments; includeType=shared|templates|deleted|internal adds the others.
// - Projects using a segment: GET /segments?filterByIds={id}&expansion=usedIn (spec: usedIn is a list expansion);
//   GET /segments/{id}?expansion=usedIn works too.
// - CJA PUT merges the given modifiable fields (name, description, definition, dataId, owner) and bumps `modified`;
//   create and update answer with definition, modified, compatibility. DELETE is soft and repeatable.
//   Create/update refuse a structurally invalid definition (400 invalid_data); /segments/validate explains why.
// - AEP POST /segment/definitions answers 200 (spec and guide), 422 for a name already used, 400 for an invalid
//   body or PQL that is not well-formed; PATCH merges fields; DELETE answers 200 {status, message}; bulk-get 207.
// - AEP list envelope {segments, page, link}; link.next.href only when there is a next page. Jobs list
//   {_page, children, _links: {next: {}}} with next.href when there is a next page (guide sample).
// - Jobs: NEW -> QUEUED -> PROCESSING -> SUCCEEDED (or FAILED when a definition's PQL is not well-formed), one state
//   per jobStepMs; DELETE answers 204 and the job goes CANCELLING -> CANCELLED one step later.
// - Rate limit per org: 429 {"error_code":"429050","message":"Too many requests"} with Retry-After (seconds).
import { Emulator } from './emulator';
import type { EmulatorOptions, RunningEmulator } from './types';

export type {
  EmulatorCredentials,
  EmulatorOptions,
  EmulatorStats,
  FaultController,
  FaultKind,
  FaultRule,
  RunningEmulator,
} from './types';

export { AEP_BASE_PATH, IMS_TOKEN_PATH } from './http/router';
export { ADMIN_PREFIX } from './admin/adminApi';

export async function startEmulator(options?: EmulatorOptions): Promise<RunningEmulator> {
  const emulator = new Emulator(options);
  await emulator.listen();
  return emulator.publicHandle();
}
