import KubeCore
import Testing

@Suite("ContentHash")
struct ContentHashTests {
    @Test("it is 64-bit FNV-1a, so its values are the same in every process and release")
    func knownValues() {
        // The published FNV-1a test vectors.
        #expect(ContentHash.of([UInt8]()) == 0xcbf2_9ce4_8422_2325)
        #expect(ContentHash.of(Array("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
        #expect(ContentHash.of(Array("foobar".utf8)) == 0x8594_4171_f739_67e8)
        #expect(ContentHash.hex(Array("a".utf8)) == "AF63DC4C8601EC8C")
        // Fixed width: the hash of "aa" is 0x089C4307B54596B7.
        #expect(ContentHash.hex(Array("aa".utf8)) == "089C4307B54596B7")
    }
}
