// Small helpers for reading what people type.

extension Character {
    /// `0` to `9`, and nothing else that Unicode calls a digit.
    var isASCIIDigit: Bool { isASCII && isWholeNumber }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        let start = trimmingLeadingSpaces
        var end = start.endIndex
        while end > start.startIndex, start[start.index(before: end)].isSpaceOrTab { end = start.index(before: end) }
        return start[start.startIndex..<end]
    }

    /// Without leading spaces and tabs.
    var trimmingLeadingSpaces: Substring {
        drop(while: \.isSpaceOrTab)
    }
}

extension Character {
    fileprivate var isSpaceOrTab: Bool { self == " " || self == "\t" }
}
