// swift-format-ignore-file: UseSynthesizedInitializer

/// An optional key every JSON report writes, `null` when absent (Swift's synthesized encoding leaves it out).
@propertyWrapper
struct WrittenAsNull<Value: Encodable>: Encodable {
    var wrappedValue: Value?
    // Declared: with it, a struct using the wrapper is built from a plain optional, not from the wrapper.
    init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(wrappedValue)
    }
}
