import FacturoCertificates
import FacturoDomain
import FacturoStore
import FacturoWire
import Foundation

/// Deposit certificates for either party of an invoice, and the public key
/// that checks them offline.
enum CertificateRoutes {
    static func register(_ router: inout Router) {
        router.on(InvoiceCatalogue.certificateShow, show)
        router.on(InvoiceCatalogue.certificateKey, key)
    }

    @Sendable static func show(_ show: Facturo_V1_CertificateShowRequest, _ context: RequestContext) async throws -> Facturo_V1_CertificateShowResponse {
        let caller = try await context.caller()
        let invoice = try await InvoiceRoutes.visibleInvoice(show.id, caller: caller, context)
        guard let seal = invoice.seal else {
            throw WireError(.notFound, "la facture \(invoice.document.header.number) n'a pas de certificat signé")
        }
        // As deposited: a recycling or a completion since changes the
        // invoice, never what its certificate proves.
        let deposited = invoice.asDeposited
        let canonical = CertificateDigest.canonical(deposited.document, id: invoice.id, attachments: deposited.attachments, depositedAt: invoice.depositedAt)
        let certificate = DepositCertificate(
            invoiceID: invoice.id, invoice: String(decoding: canonical, as: UTF8.self), digest: invoice.certificate, leafIndex: seal.leafIndex,
            path: seal.path, batch: SignedBatch(size: seal.batchSize, root: seal.root, signedAt: seal.signedAt, signature: seal.signature)
        )
        return .with { $0.document = (try? certificate.json()) ?? Data() }
    }

    @Sendable static func key(_ request: Facturo_V1_CertificateKeyRequest, _ context: RequestContext) async throws -> Facturo_V1_CertificateKeyResponse {
        _ = try await context.caller()
        return .with { $0.publicKeyPem = context.submissions.signer.publicKeyPEM }
    }
}
