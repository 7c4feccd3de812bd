package main

import "hash"

// murmur2 is Kafka's key hash (the Java client's Utils.murmur2, seed 0x9747b28c), which sarama
// lacks: with it, sarama puts a key on the same partition as every other client. Sum32 returns the
// hash with its sign bit cleared (Java's toPositive), so sarama's `hash % partitions` matches.
type murmur2 struct{ data []byte }

func newMurmur2() hash.Hash32 { return &murmur2{} }

func (m *murmur2) Write(p []byte) (int, error) { m.data = append(m.data, p...); return len(p), nil }
func (m *murmur2) Sum(b []byte) []byte {
	h := m.Sum32()
	return append(b, byte(h>>24), byte(h>>16), byte(h>>8), byte(h))
}
func (m *murmur2) Reset()         { m.data = m.data[:0] }
func (m *murmur2) Size() int      { return 4 }
func (m *murmur2) BlockSize() int { return 4 }

func (m *murmur2) Sum32() uint32 {
	const seed, mul, r = uint32(0x9747b28c), uint32(0x5bd1e995), 24
	data := m.data
	n := len(data)
	h := seed ^ uint32(n)
	for i := 0; i+4 <= n; i += 4 {
		k := uint32(data[i]) | uint32(data[i+1])<<8 | uint32(data[i+2])<<16 | uint32(data[i+3])<<24
		k *= mul
		k ^= k >> r
		k *= mul
		h *= mul
		h ^= k
	}
	tail := data[n&^3:]
	switch len(tail) {
	case 3:
		h ^= uint32(tail[2]) << 16
		fallthrough
	case 2:
		h ^= uint32(tail[1]) << 8
		fallthrough
	case 1:
		h ^= uint32(tail[0])
		h *= mul
	}
	h ^= h >> 13
	h *= mul
	h ^= h >> 15
	return h & 0x7fffffff
}
