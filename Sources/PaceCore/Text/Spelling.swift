/// What a mistyped word most likely meant: a configuration key or section, a command, an activity kind.
package enum Spelling {
    /// The candidate a typo most likely meant, nearest first (the earlier candidate on a tie), or `nil` when none
    /// is close: within two edits (or a third of the word's length), and fewer edits than half the letters of the
    /// longer word, so that a short word is not "corrected" into another one (`foo` is not `log`).
    ///
    /// Case is ignored, and two letters swapped count as one edit: `Stauts` is one edit from `status`.
    package static func closest(to word: String, among candidates: [String]) -> String? {
        let limit = max(2, word.count / 3)
        return candidates.map { (candidate: $0, distance: editDistance(word, $0)) }
            .filter { $0.distance <= limit && 2 * $0.distance < max(word.count, $0.candidate.count) }
            .min { $0.distance < $1.distance }?.candidate
    }

    /// How many letters to insert, delete, replace or swap with their neighbour to turn one word into the other
    /// (the optimal string alignment distance), ignoring case.
    package static func editDistance(_ left: String, _ right: String) -> Int {
        let left = Array(left.lowercased())
        let right = Array(right.lowercased())
        var beforePrevious: [Int] = []
        var previous = Array(0...right.count)
        for (i, leftCharacter) in left.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: right.count)
            for (j, rightCharacter) in right.enumerated() {
                let substitution = previous[j] + (leftCharacter == rightCharacter ? 0 : 1)
                current[j + 1] = min(substitution, previous[j + 1] + 1, current[j] + 1)
                if i > 0, j > 0, leftCharacter == right[j - 1], left[i - 1] == rightCharacter {
                    current[j + 1] = min(current[j + 1], beforePrevious[j - 1] + 1)
                }
            }
            beforePrevious = previous
            previous = current
        }
        return previous[right.count]
    }
}
