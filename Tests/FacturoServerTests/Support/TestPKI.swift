import Foundation

/// The dev PKI written by scripts/gen-certs. scripts/test generates it
/// before running tests; the path is found from this file's location so
/// tests work from any working directory.
enum TestPKI {
    static let folder: String = {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { root.deleteLastPathComponent() } // Support, FacturoServerTests, Tests, root
        let folder = root.appendingPathComponent("certs").path
        // A bare `swift test` on a fresh clone makes the PKI itself rather
        // than failing every TLS test one by one.
        if !FileManager.default.fileExists(atPath: folder + "/rogue-client.key") {
            let script = Process()
            script.executableURL = root.appendingPathComponent("scripts/gen-certs")
            script.arguments = [folder]
            script.standardOutput = FileHandle.nullDevice
            var made = false
            if (try? script.run()) != nil {
                script.waitUntilExit()
                made = script.terminationStatus == 0
            }
            guard made, FileManager.default.fileExists(atPath: folder + "/ca.crt") else {
                fatalError("no development PKI in \(folder): run scripts/gen-certs (it needs openssl), or scripts/test")
            }
        }
        return folder
    }()

    static func path(_ name: String) -> String { folder + "/" + name }

    static var ca: String { path("ca.crt") }
    static var serverCertificate: String { path("server.crt") }
    static var serverKey: String { path("server.key") }
    static var clientCertificate: String { path("client.crt") }
    static var clientKey: String { path("client.key") }
    static var rogueClientCertificate: String { path("rogue-client.crt") }
    static var rogueClientKey: String { path("rogue-client.key") }
}
