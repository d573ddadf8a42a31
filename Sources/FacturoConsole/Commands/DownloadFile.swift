import Crypto
import Foundation

/// A file received slice by slice (`invoice export`, `invoice attachment`):
/// written beside its name as `NAME.XXXXXXXX.partiel`, hashed on the way, and
/// renamed over `NAME` only once its SHA-256 is the one the server gave. A
/// failed or interrupted download leaves nothing under the name asked for;
/// a folder of that name is refused, never replaced.
final class DownloadFile {
    let path: String
    private let partial: String
    private let handle: FileHandle
    private var hash = SHA256()
    private var placed = false

    init(_ path: String) throws(ConsoleError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw .usage("--out : \(path) est un dossier ; nommez le fichier à écrire")
        }
        self.path = path
        // Its own name: two downloads to one file never share it.
        partial = "\(path).\(UUID().uuidString.prefix(8)).partiel"
        guard FileManager.default.createFile(atPath: partial, contents: nil), let handle = FileHandle(forWritingAtPath: partial) else {
            throw .usage("impossible d'écrire \(path)")
        }
        self.handle = handle
    }

    /// Ctrl-C between two slices stops the download there.
    func append(_ data: Data) throws(ConsoleError) {
        if Task.isCancelled { throw ConsoleError(.commandFailed, "\(path) : téléchargement interrompu") }
        do { try handle.write(contentsOf: data) } catch {
            throw .usage("\(path) : écriture impossible (\(error.localizedDescription))")
        }
        hash.update(data: data)
    }

    /// Puts the file under its name if what was received hashes to
    /// `digest` (SHA-256, base64). rename(2) replaces a file of that name
    /// at once, and refuses a folder made since the download began.
    func place(digest: String) throws(ConsoleError) {
        if Task.isCancelled { throw ConsoleError(.commandFailed, "\(path) : téléchargement interrompu") }
        do { try handle.synchronize() } catch {
            throw .usage("\(path) : écriture impossible (\(error.localizedDescription))")
        }
        let local = Data(hash.finalize()).base64EncodedString()
        guard local == digest else {
            throw ConsoleError(.commandFailed, "\(path) : le fichier reçu diffère de celui du serveur (SHA-256 \(digest), reçu \(local)) ; recommencez")
        }
        guard rename(partial, path) == 0 else {
            throw .usage("impossible d'écrire \(path) (\(String(cString: strerror(errno))))")
        }
        placed = true
    }

    deinit {
        try? handle.close()
        if !placed { unlink(partial) }
    }
}
