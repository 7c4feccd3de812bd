/**
 * Confluent's subject name strategies: which subject a topic's key or value schema is registered
 * under. TopicNameStrategy (the default) `<topic>-key` / `<topic>-value`; RecordNameStrategy the
 * record's full name; TopicRecordNameStrategy `<topic>-<full name>`.
 */
export type SubjectNameStrategy = (topic: string, isKey: boolean, recordName: string | null) => string;

export const topicNameStrategy: SubjectNameStrategy = (topic, isKey) => `${topic}-${isKey ? 'key' : 'value'}`;

export const recordNameStrategy: SubjectNameStrategy = (_topic, _isKey, recordName) => {
  if (recordName === null) throw new TypeError('RecordNameStrategy needs a named schema (a record)');
  return recordName;
};

export const topicRecordNameStrategy: SubjectNameStrategy = (topic, isKey, recordName) =>
  `${topic}-${recordNameStrategy(topic, isKey, recordName)}`;
