/// Durations as the aifleet CRDs write them: Go-style `1h30m`, `15m`, `90s` (pattern
/// `^([0-9]+(h|m|s))+$`), the subset of `time.ParseDuration` that needs no fractions or sub-second units.
public enum FleetDuration {
    /// The number of seconds `text` stands for; nil when it is not a duration of that form.
    public static func seconds(_ text: String) -> Int64? {
        var total: Int64 = 0
        var number: Int64?
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                let (shifted, overflow) = (number ?? 0).multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                number = shifted + Int64(digit)
                continue
            }
            guard let amount = number else { return nil }
            let unit: Int64
            switch character {
            case "h": unit = 3600
            case "m": unit = 60
            case "s": unit = 1
            default: return nil
            }
            let (part, overflow) = amount.multipliedReportingOverflow(by: unit)
            guard !overflow else { return nil }
            total += part
            number = nil
        }
        guard number == nil, !text.isEmpty else { return nil }
        return total
    }

    /// `seconds(text)` in hours.
    public static func hours(_ text: String) -> Double? {
        seconds(text).map { Double($0) / 3600 }
    }
}
