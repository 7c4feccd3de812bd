/**
 * Rack-aware replica placement: consecutive brokers in the placement order sit on different racks,
 * so round-robin replicas of a partition spread over as many racks as there are.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rackAlternating } from '../src/metadata/topic-manager.js';

describe('rack-aware placement order', () => {
  it('keeps id order without racks', () => {
    assert.deepEqual(
      rackAlternating([
        { id: 3, rack: null },
        { id: 1, rack: null },
        { id: 2, rack: null },
      ]),
      [1, 2, 3],
    );
  });

  it('alternates racks so that any window of consecutive brokers spans distinct racks', () => {
    const brokers = [
      { id: 1, rack: 'a' },
      { id: 2, rack: 'a' },
      { id: 3, rack: 'b' },
      { id: 4, rack: 'b' },
      { id: 5, rack: 'c' },
      { id: 6, rack: 'c' },
    ];
    const order = rackAlternating(brokers);
    assert.deepEqual(order, [1, 3, 5, 2, 4, 6]);
    const rackOf = new Map(brokers.map((b) => [b.id, b.rack]));
    // Replication factor 3 placed round robin from every starting point: three racks each time.
    for (let start = 0; start < order.length; start++) {
      const racks = new Set([0, 1, 2].map((r) => rackOf.get(order[(start + r) % order.length] as number)));
      assert.equal(racks.size, 3, `partition starting at ${start}`);
    }
  });
});
