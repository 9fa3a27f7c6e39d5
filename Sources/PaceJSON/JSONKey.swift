/// A coding key the reader and the writer make themselves: an array index (`Index 3`, as `JSONDecoder` names it)
/// or the `super` key.
struct JSONKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        stringValue = "Index \(intValue)"
        self.intValue = intValue
    }

    /// The key of `superDecoder()` and `superEncoder()`.
    static let `super` = JSONKey(stringValue: "super")
}
