import Testing

@testable import KubeRuntime

@Suite("KeyHash")
struct KeyHashTests {
    /// Pairs that `String`'s `==` calls equal although their bytes differ (canonical equivalence).
    static let equivalentSpellings: [(String, String)] = [
        ("K", "\u{212A}"),  // Kelvin sign
        ("default/Kelvin", "default/\u{212A}elvin"),
        ("caf\u{E9}", "cafe\u{301}"),  // precomposed é, and e with a combining acute accent
        ("ns/\u{C5}ngstr\u{F6}m-model-with-a-long-name", "ns/A\u{30A}ngstro\u{308}m-model-with-a-long-name"),
    ]

    @Test("strings that are equal hash equal, however they are spelled")
    func equalStringsHashEqual() {
        for (precomposed, decomposed) in Self.equivalentSpellings {
            #expect(precomposed == decomposed)
            #expect(Array(precomposed.utf8) != Array(decomposed.utf8))
            #expect(KeyHash.hash(precomposed) == KeyHash.hash(decomposed), "\(precomposed.debugDescription)")
            let key = ObjectKey(namespace: precomposed, name: decomposed)
            let respelled = ObjectKey(namespace: decomposed, name: precomposed)
            #expect(KeyHash.hash(key) == KeyHash.hash(respelled))
        }
    }

    @Test("a queue deduplicates a key added under two spellings of the same string")
    func queueDeduplicatesEquivalentSpellings() {
        let queue = WorkQueue<String>()
        for (precomposed, decomposed) in Self.equivalentSpellings {
            queue.add(precomposed)
            queue.add(decomposed)
        }
        #expect(queue.count == Self.equivalentSpellings.count)
    }

    @Test("keys of every length from 0 to 80 bytes that differ in one byte hash apart")
    func everyByteCounts() {
        for length in 0...80 {
            let base = [UInt8](repeating: UInt8(ascii: "a"), count: length)
            var hashes: Set<UInt64> = [KeyHash.hash(String(decoding: base, as: UTF8.self))]
            for position in 0..<length {
                var changed = base
                changed[position] = UInt8(ascii: "b")
                hashes.insert(KeyHash.hash(String(decoding: changed, as: UTF8.self)))
            }
            #expect(hashes.count == length + 1, "length \(length)")
        }
    }

    @Test("keys of the same bytes repeated hash apart at every length from 0 to 80")
    func lengthCounts() {
        // Without the length in the final mix, "a" and "aa", or "abcd" and "abcdabcd", read the same
        // pieces and would collide whatever the secrets.
        for unit in ["a", "abcd"] {
            let hashes = (0...80).map { KeyHash.hash(String(repeating: unit, count: $0)) }
            #expect(Set(hashes).count == hashes.count, "\(unit)")
        }
    }

    @Test("a namespace and name hash apart from the same text split elsewhere, and from no namespace")
    func objectKeyPartsCount() {
        let keys = [
            ObjectKey(namespace: "team-a", name: "model"),
            ObjectKey(namespace: "team-", name: "amodel"),
            ObjectKey(namespace: "team-am", name: "odel"),
            ObjectKey(namespace: "", name: "team-amodel"),
            ObjectKey(namespace: nil, name: "team-amodel"),
            ObjectKey(namespace: "model", name: "team-a"),
        ]
        #expect(Set(keys.map(KeyHash.hash)).count == keys.count)
    }

    @Test("100,000 controller keys of each shape spread over a table's buckets as random numbers do")
    func controllerKeysSpreadEvenly() {
        // Keys that differ only in a few trailing characters, the case where a weak hash piles keys
        // into a few buckets: long and short strings (hashed by different paths) and object keys.
        let shapes: [(String, (Int) -> UInt64)] = [
            ("long strings", { KeyHash.hash("team-\($0 % 7)/inference-\($0)") }),
            ("short strings", { KeyHash.hash("m\($0)") }),
            ("object keys", { KeyHash.hash(ObjectKey(namespace: "team-\($0 % 7)", name: "inference-\($0)")) }),
            ("cluster-scoped object keys", { KeyHash.hash(ObjectKey(namespace: nil, name: "pool-\($0)")) }),
        ]
        let bucketCount = 1 << 14
        let keyCount = 100_000
        for (shape, hash) in shapes {
            var buckets = [Int](repeating: 0, count: bucketCount)
            for index in 0..<keyCount {
                buckets[Int(hash(index) & UInt64(bucketCount - 1))] += 1
            }
            // Uniform hashing puts a Poisson(6.1) count in each bucket: a chi-square statistic over
            // 16,383 degrees of freedom has mean 16,383 and standard deviation 181; 17,500 is 6 of them.
            let expected = Double(keyCount) / Double(bucketCount)
            let chiSquare = buckets.reduce(0.0) { sum, count in sum + (Double(count) - expected) * (Double(count) - expected) / expected }
            #expect(chiSquare < 17_500, "\(shape): chi-square \(chiSquare)")
            #expect(buckets.max() ?? 0 < 30, "\(shape)")
        }
    }

    @Test("the queues' hashed keys use the key hash for strings and object keys, and hashValue otherwise")
    func hashedKeyPicksTheHash() {
        #expect(HashedKey("default/a").hash == Int(truncatingIfNeeded: KeyHash.hash("default/a")))
        let objectKey = ObjectKey(namespace: "default", name: "a")
        #expect(HashedKey(objectKey).hash == Int(truncatingIfNeeded: KeyHash.hash(objectKey)))
        #expect(HashedKey(42).hash == 42.hashValue)
        // A wrapper of a string keeps its own hash, consistent with its own equality.
        let optional: String? = "default/a"
        #expect(HashedKey(optional).hash == optional.hashValue)
    }
}
