/** Kafka's single message transforms and predicates, by their class names. */
import type { Predicate, Transformation } from '../api/plugins.js';

export const BUNDLED_TRANSFORMS: Array<[string, () => Transformation]> = [];
export const BUNDLED_PREDICATES: Array<[string, () => Predicate]> = [];
