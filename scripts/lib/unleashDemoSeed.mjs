// What the demo puts into its Unleash: segments, and feature flags whose strategies use some of them, so that the
// Segments view shows "used in" counts and deleting a used segment shows Unleash's 409 (see shared/reference/unleash.md).
/* global AbortSignal */
import { request } from 'undici';

const PROJECT = 'default';
const ENVIRONMENT = 'development';
const REQUEST_TIMEOUT_MS = 15_000;

/** The segments, as the Admin API takes them. */
export const DEMO_SEGMENTS = [
  {
    name: 'beta-testers',
    description: 'People who opted in to the beta programme',
    constraints: [{ contextName: 'userId', operator: 'IN', values: ['alice', 'bob', 'carol'] }],
  },
  {
    name: 'internal-staff',
    description: 'Everyone with a company e-mail address',
    constraints: [{ contextName: 'email', operator: 'STR_ENDS_WITH', values: ['@example.com'], caseInsensitive: true }],
  },
  {
    name: 'eu-customers',
    description: 'Customers in a few EU countries',
    constraints: [{ contextName: 'country', operator: 'IN', values: ['DE', 'FR', 'NL', 'ES', 'IT'] }],
  },
  {
    name: 'modern-mobile-app',
    description: 'The mobile app from version 2.1 on',
    constraints: [
      { contextName: 'appName', operator: 'STR_STARTS_WITH', values: ['mobile-'] },
      { contextName: 'appVersion', operator: 'SEMVER_GT', value: '2.1.0' },
    ],
  },
  {
    name: 'spring-sale-2025',
    description: 'Not used by any flag: it can be deleted',
    constraints: [{ contextName: 'currentTime', operator: 'DATE_AFTER', value: '2025-03-20T00:00:00.000Z' }],
  },
];

/** Feature flags (in the default project, development environment) and the segments their strategy uses. */
export const DEMO_FLAGS = [
  { name: 'new-checkout', description: 'The redesigned checkout', rollout: 50, segments: ['beta-testers', 'internal-staff'] },
  { name: 'dark-mode', description: 'Dark colour theme', rollout: 100, segments: ['eu-customers'] },
  { name: 'mobile-onboarding-v2', description: 'New onboarding screens in the app', rollout: 25, segments: ['modern-mobile-app', 'beta-testers'] },
];

async function call(baseUrl, adminToken, method, path, body) {
  const answer = await request(`${baseUrl}${path}`, {
    method,
    headers: { authorization: adminToken, 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await answer.body.text();
  if (answer.statusCode >= 300) throw new Error(`Unleash ${method} ${path} answered ${answer.statusCode}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * Creates the demo segments and flags in a fresh Unleash.
 * @returns {Promise<{segments: {id: number, name: string}[], flags: {name: string, segments: string[]}[]}>}
 */
export async function seedUnleash(baseUrl, adminToken) {
  const ids = new Map();
  for (const segment of DEMO_SEGMENTS) {
    const created = await call(baseUrl, adminToken, 'POST', '/api/admin/segments', segment);
    ids.set(segment.name, created.id);
  }
  for (const flag of DEMO_FLAGS) {
    const features = `/api/admin/projects/${PROJECT}/features`;
    await call(baseUrl, adminToken, 'POST', features, { name: flag.name, description: flag.description });
    await call(baseUrl, adminToken, 'POST', `${features}/${flag.name}/environments/${ENVIRONMENT}/strategies`, {
      name: 'flexibleRollout',
      parameters: { rollout: String(flag.rollout), stickiness: 'default', groupId: flag.name },
      constraints: [],
      segments: flag.segments.map((name) => ids.get(name)),
    });
  }
  return {
    segments: [...ids].map(([name, id]) => ({ id, name })),
    flags: DEMO_FLAGS.map(({ name, segments }) => ({ name, segments })),
  };
}
