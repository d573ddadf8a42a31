import Foundation

/// Value sources that commands' completion hooks share. Domain commands
/// add theirs next to their specs (statuses, reasons, SIRETs...).
public enum CompletionValues {
    /// Paths starting with `prefix`, folders with a trailing `/`, hidden
    /// entries only when asked for: for upload and script arguments.
    public static func filePaths(_ prefix: String, fileManager: FileManager = .default) -> [String] {
        let expanded = prefix.hasPrefix("~/") ? NSHomeDirectory() + prefix.dropFirst() : prefix
        let folder: String
        let partial: String
        if let slash = expanded.lastIndex(of: "/") {
            folder = String(expanded[...slash])
            partial = String(expanded[expanded.index(after: slash)...])
        } else {
            folder = ""
            partial = expanded
        }
        let listed = (try? fileManager.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
        return listed
            .filter { $0.hasPrefix(partial) && (partial.hasPrefix(".") || !$0.hasPrefix(".")) }
            .sorted()
            .map { name in
                var isFolder: ObjCBool = false
                let path = folder + name
                fileManager.fileExists(atPath: path, isDirectory: &isFolder)
                let shown = prefix.hasPrefix("~/") ? "~/" + path.dropFirst(NSHomeDirectory().count + 1) : path
                return isFolder.boolValue ? shown + "/" : shown
            }
    }
}
