/**
 * What KTable processors pass each other (Kafka's Change): the new value and the one it replaced,
 * so downstream aggregations can subtract the old one. A null new value is a delete.
 */
export interface Change<V> {
  newValue: V | null;
  oldValue: V | null;
}
