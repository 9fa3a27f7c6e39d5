/// One token of scanned JSON text: a value, or the key of an object member.
///
/// Tokens are laid out in document order: an object is its token followed by key and value tokens in turn, an array
/// its token followed by its elements; a container's ``end`` is the index of the token after its last one, so a
/// reader skips a whole value in one step. Strings and numbers are kept as byte ranges and converted only when a
/// value is read.
struct JSONToken: Sendable {
    enum Kind: UInt8 {
        case object
        case array
        case string
        case number
        case `true`
        case `false`
        case null
    }

    /// What the value is.
    var kind: Kind
    /// Strings: ``escaped`` and ``nonASCII``; numbers: ``integral``.
    var flags: UInt8
    /// Containers: members or elements.
    var count: UInt32
    /// Strings: the offset of the first byte after the opening quote; numbers: of the first character;
    /// containers: of the bracket.
    var start: UInt32
    /// Strings: the offset of the closing quote; numbers: after the last character; containers: the index of the
    /// token that follows the container's last one.
    var end: UInt32

    /// A string with a backslash in it.
    static let escaped: UInt8 = 1
    /// A string with a byte of 0x80 or more in it.
    static let nonASCII: UInt8 = 2
    /// A number written without fraction or exponent.
    static let integral: UInt8 = 4

    /// The index of the token after this value, in a tape where this token is at `index`.
    @inline(__always)
    func next(after index: Int) -> Int {
        kind == .object || kind == .array ? Int(end) : index + 1
    }

    /// A plain ASCII string: its bytes are its characters, compared byte by byte.
    @inline(__always)
    var isPlainASCII: Bool { flags & (Self.escaped | Self.nonASCII) == 0 }
}
