import { keyStoreContract } from './key-store.contract.ts';
import { memoryKeyStore } from './memory-key-store.ts';

keyStoreContract('memory store', async () => memoryKeyStore());
