// Picks the seed named by the options.
import type { EmulatorOptions } from '../types';
import { bulkSeed } from './bulkSeed';
import { demoSeed } from './demoSeed';
import type { SeedContext, SeedData } from './seedData';

export type { SeedContext, SeedData } from './seedData';

export function loadSeed(seed: EmulatorOptions['seed'], context: SeedContext): SeedData {
  if (seed === undefined || seed === 'demo') return demoSeed(context);
  if (seed === 'empty') return { dataViews: {}, cjaSegments: [], aepDefinitions: [], aepJobs: [] };
  if (typeof seed === 'object' && seed !== null) return bulkSeed(seed, context);
  throw new Error(`Unknown seed ${JSON.stringify(seed)}: use 'demo', 'empty' or {cjaSegments, aepDefinitions}`);
}
