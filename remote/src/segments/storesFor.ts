// The segment stores of a connection's service.
import type { ServiceClients } from '../index';
import type { SegmentStore } from './segmentStore';
import { CjaSegmentStore } from './cjaStore';
import { AepDefinitionStore } from './aepStore';
import { UnleashSegmentStore } from './unleashStore';

export function segmentStoreFor(clients: ServiceClients): SegmentStore {
  switch (clients.service) {
    case 'cja': return new CjaSegmentStore(clients.cja);
    case 'aep': return new AepDefinitionStore(clients.definitions);
    case 'unleash': return new UnleashSegmentStore(clients.unleash);
  }
}
