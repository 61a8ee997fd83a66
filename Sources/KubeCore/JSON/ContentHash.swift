/// A hash of bytes that is the same in every process and every release (64-bit FNV-1a), for hashes
/// that are stored or compared across processes: an OpenAPI document's URL, the applied-manifest
/// annotation on the operator's children. Swift's `Hasher` is seeded per process, so its values
/// cannot be kept.
///
/// Not a cryptographic hash: it tells versions apart, it does not resist someone choosing inputs.
public enum ContentHash {
    /// The hash of `bytes`.
    public static func of(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            value ^= UInt64(byte)
            value &*= 0x100_0000_01b3
        }
        return value
    }

    /// The hash of `bytes` as 16 upper-case hexadecimal digits.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = String(of(bytes), radix: 16, uppercase: true)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
