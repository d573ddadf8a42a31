import GRDB

/// A certificate named for a technical account (at creation or rebinding)
/// waits in `pending_certificate` until a connection proves it holds that
/// certificate (its first certificate login); only then does it move to
/// `certificate_fingerprint`, unique on the platform. Naming a certificate
/// therefore never tells whether another account holds it, and a claim on
/// someone else's certificate binds nothing.
///
/// Shipped: never edit, add the next migration instead.
enum Migration006PendingCertificate {
    static let identifier = "v6-pending-certificate"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE users ADD COLUMN pending_certificate TEXT;
            CREATE INDEX users_pending_certificate ON users(pending_certificate) WHERE pending_certificate IS NOT NULL;
            """)
    }
}
