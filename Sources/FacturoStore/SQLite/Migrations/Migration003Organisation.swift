import FacturoDomain
import GRDB

/// The organisation: addresses and recipient parameters of structures, service dates, technical accounts, attachments, habilitations, habilitation requests, and the append-only audit log.
/// Shipped: never edit, add the next migration instead.
enum Migration003Organisation {
    static let identifier = "v3-organisation"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE structures ADD COLUMN name_folded TEXT NOT NULL DEFAULT '';
            ALTER TABLE structures ADD COLUMN address_line TEXT NOT NULL DEFAULT '';
            ALTER TABLE structures ADD COLUMN postcode TEXT NOT NULL DEFAULT '';
            ALTER TABLE structures ADD COLUMN town TEXT NOT NULL DEFAULT '';
            ALTER TABLE structures ADD COLUMN town_folded TEXT NOT NULL DEFAULT '';
            ALTER TABLE structures ADD COLUMN country_code TEXT NOT NULL DEFAULT 'FR';
            ALTER TABLE structures ADD COLUMN service_code_required INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE structures ADD COLUMN engagement_required INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE structures ADD COLUMN engagement_or_service_code INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE structures ADD COLUMN handles_mise_en_paiement INTEGER NOT NULL DEFAULT 0;
            CREATE INDEX structures_postcode ON structures(postcode);
            ALTER TABLE services ADD COLUMN engagement_required INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE services ADD COLUMN valid_from TEXT;
            ALTER TABLE services ADD COLUMN valid_until TEXT;
            ALTER TABLE users ADD COLUMN is_technical INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE users ADD COLUMN certificate_fingerprint TEXT;
            CREATE UNIQUE INDEX users_certificate ON users(certificate_fingerprint) WHERE certificate_fingerprint IS NOT NULL;
            CREATE TABLE attachments (
                user_id INTEGER NOT NULL REFERENCES users(id),
                structure_id INTEGER NOT NULL REFERENCES structures(id),
                role TEXT NOT NULL,
                service_codes TEXT,
                PRIMARY KEY (user_id, structure_id)
            ) STRICT;
            CREATE INDEX attachments_structure ON attachments(structure_id);
            CREATE UNIQUE INDEX attachments_one_principal ON attachments(structure_id) WHERE role = 'gestionnaire_principal';
            CREATE TABLE habilitations (
                user_id INTEGER NOT NULL REFERENCES users(id),
                structure_id INTEGER NOT NULL REFERENCES structures(id),
                service_code TEXT NOT NULL DEFAULT '',
                application TEXT NOT NULL,
                level TEXT NOT NULL,
                PRIMARY KEY (user_id, structure_id, service_code, application)
            ) STRICT;
            CREATE INDEX habilitations_structure ON habilitations(structure_id);
            CREATE TABLE habilitation_requests (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                user_id INTEGER NOT NULL REFERENCES users(id),
                structure_id INTEGER NOT NULL REFERENCES structures(id),
                kind TEXT NOT NULL,
                application TEXT NOT NULL,
                level TEXT NOT NULL,
                service_code TEXT NOT NULL DEFAULT '',
                comment TEXT NOT NULL DEFAULT '',
                state TEXT NOT NULL DEFAULT 'pending',
                decided_by_id INTEGER,
                decided_by TEXT,
                decision_comment TEXT NOT NULL DEFAULT '',
                created_at INTEGER NOT NULL,
                decided_at INTEGER
            ) STRICT;
            CREATE INDEX requests_structure_state ON habilitation_requests(structure_id, state);
            CREATE INDEX requests_user ON habilitation_requests(user_id);
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at INTEGER NOT NULL,
                actor_id INTEGER,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                structure_id INTEGER,
                target TEXT NOT NULL,
                before TEXT NOT NULL DEFAULT '',
                after TEXT NOT NULL DEFAULT ''
            ) STRICT;
            CREATE INDEX audit_structure ON audit_log(structure_id, id);
            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            """)
        // Folding needs Foundation's diacritic tables, not SQL: fill the
        // search columns of rows written before this migration here.
        for row in try Row.fetchAll(db, sql: "SELECT id, name, town FROM structures") {
            try db.execute(
                sql: "UPDATE structures SET name_folded = ?, town_folded = ? WHERE id = ?",
                arguments: [SearchFolding.fold(row["name"]), SearchFolding.fold(row["town"]), row["id"] as Int64]
            )
        }
    }
}
