#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few terminal facts and tricks the console needs.
public enum Terminal {
    /// Standard input is a terminal: use readline and ask for passwords.
    public static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 }

    /// Reads one line from the terminal with echo off, restoring the
    /// terminal's settings afterwards whatever happens.
    public static func readSecret(prompt: String) -> String? {
        guard let tty = fopen("/dev/tty", "r+") else { return nil }
        defer { fclose(tty) }
        let fd = fileno(tty)
        fputs(prompt, tty)
        fflush(tty)
        var original = termios()
        tcgetattr(fd, &original)
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(fd, TCSAFLUSH, &silent)
        defer {
            tcsetattr(fd, TCSAFLUSH, &original)
            fputs("\n", tty)
        }
        var buffer = [CChar](repeating: 0, count: 1024)
        guard fgets(&buffer, Int32(buffer.count), tty) != nil else { return nil }
        var line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        while line.hasSuffix("\n") || line.hasSuffix("\r") { line.removeLast() }
        // Overwrite the copy in our buffer: the password lives only in `line`.
        for index in buffer.indices { buffer[index] = 0 }
        return line
    }
}
