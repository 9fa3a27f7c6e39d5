import PaceProtocol

/// `pace kinds`: the activity kinds and what a minute of each costs, in the daemon's order.
enum KindsText {
    static func render(_ kinds: [PaceAPI.ActivityKind], settings: OutputSettings) -> [String] {
        guard !kinds.isEmpty else { return ["No activity kinds are defined."] }
        var rows = [["kind", "MET", "light", "moderate", "vigorous", "also", ""]]
        for kind in kinds {
            rows.append([
                kind.name, kind.met.map { NumberText.decimal($0) } ?? settings.glyphs.missing,
                NumberText.decimal(kind.pointsPerMinuteLight, places: 2),
                NumberText.decimal(kind.pointsPerMinuteModerate, places: 2),
                NumberText.decimal(kind.pointsPerMinuteVigorous, places: 2),
                kind.aliases.joined(separator: ", "),
                kind.builtIn ? "" : "from your config",
            ])
        }
        let table = TextTable.render(rows, rightAligned: [1, 2, 3, 4])
        return ["Effort points per minute, by intensity:", ""]
            + [settings.style.dim(table[0])] + table.dropFirst()
    }
}
