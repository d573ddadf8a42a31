import CZip
import Foundation

/// A zip archive opened read-only, read with bounds: libzip (a kept C
/// library, Debian's libzip-dev) parses and inflates, and every read here
/// stops at the caller's limit, counted in bytes actually inflated. The
/// sizes an archive declares are never trusted, so a "zip bomb" (a small
/// file that inflates to gigabytes, or claims false sizes) costs at most
/// the limit plus one buffer.
///
/// Not thread-safe: one archive is read by one task at a time.
public final class ZipArchive {
    private let archive: OpaquePointer
    /// Entry names in the archive's order (central directory).
    public let entryNames: [String]
    private let indexByName: [String: UInt64]

    /// Opens the archive at `path`, checking its central directory's
    /// consistency; refuses more than `maximumEntries` entries and two
    /// entries of one name (which one would be meant is ambiguous).
    public init(path: String, maximumEntries: Int) throws(ZipError) {
        // libzip reads the whole central directory when it opens (about
        // 300 bytes of memory per entry): the count the archive declares
        // is checked first, from its end records.
        if let declared = try Self.declaredEntryCount(path), declared > UInt64(maximumEntries) {
            throw .tooManyEntries(Int(clamping: declared), maximum: maximumEntries)
        }
        var code: Int32 = 0
        guard let archive = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &code) else {
            throw .unreadable(Self.describe(code))
        }
        let count = zip_get_num_entries(archive, 0)
        guard count >= 0 else {
            zip_discard(archive)
            throw .unreadable("répertoire central illisible")
        }
        guard count <= maximumEntries else {
            zip_discard(archive)
            throw .tooManyEntries(Int(count), maximum: maximumEntries)
        }
        var names: [String] = []
        var index: [String: UInt64] = [:]
        for position in 0..<UInt64(count) {
            guard let raw = zip_get_name(archive, position, zip_flags_t(ZIP_FL_ENC_GUESS)) else {
                zip_discard(archive)
                throw .unreadable("nom d'entrée illisible (entrée \(position + 1))")
            }
            let name = String(cString: raw)
            guard index[name] == nil else {
                zip_discard(archive)
                throw .duplicateEntry(name)
            }
            index[name] = position
            names.append(name)
        }
        self.archive = archive
        self.entryNames = names
        self.indexByName = index
    }

    deinit {
        // Read-only: nothing to write back.
        zip_discard(archive)
    }

    public func contains(_ name: String) -> Bool { indexByName[name] != nil }

    /// The inflated bytes of entry `name`; `entryTooLarge` as soon as more
    /// than `maximumSize` bytes come out, whatever the entry declares.
    /// A damaged entry (bad CRC, truncated data) is `corruptEntry`.
    public func read(_ name: String, maximumSize: Int) throws(ZipError) -> [UInt8] {
        guard let position = indexByName[name] else { throw .missingEntry(name) }
        guard let file = zip_fopen_index(archive, position, 0) else {
            throw .corruptEntry(name, String(cString: zip_error_strerror(zip_get_error(archive))))
        }
        defer { zip_fclose(file) }
        var content: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let read = buffer.withUnsafeMutableBytes { zip_fread(file, $0.baseAddress!, UInt64($0.count)) }
            if read < 0 { throw .corruptEntry(name, String(cString: zip_error_strerror(zip_file_get_error(file)))) }
            if read == 0 { return content }
            guard content.count + Int(read) <= maximumSize else { throw .entryTooLarge(name, maximum: maximumSize) }
            content.append(contentsOf: buffer[0..<Int(read)])
        }
    }

    /// The entry count of the end of central directory record (zip64's
    /// when the classic one says 0xFFFF), nil when none is found (libzip
    /// then says why the archive is unreadable).
    static func declaredEntryCount(_ path: String) throws(ZipError) -> UInt64? {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable("fichier illisible") }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { throw .unreadable("fichier illisible") }
        // The record is 22 bytes plus a comment of at most 65 535, and the
        // zip64 locator (20 bytes) just before it.
        let tail = min(size, 22 + 65_535 + 20)
        guard (try? handle.seek(toOffset: size - tail)) != nil, let data = try? handle.readToEnd() else { throw .unreadable("fichier illisible") }
        let bytes = [UInt8](data)
        func little(_ at: Int, _ count: Int) -> UInt64 {
            (0..<count).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) }
        }
        guard bytes.count >= 22 else { return nil }
        guard let record = stride(from: bytes.count - 22, through: 0, by: -1).first(where: { little($0, 4) == 0x0605_4B50 }) else { return nil }
        let classic = little(record + 10, 2)
        guard classic == 0xFFFF else { return classic }
        // zip64: the locator gives the zip64 record's offset, which holds
        // the count on 8 bytes at 32.
        guard record >= 20, little(record - 20, 4) == 0x0706_4B50 else { return classic }
        let offset = little(record - 20 + 8, 8)
        guard offset < size, (try? handle.seek(toOffset: offset)) != nil, let zip64 = try? handle.read(upToCount: 56), zip64.count == 56 else { return nil }
        let record64 = [UInt8](zip64)
        guard (0..<4).reduce(UInt64(0), { $0 | UInt64(record64[$1]) << (8 * UInt64($1)) }) == 0x0606_4B50 else { return nil }
        return (0..<8).reduce(UInt64(0)) { $0 | UInt64(record64[32 + $1]) << (8 * UInt64($1)) }
    }

    private static func describe(_ code: Int32) -> String {
        var error = zip_error_t()
        zip_error_init_with_code(&error, code)
        defer { zip_error_fini(&error) }
        return String(cString: zip_error_strerror(&error))
    }
}

/// Why an archive or one of its entries could not be read.
public enum ZipError: Error, Equatable, Sendable {
    /// Not a zip archive, or its structure is damaged.
    case unreadable(String)
    case tooManyEntries(Int, maximum: Int)
    case duplicateEntry(String)
    case missingEntry(String)
    case entryTooLarge(String, maximum: Int)
    /// Encrypted, compressed with an unknown method, or damaged.
    case corruptEntry(String, String)

    /// A French sentence for the supplier's report; names from the
    /// archive are cut at 60 characters (a name may be 64 KiB long).
    public var message: String {
        func quoted(_ name: String) -> String { "« \(name.count > 60 ? name.prefix(60) + "…" : name) »" }
        return switch self {
        case let .unreadable(reason): "archive zip illisible (libzip : \(reason))"
        case let .tooManyEntries(count, maximum): "archive de \(count) fichiers : \(maximum) au plus"
        case let .duplicateEntry(name): "deux fichiers \(quoted(name)) dans l'archive"
        case let .missingEntry(name): "fichier \(quoted(name)) absent de l'archive"
        case let .entryTooLarge(name, maximum): "\(quoted(name)) : plus de \(maximum) octets une fois décompressé"
        case let .corruptEntry(name, reason): "\(quoted(name)) illisible (libzip : \(reason))"
        }
    }
}
