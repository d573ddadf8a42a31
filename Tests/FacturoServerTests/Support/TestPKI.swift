import Foundation

/// The dev PKI written by scripts/gen-certs. scripts/test generates it
/// before running tests; the path is found from this file's location so
/// tests work from any working directory.
enum TestPKI {
    static let folder: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() } // Support, FacturoServerTests, Tests, root
        return url.appendingPathComponent("certs").path
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
