/** The controller's pure decisions: what to do on a /controller change, and partition leader election. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { controllerAction, electPartitionLeader, nextControllerEpoch } from '../src/controller/election-rules.js';

describe('controller election rules', () => {
  it('elects when /controller is absent, resigns when superseded, else follows', () => {
    assert.equal(controllerAction({ brokerId: 1, isActive: false, activeControllerId: null }), 'elect');
    assert.equal(controllerAction({ brokerId: 1, isActive: true, activeControllerId: null }), 'elect');
    assert.equal(controllerAction({ brokerId: 1, isActive: true, activeControllerId: 2 }), 'resign');
    assert.equal(controllerAction({ brokerId: 1, isActive: true, activeControllerId: 1 }), 'follow');
    assert.equal(controllerAction({ brokerId: 1, isActive: false, activeControllerId: 2 }), 'follow');
    assert.equal(nextControllerEpoch(0), 1);
  });

  it('picks the first live in-sync replica; unclean only when allowed', () => {
    const live = new Set([2, 3]);
    assert.deepEqual(electPartitionLeader([1, 2, 3], [1, 3], live, false), { leader: 3, unclean: false });
    assert.equal(electPartitionLeader([1, 2], [1], live, false), null);
    assert.deepEqual(electPartitionLeader([1, 2], [1], live, true), { leader: 2, unclean: true });
    assert.equal(electPartitionLeader([1], [1], live, true), null);
  });
});
