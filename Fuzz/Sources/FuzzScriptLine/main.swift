import FacturoConsole

/// A script line as the engine reads it: split into words (quotes, escapes,
/// `$name`, `${name:-default}`), then, as after `if` or `expect`, parsed and
/// evaluated as a condition. Errors are coded; nothing crashes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScriptLine(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let line = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    var variables = Variables()
    variables.set("x", "42")
    variables.set("me.email", "camille@example.fr")
    guard let words = try? LineTokenizer.split(line, variables: variables), !words.isEmpty else { return 0 }
    _ = try? LineTokenizer.split(line)
    if let condition = try? Condition(words: words) {
        _ = try? condition.evaluate()
    }
    return 0
}
