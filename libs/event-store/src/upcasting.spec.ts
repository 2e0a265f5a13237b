import type { RecordedEvent } from './port';
import { upcasterRegistry, type Upcaster } from './upcasting';

function recorded(type: string, data: unknown, schemaVersion: number): RecordedEvent {
  return {
    position: 7,
    streamId: 'report-1',
    version: 2,
    eventId: '00000000-0000-4000-8000-000000000007',
    type,
    data,
    metadata: {
      actorId: 'u',
      role: 'submitter',
      unitId: 'edu',
      correlationId: 'c',
      causationId: null,
      workflowId: 'report-1',
      schemaVersion,
      recordedAt: '2025-06-30T00:00:00.000Z',
    },
    hash: 'f'.repeat(64),
  };
}

// An example pair: v1 → v2 adds the unit of a value, v2 → v3 nests value and unit.
const addUnit: Upcaster = { type: 'Measured', fromSchemaVersion: 1, upcast: (data) => ({ ...(data as { value: number }), unit: 'm' }) };
const nest: Upcaster = {
  type: 'Measured',
  fromSchemaVersion: 2,
  upcast: (data) => {
    const { value, unit } = data as { value: number; unit: string };
    return { amount: { value, unit } };
  },
};

describe('upcasters', () => {
  describe('each upcaster on its own', () => {
    it('v1 → v2 adds the unit', () => {
      expect(addUnit.upcast({ value: 3 })).toEqual({ value: 3, unit: 'm' });
    });
    it('v2 → v3 nests value and unit', () => {
      expect(nest.upcast({ value: 3, unit: 'km' })).toEqual({ amount: { value: 3, unit: 'km' } });
    });
  });

  describe('the registry', () => {
    const upcast = upcasterRegistry([nest, addUnit]);

    it('chains upcasters from the stored schema version to the newest, whatever order they were given in', () => {
      const read = upcast(recorded('Measured', { value: 3 }, 1));
      expect(read.data).toEqual({ amount: { value: 3, unit: 'm' } });
      expect(read.metadata.schemaVersion).toBe(3);
    });

    it('starts from the version the event was written at', () => {
      expect(upcast(recorded('Measured', { value: 4, unit: 'km' }, 2)).data).toEqual({ amount: { value: 4, unit: 'km' } });
    });

    it('leaves current events and other types as they are (the same object)', () => {
      const current = recorded('Measured', { amount: { value: 1, unit: 'm' } }, 3);
      const other = recorded('ReportSubmitted', { value: 1 }, 1);
      expect(upcast(current)).toBe(current);
      expect(upcast(other)).toBe(other);
    });

    it('never changes the stored event, its hash or the rest of its metadata', () => {
      const stored = recorded('Measured', { value: 3 }, 1);
      const copy = structuredClone(stored);
      const read = upcast(stored);
      expect(stored).toEqual(copy);
      expect(read).toMatchObject({ hash: stored.hash, position: 7, version: 2, metadata: { ...stored.metadata, schemaVersion: 3 } });
    });

    it('refuses two upcasters for the same type and schema version', () => {
      expect(() => upcasterRegistry([addUnit, { ...addUnit }])).toThrow(/two upcasters for Measured at schema version 1/);
    });
  });
});
