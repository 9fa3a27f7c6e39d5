extension KeyedDecodingContainer {
    /// The value at `key`, or `fallback` when the key is absent: every setting has a built-in default, so a
    /// config (or a snapshot from an older version) may leave any of them out.
    func value<T: Decodable>(_ key: Key, or fallback: T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? fallback
    }

    /// Like ``value(_:or:)`` for settings that can be switched off: an absent key takes the default, an
    /// explicit `null` means off.
    func optionalValue<T: Decodable>(_ key: Key, or fallback: T?) throws -> T? {
        guard contains(key) else { return fallback }
        return try decodeNil(forKey: key) ? nil : try decode(T.self, forKey: key)
    }
}
