/** IncrementalAlterConfigs' APPEND and SUBTRACT on comma-separated list configs. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyListOp } from '../src/admin/list-config-ops.js';

describe('applyListOp', () => {
  it('APPEND adds only values not already present, keeping order', () => {
    assert.equal(applyListOp('delete', 'APPEND', 'compact'), 'delete,compact');
    assert.equal(applyListOp('delete,compact', 'APPEND', 'compact,x'), 'delete,compact,x');
    assert.equal(applyListOp(null, 'APPEND', 'a'), 'a');
  });

  it('SUBTRACT removes every given value', () => {
    assert.equal(applyListOp('delete,compact', 'SUBTRACT', 'delete'), 'compact');
    assert.equal(applyListOp('a, b ,c', 'SUBTRACT', 'b,zz'), 'a,c');
    assert.equal(applyListOp('', 'SUBTRACT', 'a'), '');
  });
});
