import { MemoryRoomStore } from '../server/rooms/memory-room-store.js';
import { describeRoomStoreContract } from './room-store.contract.js';

describeRoomStoreContract(describe, 'the in-memory store', async () => new MemoryRoomStore());
