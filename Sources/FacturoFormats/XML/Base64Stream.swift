import FacturoDomain
import Foundation

/// Decodes base64 as the parser hands it over, chunk by chunk, so that an
/// embedded attachment exists once, decoded, and never as one base64 string
/// beside it; stops at `limit` decoded bytes. Foundation decodes whole
/// strings only, hence this small carry of the last incomplete quantum.
struct Base64Stream {
    private(set) var data = Data()
    private var pending: [UInt8] = []
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    mutating func append(_ chunk: String) throws(DomainError) {
        pending.reserveCapacity(pending.count + chunk.utf8.count)
        for byte in chunk.utf8 where !(byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09) { pending.append(byte) }
        let whole = pending.count - pending.count % 4
        guard whole > 0 else { return }
        try decode(pending[0..<whole])
        pending.removeFirst(whole)
    }

    /// The decoded bytes; a trailing incomplete quantum is an error.
    mutating func finish() throws(DomainError) -> Data {
        if !pending.isEmpty { throw Self.invalid }
        return data
    }

    private mutating func decode(_ quanta: ArraySlice<UInt8>) throws(DomainError) {
        guard let decoded = Data(base64Encoded: Data(quanta)) else { throw Self.invalid }
        if data.count + decoded.count > limit {
            throw DomainError(.attachmentTooLarge, "pièce jointe intégrée (BT-125) de plus de \(limit) octets")
        }
        data.append(decoded)
    }

    static let invalid = DomainError(.invalidXML, "pièce jointe intégrée (BT-125) : base64 illisible")
}
