import { keyStoreContract } from './key-store-contract.fixture.ts';
import { memoryKeyStore } from './memory-key-store.ts';

keyStoreContract('memory store', async () => memoryKeyStore());
