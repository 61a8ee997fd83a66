import CZstd
import Synchronization

/// A zstd dictionary made from one sample text, and what compresses and decompresses against it.
///
/// Objects of one kind made by one controller repeat the same keys, labels and values; compressed
/// on their own, a few KB of JSON only halves, but against a sibling as the dictionary it shrinks
/// to the tens or hundreds of bytes in which it differs. zstd is made for this case (small inputs,
/// a shared dictionary) and is already in the process: libcurl links it.
final class ZstdDictionary: Sendable {
    private let compression: ZstdPointer
    private let decompression: ZstdPointer
    /// Contexts are not tied to a dictionary: every dictionary of the process shares these.
    private static let compressionContexts = ZstdContextPool(.compression)
    private static let decompressionContexts = ZstdContextPool(.decompression)

    /// The dictionary of `sample`, compressing at `level` (zstd's 1...19); `nil` if zstd could not
    /// allocate it.
    init?(sample: [UInt8], level: Int32) {
        // Each copies the sample (zstd's stable API; the samples are small, see CompactCompression).
        let made = sample.withUnsafeBytes { bytes in
            (ZSTD_createCDict(bytes.baseAddress, bytes.count, level), ZSTD_createDDict(bytes.baseAddress, bytes.count))
        }
        guard let compressing = made.0, let decompressing = made.1 else {
            ZSTD_freeCDict(made.0)
            ZSTD_freeDDict(made.1)
            return nil
        }
        compression = ZstdPointer(compressing)
        decompression = ZstdPointer(decompressing)
    }

    deinit {
        ZSTD_freeCDict(compression.pointer)
        ZSTD_freeDDict(decompression.pointer)
    }

    /// `text` as a zstd frame (which records the text's size); `nil` if zstd failed.
    func compress(_ text: [UInt8]) -> [UInt8]? {
        let bound = ZSTD_compressBound(text.count)
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: bound, alignment: 1)
        defer { scratch.deallocate() }
        let written = Self.compressionContexts.withContext { context in
            text.withUnsafeBytes { input in
                ZSTD_compress_usingCDict(
                    context, scratch.baseAddress, scratch.count, input.baseAddress, input.count, compression.pointer)
            }
        }
        guard let written, ZSTD_isError(written) == 0 else { return nil }
        return [UInt8](exactCopyOf: UnsafeRawBufferPointer(rebasing: scratch[..<written]))
    }

    /// The text of a frame `compress` made; `nil` if `frame` is not one.
    func decompress(_ frame: [UInt8]) -> [UInt8]? {
        let size = frame.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
        // zstd's "unknown" and "error" answers are the two largest values.
        guard size < UInt64.max - 1, let count = Int(exactly: size) else { return nil }
        var failed = false
        let text = [UInt8](unsafeUninitializedCapacity: count) { output, initialized in
            let written = Self.decompressionContexts.withContext { context in
                frame.withUnsafeBytes { input in
                    ZSTD_decompress_usingDDict(
                        context, output.baseAddress, output.count, input.baseAddress, input.count, decompression.pointer)
                }
            }
            guard let written, ZSTD_isError(written) == 0, written == count else {
                failed = true
                initialized = 0
                return
            }
            initialized = written
        }
        return failed ? nil : text
    }

}

/// A zstd object (dictionary or context) as a sendable value.
///
/// `@unchecked` because a C pointer is not `Sendable`. Dictionaries are read-only once made and zstd
/// documents them as safe to share between threads; a context is only ever used by the one thread
/// that took it out of its pool (see `ZstdContextPool`).
struct ZstdPointer: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
}

/// Idle zstd contexts kept for reuse: a context holds scratch space (~90 KB) that is costly to
/// allocate per call, and must not be used by two threads at once.
final class ZstdContextPool: Sendable {
    enum Kind { case compression, decompression }

    /// Contexts kept idle beyond this many are freed: enough for the threads of a busy process.
    private static let idleLimit = 8
    /// A context that grew past this (it compressed a large object) is freed, not kept.
    private static let keptSizeLimit = 512 * 1024
    private let kind: Kind
    private let idle = Mutex<[ZstdPointer]>([])

    init(_ kind: Kind) { self.kind = kind }

    deinit {
        for context in idle.withLock({ $0 }) { free(context.pointer) }
    }

    /// Runs `body` with a context of its own; `nil` if zstd could not allocate one.
    func withContext<Result>(_ body: (OpaquePointer) -> Result) -> Result? {
        guard let context = idle.withLock({ $0.popLast() })?.pointer ?? create() else { return nil }
        let result = body(context)
        let kept = size(of: context) <= Self.keptSizeLimit && idle.withLock { idle in
            guard idle.count < Self.idleLimit else { return false }
            idle.append(ZstdPointer(context))
            return true
        }
        if !kept { free(context) }
        return result
    }

    private func create() -> OpaquePointer? {
        switch kind {
        case .compression: ZSTD_createCCtx()
        case .decompression: ZSTD_createDCtx()
        }
    }

    private func size(of context: OpaquePointer) -> Int {
        switch kind {
        case .compression: ZSTD_sizeof_CCtx(context)
        case .decompression: ZSTD_sizeof_DCtx(context)
        }
    }

    private func free(_ context: OpaquePointer) {
        switch kind {
        case .compression: ZSTD_freeCCtx(context)
        case .decompression: ZSTD_freeDCtx(context)
        }
    }
}
