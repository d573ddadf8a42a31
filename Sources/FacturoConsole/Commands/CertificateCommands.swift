import Crypto
import FacturoCertificates
import FacturoClient
import FacturoDomain
import FacturoWire
import Foundation

/// `certificate …`: deposit certificates, fetched from the server and
/// checked offline with the exchange's public key.
enum CertificateCommands {
    static let certificate = CommandSpec(
        name: "certificate",
        summary: "Certificats de dépôt : récupérer, vérifier hors ligne, clé publique de la plateforme",
        details: """
            Le numéro de certificat d'une facture est l'empreinte SHA-256 de la facture telle qu'acceptée
            (en-tête, lignes, totaux, pièces jointes, heure de dépôt). Chaque lot de validation signe
            (Ed25519) la racine de l'arbre de Merkle de ses factures : le certificat porte l'empreinte,
            le chemin jusqu'à la racine et la racine signée.
            show : écrit le certificat (JSON) d'une facture, pour le fournisseur ou le destinataire.
            key : écrit la clé publique de la plateforme (PEM), aussi donnée par
                  « facturo-server public-key ».
            verify : vérifie hors ligne, sans connexion ; statut 3 et INVALID_DEPOSIT_CERTIFICATE si un
                     seul octet de la facture, du chemin ou de la signature a changé.
            """,
        subcommands: [show, key, verify]
    )

    static let show = CommandSpec(
        name: "show", summary: "Écrire le certificat de dépôt d'une facture (JSON)",
        positionals: [.init("ID")], options: [.init("--out", "FICHIER.json", required: true, values: .filePaths)]
    ) { arguments, context in
        let out = arguments.option("--out") ?? ""
        let answer = try await context.session.connected().call(InvoiceCatalogue.certificateShow, .with { $0.id = arguments.required("ID") })
        try write(answer.document, to: out)
        let certificate = try? DepositCertificate.parse(answer.document)
        return .record([.init("fichier", out), .init("certificat", certificate?.digest ?? ""), .init("lot", String(certificate?.batch.size ?? 0))])
    }

    static let key = CommandSpec(
        name: "key", summary: "Écrire la clé publique qui vérifie les certificats (PEM)",
        options: [.init("--out", "FICHIER.pem", required: true, values: .filePaths)]
    ) { arguments, context in
        let out = arguments.option("--out") ?? ""
        let answer = try await context.session.connected().call(InvoiceCatalogue.certificateKey, Facturo_V1_CertificateKeyRequest())
        try write(Data(answer.publicKeyPem.utf8), to: out)
        return .record([.init("fichier", out)])
    }

    static let verify = CommandSpec(
        name: "verify", summary: "Vérifier un certificat hors ligne avec la clé publique",
        positionals: [.init("FICHIER.json", values: .filePaths)], options: [.init("--public-key", "FICHIER.pem", required: true, values: .filePaths)]
    ) { arguments, _ in
        let path = arguments.required("FICHIER.json")
        let keyPath = arguments.option("--public-key") ?? ""
        guard let data = FileManager.default.contents(atPath: path) else { throw ConsoleError.usage("fichier illisible : \(path)") }
        guard let keyData = FileManager.default.contents(atPath: keyPath) else { throw ConsoleError.usage("fichier illisible : \(keyPath)") }
        let publicKey: Curve25519.Signing.PublicKey
        do { publicKey = try SigningKeyPEM.publicKey(pem: String(decoding: keyData, as: UTF8.self)) } catch {
            throw ConsoleError.usage("\(keyPath) : clé publique Ed25519 (PEM) attendue")
        }
        do {
            let certificate = try DepositCertificate.parse(data)
            try certificate.verify(publicKey: publicKey)
            return .record([.init("valide", "oui"), .init("facture", certificate.invoiceID), .init("certificat", certificate.digest), .init("lot", String(certificate.batch.size))])
        } catch {
            let code = DomainError.Code.invalidDepositCertificate.rawValue
            throw ConsoleError(.commandFailed, "\(code): \(path) : \(error)", code: ErrorCode(rawValue: code))
        }
    }

    private static func write(_ data: Data, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: data) else { throw ConsoleError.usage("impossible d'écrire \(path)") }
    }
}
