/**
 * Shared by AlterConfigs and IncrementalAlterConfigs: resource types and the per-resource result.
 */
export const RESOURCE_TOPIC = 2;
export const RESOURCE_BROKER = 4;

export const OP_SET = 0;
export const OP_DELETE = 1;
export const OP_APPEND = 2;
export const OP_SUBTRACT = 3;
