import PaceProtocol

/// `pace kinds`: the activity kinds and what a minute of each costs.
enum KindsText {
    static func render(_ kinds: [PaceAPI.ActivityKind], settings: OutputSettings) -> [String] {
        guard !kinds.isEmpty else { return ["No activity kinds are defined."] }
        var rows = [["kind", "category", "MET", "light", "moderate", "vigorous", ""]]
        for kind in kinds.sorted(by: { ($0.category, $0.name) < ($1.category, $1.name) }) {
            rows.append([
                kind.name, kind.category, kind.met > 0 ? NumberText.decimal(kind.met) : settings.glyphs.missing,
                NumberText.decimal(kind.pointsPerMinuteLight, places: 2),
                NumberText.decimal(kind.pointsPerMinuteModerate, places: 2),
                NumberText.decimal(kind.pointsPerMinuteVigorous, places: 2),
                kind.builtIn ? "" : "from your config",
            ])
        }
        let table = TextTable.render(rows, rightAligned: [2, 3, 4, 5])
        return ["Effort points per minute, by intensity:", ""]
            + [settings.style.dim(table[0])] + table.dropFirst()
    }
}
