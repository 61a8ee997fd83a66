import KubeCore
import Testing

@Suite("RFC 3339 timestamps")
struct TimestampTests {
    @Test("format and parse are inverse, at second precision in UTC")
    func roundTrip() {
        for seconds: Int64 in [0, 951_782_400, 1_795_000_000, 4_102_444_799] {
            let text = Timestamp.format(secondsSinceEpoch: seconds)
            #expect(Timestamp.secondsSinceEpoch(text) == seconds, "\(text)")
        }
        #expect(Timestamp.format(secondsSinceEpoch: 951_782_400) == "2000-02-29T00:00:00Z")
    }

    @Test("a MicroTime's fraction is ignored; anything but UTC RFC 3339 is refused")
    func parsing() {
        #expect(Timestamp.secondsSinceEpoch("2000-02-29T00:00:01.123456Z") == 951_782_401)
        for bad in ["", "2000-02-29", "2000-02-29T00:00:00+01:00", "2000-13-01T00:00:00Z", "2000-02-29T24:00:00Z", "20x0-02-29T00:00:00Z"] {
            #expect(Timestamp.secondsSinceEpoch(bad) == nil, "\(bad)")
        }
    }
}
