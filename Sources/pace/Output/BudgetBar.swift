/// The budget as a bar of cells: what is left, then what is used: `▓▓▓▓▓▓░░░░`.
enum BudgetBar {
    /// Draws `left` of `budget` in `width` cells.
    ///
    /// Any budget left shows as at least one cell, and a budget not quite full never shows as full, so the bar
    /// never says "nothing left" or "untouched" when that is not so. A budget of zero draws an empty bar.
    static func render(left: Double, budget: Double, width: Int = 10, settings: OutputSettings) -> String {
        let cells = filledCells(left: left, budget: budget, width: width)
        let fraction = budget > 0 ? left / budget : 0
        let filled = String(repeating: settings.glyphs.left, count: cells)
        let empty = String(repeating: settings.glyphs.used, count: width - cells)
        let colouredFill = fraction < 0.2 ? settings.style.notice(filled) : settings.style.calm(filled)
        return colouredFill + settings.style.dim(empty)
    }

    /// How many of `width` cells stand for what is left.
    static func filledCells(left: Double, budget: Double, width: Int) -> Int {
        guard budget > 0, left > 0, width > 0 else { return 0 }
        let exact = min(1, left / budget) * Double(width)
        var cells = Int(exact.rounded())
        if cells == 0 { cells = 1 }
        if cells == width && left < budget { cells = width - 1 }
        return cells
    }
}
