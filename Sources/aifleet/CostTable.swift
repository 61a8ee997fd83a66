import Fleet

/// The estimated cost table `aifleet check` prints: one row per workload and a total.
struct CostTable {
    struct Row {
        var resource: String
        var namespace: String
        var hourlyAtMin: Double
        var hourlyAtMax: Double
        var monthlyAtMax: Double
        var gpus: Int
        var notes: String
    }

    private(set) var rows: [Row] = []

    mutating func add(_ resource: FleetResource, _ estimate: CostEstimate) {
        var notes: [String] = []
        if estimate.spot { notes.append("spot") }
        if let gpuHours = estimate.gpuHoursAtMaxRuntime, gpuHours > 0 { notes.append("\(Self.number(gpuHours)) GPU-h") }
        if let total = estimate.totalAtMaxRuntime { notes.append("\(Money.format(total)) per run at maxRuntime") }
        rows.append(Row(
            resource: resource.reference, namespace: resource.namespace ?? "", hourlyAtMin: estimate.hourlyAtMin,
            hourlyAtMax: estimate.hourlyAtMax, monthlyAtMax: estimate.monthlyAtMax, gpus: estimate.gpusAtMax,
            notes: notes.joined(separator: ", ")))
    }

    /// Aligned columns; money in dollars and cents, monthly at 730 hours.
    var lines: [String] {
        let header = ["RESOURCE", "NAMESPACE", "$/H MIN", "$/H MAX", "$/MONTH MAX", "GPUS MAX", "NOTES"]
        var cells = rows.map { row in
            [row.resource, row.namespace, Money.format(row.hourlyAtMin), Money.format(row.hourlyAtMax),
             Money.format(row.monthlyAtMax), String(row.gpus), row.notes]
        }
        cells.append([
            "TOTAL", "", Money.format(rows.map(\.hourlyAtMin).reduce(0, +)), Money.format(rows.map(\.hourlyAtMax).reduce(0, +)),
            Money.format(rows.map(\.monthlyAtMax).reduce(0, +)), String(rows.map(\.gpus).reduce(0, +)), "",
        ])
        let all = [header] + cells
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(to: widths[column])
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
    }

    /// A number without a fraction when it is whole (`192`), else with two decimals.
    private static func number(_ value: Double) -> String {
        value.rounded() == value ? String(Int64(value)) : Money.format(value).dropFirst().description
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
