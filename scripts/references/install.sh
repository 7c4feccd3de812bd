#!/usr/bin/env bash
# Fetches the reference implementations that the conformance tests and benchmarks run against
# Samsa, each pinned by exact version and verified by its package manager, into a cache outside
# the repository (SAMSA_REFERENCES, default ~/.cache/samsa-references). A second run finds
# everything in place and returns at once. Nothing fetched is committed.
#   kafka-<v>/libs   Apache Kafka's jars (server, tools, clients, Streams, Connect), Maven (-C:
#                    a checksum mismatch fails the download)
#   venv/            confluent-kafka 2.x (bundled current librdkafka) and kafka-python 2.2,
#                    pip --require-hashes
#   bin/franz, bin/sarama
#                    scenario drivers built against franz-go and IBM/sarama; go.sum pins them
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${SAMSA_REFERENCES:-$HOME/.cache/samsa-references}"
mkdir -p "$cache/bin"

for version in 3.9.2 4.1.2; do
  dir="$cache/kafka-$version"
  if [ ! -f "$dir/.complete" ]; then
    echo "references: Apache Kafka $version (Maven)"
    rm -rf "$dir"
    mvn -q -B -C -Dstyle.color=never -f "$here/kafka/pom.xml" -Dkafka.version="$version" \
      dependency:copy-dependencies -DoutputDirectory="$dir/libs"
    touch "$dir/.complete"
  fi
done

stamp="$cache/venv/.requirements"
if ! cmp -s "$here/python/requirements.txt" "$stamp" 2>/dev/null; then
  echo "references: confluent-kafka and kafka-python (PyPI)"
  rm -rf "$cache/venv"
  /usr/bin/python3 -m venv "$cache/venv"
  "$cache/venv/bin/pip" install -q --disable-pip-version-check --require-hashes --only-binary=:all: \
    -r "$here/python/requirements.txt"
  cp "$here/python/requirements.txt" "$stamp"
fi

# go build is itself cached (module and build caches), so it runs every time.
go=go; [ -x /usr/local/go/bin/go ] && go=/usr/local/go/bin/go
(cd "$here/go" && $go build -o "$cache/bin/franz" ./franz && $go build -o "$cache/bin/sarama" ./sarama)
echo "references: ready in $cache"
