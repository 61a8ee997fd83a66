/// The work queues' hash of the keys controllers use (`String` and ``ObjectKey``): a keyed
/// multiply-mix hash over the key's bytes, several times cheaper than `Hasher`'s SipHash for keys of
/// a few dozen bytes, which was a third of an add's cost.
///
/// ## Why it is safe to use instead of `hashValue`
/// - **Equal keys hash equal.** `String`'s `==` is canonical equivalence, so two strings with
///   different bytes can be equal ("K" and the Kelvin sign "\u{212A}"). ASCII strings are hashed
///   over their bytes, which are their canonical (NFC) form; any other string is hashed over its NFC
///   code units, as `String.hash(into:)` does. Object names are DNS labels, so the slow path is rare.
/// - **Flooding is no easier than with Go's map**, which client-go's queue uses. Every constant
///   that a key's bytes meet is drawn at random when the process starts, so someone who chooses keys
///   (object names) can neither compute their hashes nor zero a multiplication on purpose
///   (with public constants, a 64-bit word equal to one of them would cancel everything hashed
///   before it, whatever the seed).
@usableFromInline
enum KeyHash {
    /// The per-process random constants; odd, as Go's runtime makes its hash keys (`seed` alone is
    /// a factor for keys of up to 3 bytes, and an even one would leave the product's low bit 0).
    @usableFromInline
    struct Secrets: Sendable {
        @usableFromInline let seed: UInt64
        @usableFromInline let first: UInt64
        @usableFromInline let second: UInt64

        init() {
            var generator = SystemRandomNumberGenerator()
            seed = generator.next() | 1
            first = generator.next() | 1
            second = generator.next() | 1
        }
    }

    @usableFromInline static let secrets = Secrets()

    /// Marks a cluster-scoped ``ObjectKey`` (no namespace), so that it does not hash as one whose
    /// namespace is empty. Public knowledge does no harm: it is mixed with a secret before use.
    @usableFromInline static let noNamespace: UInt64 = 0x9E37_79B9_7F4A_7C15

    @inlinable
    static func hash(_ string: String) -> UInt64 {
        let hashed = string.utf8.withContiguousStorageIfAvailable { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            return isASCII(raw) ? hash(raw) : nil
        }
        // `nil` outside means no contiguous storage, `nil` inside a string that is not ASCII.
        return (hashed ?? nil) ?? hashNormalized(string)
    }

    /// A string that is not ASCII, hashed over its canonical form.
    @usableFromInline
    static func hashNormalized(_ string: String) -> UInt64 {
        string._nfcCodeUnits.withUnsafeBytes { hash($0) }
    }

    @inlinable
    static func hash(_ key: ObjectKey) -> UInt64 {
        let namespace = key.namespace.map { hash($0) } ?? noNamespace
        return mix(namespace ^ secrets.first, hash(key.name) ^ secrets.second)
    }

    /// The 128-bit product of `a` and `b`, folded to 64 bits.
    @inlinable
    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    @inlinable
    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var highBits: UInt64 = 0
        var offset = 0
        while offset + 8 <= bytes.count {
            highBits |= bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            offset += 8
        }
        while offset < bytes.count {
            highBits |= UInt64(bytes[offset])
            offset += 1
        }
        return highBits & 0x8080_8080_8080_8080 == 0
    }

    /// Each 16 bytes are folded into the state with one wide multiplication; the last 16 (or, for
    /// shorter input, up to four overlapping pieces of it) with the length in a final one.
    @inlinable
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = bytes.count
        var state = secrets.seed
        let head: UInt64
        let tail: UInt64
        if count > 16 {
            var offset = 0
            while count - offset > 16 {
                let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                let next = bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)
                state = mix(word ^ secrets.first, next ^ state)
                offset += 16
            }
            head = bytes.loadUnaligned(fromByteOffset: count - 16, as: UInt64.self)
            tail = bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        } else if count >= 4 {
            // Four 4-byte pieces that overlap as needed cover every byte of 4 to 16.
            let step = (count >> 3) << 2
            func piece(_ offset: Int) -> UInt64 {
                UInt64(bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            }
            head = piece(0) << 32 | piece(step)
            tail = piece(count - 4) << 32 | piece(count - 4 - step)
        } else if count > 0 {
            head = UInt64(bytes[0]) << 16 | UInt64(bytes[count >> 1]) << 8 | UInt64(bytes[count - 1])
            tail = 0
        } else {
            head = 0
            tail = 0
        }
        let product = (head ^ secrets.first).multipliedFullWidth(by: tail ^ state)
        return mix(product.low ^ secrets.second ^ UInt64(count), product.high ^ secrets.first)
    }
}
