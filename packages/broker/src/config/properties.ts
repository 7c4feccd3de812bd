// The Java .properties reader moved to @samsa/common, which Connect's workers share with the broker.
export { type PropertyEntry, parseProperties } from '@samsa/common';
