import { describe, expect, it } from 'vitest';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import { describeBackendContract } from './backend-contract';

describeBackendContract('memory', async () => ({ backend: createMemoryBackend() }), { persistent: false });

describe('createMemoryBackend', () => {
  it('is kind "memory" and instances do not share data', async () => {
    const a = createMemoryBackend();
    const b = createMemoryBackend();
    expect(a.kind).toBe('memory');
    await a.commit([{ op: 'put', store: 'keys', value: { id: 'k', rev: 1 } }]);
    expect(await b.get('keys', 'k')).toBeUndefined();
  });
});
