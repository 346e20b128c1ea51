import type { TestApp } from '../harness/test-app';

/** A CCTV record (camera 2, the warehouse), as FACILITIES makes it; its id. */
export async function cctvRecord(t: TestApp, facilities: string): Promise<string> {
  const created = await t.gql<{ createRecord: { id: string } }>(
    `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id } }`,
    {
      input: {
        categoryCode: 'CCTV',
        collectedAt: '2026-11-25T10:00:00Z',
        source: 'camera 2',
        values: [
          { key: 'cameraLocation', value: 'warehouse' },
          { key: 'capturedAt', value: '2026-11-25T10:00:00Z' },
        ],
      },
    },
    facilities,
  );
  if (!created.data) throw new Error(JSON.stringify(created.errors));
  return created.data.createRecord.id;
}
