// The one organisation, client, sandbox and technical account the emulator knows. Fixed values (not random) so
// that out-of-process users such as the demo and the end-to-end suite can be configured ahead of time; they are
// printed by main.ts as well. None of them is a real Adobe credential.
import type { EmulatorCredentials } from './types';

export const EMULATOR_CREDENTIALS: Readonly<EmulatorCredentials> = Object.freeze({
  clientId: '0e4c3b2a19f84d7c8e6b5a4f3d2c1b0a',
  clientSecret: 'emulator-client-secret-not-a-real-secret-7f3a9c',
  orgId: '5A1B2C3D4E5F60718293A4B5@AdobeOrg',
  sandbox: 'prod',
  scopes: 'openid,AdobeID,read_organizations,additional_info.projectedProductContext,session',
});

/** Scopes IMS would grant this client (a request for any other scope is refused with invalid_scope). */
export const GRANTABLE_SCOPES: ReadonlySet<string> = new Set([
  'openid',
  'AdobeID',
  'read_organizations',
  'additional_info.projectedProductContext',
  'additional_info.job_function',
  'additional_info.roles',
  'session',
]);

/** The server-to-server credential acts as this technical account user: it owns what it creates. */
export const TECHNICAL_ACCOUNT = Object.freeze({
  imsUserId: '7C3F0E2D5A9B41C8E0F1A2B3@techacct.adobe.com',
  name: 'Segment Workbench API (technical account)',
});

/** The user `POST /__emulator/mutate` acts as ("someone else" editing a resource in the Adobe UI). */
export const OTHER_USER = Object.freeze({
  imsUserId: 'C61B8E2F5B3A0D9E0A495E21@AdobeID',
  name: 'Maria Lopez',
});

/** CJA company prefix used in segment ids (`s300000938_...`), as the CJA samples show. */
export const CJA_COMPANY_PREFIX = 's300000938';

export const AEP_SANDBOX = Object.freeze({
  sandboxId: '28e74200-e3de-11e9-8f5d-7f27416c5f0d',
  sandboxName: EMULATOR_CREDENTIALS.sandbox,
  type: 'production',
  default: true,
});

export const AEP_DEFAULT_MERGE_POLICY_ID = '25c548a0-ca7f-4dcd-81d5-997642f178b9';
export const AEP_PROFILE_INSTANCE_ID = 'ups';
export const AEP_PROFILE_SCHEMA = '_xdm.context.profile';
