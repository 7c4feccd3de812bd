export { compileJava, JavaApp, type JavaAppOptions, kafkaClasspath } from './java-apps.js';
export {
  type SignOptions,
  TestIdp,
  type TestIdpAlg,
  type TestIdpClient,
  type TestIdpOptions,
  unsecuredToken,
} from './oauth-idp.js';
export { expectSuccess, kcat, python, type RunResult, run } from './processes.js';
export {
  goDriver,
  KAFKA_VERSIONS,
  type KafkaVersion,
  kafkaJava,
  referencePython,
  referencesDir,
  referencesMissing,
} from './references.js';
export { type CertFiles, createTestCa, type TestCa } from './tls-certs.js';
