import NIOCore
import NIOHTTPTypes

/// Counts the response body bytes the kernel has accepted on a connection: each body part's write
/// promise is fulfilled only once its bytes are written to the socket.
///
/// A handler's `writer.write` is no measure of that. Hummingbird's writer is NIO's async writer,
/// which hands each write to the event loop and returns at once; it stops only once the event loop
/// has seen the channel turn unwritable. A handler writing in a tight loop while the event loop is
/// busy queues far more than the socket holds: 12–20 MiB beyond it when the peer reads nothing, and
/// a whole 128 MiB body under load (measured with a raw socket client that never reads).
final class SentBodyCounter: ChannelOutboundHandler, RemovableChannelHandler, Sendable {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let stats: TestServerStats

    init(stats: TestServerStats) {
        self.stats = stats
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .body(let buffer) = unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        let written = promise ?? context.eventLoop.makePromise()
        let stats = stats
        let bytes = buffer.readableBytes
        written.futureResult.whenSuccess { stats.recordBodyBytesSent(bytes) }
        context.write(data, promise: written)
    }
}
