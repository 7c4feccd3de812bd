/** The version the FileStream connectors report (Kafka reports its own version for them). */
export const FILE_VERSION = '3.9.2';
