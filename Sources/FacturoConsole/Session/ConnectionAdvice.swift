/// What a newcomer can act on when the console cannot reach the server:
/// what happened in words, and what to try, instead of NIO's and
/// BoringSSL's own error strings (kept at the end for whoever needs them).
enum ConnectionAdvice {
    /// `reason` is `HOST:PORT: underlying error` (`ClientError.connectFailed`).
    static func unreachable(_ reason: String) -> String {
        let address = reason.split(separator: " ", maxSplits: 1).first.map { String($0.dropLast()) } ?? reason
        let what: String
        if reason.contains("Connection refused") || reason.contains("errno: 111") {
            what = "connexion refusée par \(address)"
        } else if reason.contains("timed out") || reason.contains("Timeout") || reason.contains("timeout") {
            what = "\(address) ne répond pas (délai dépassé)"
        } else if reason.contains("DNS error") || reason.contains("resolve") || reason.contains("NXDOMAIN") || reason.contains("Name or service not known") {
            what = "nom d'hôte inconnu dans \(address)"
        } else {
            what = "impossible de joindre \(address)"
        }
        return "\(what) : le serveur tourne-t-il à cette adresse ? (scripts/run démarre le serveur de démonstration ; "
            + "--server HOTE:PORT ou FACTURO_SERVER pour en choisir un autre)\n  détail : \(reason)"
    }

    /// `reason` is the TLS layer's own description (`ClientError.tls`).
    static func tls(_ reason: String) -> String {
        let advice: String
        if reason.contains("CERTIFICATE_VERIFY_FAILED") || reason.contains("unableToValidateCertificate") {
            advice = "le certificat du serveur n'est signé par aucune autorité connue de la console : "
                + "donnez celle qui l'a signé (--ca certs/ca.crt ou FACTURO_CA=certs/ca.crt)"
        } else if reason.contains("CERTIFICATE_REQUIRED") {
            advice = "le serveur exige un certificat client : --cert FICHIER.crt --key FICHIER.key (ou FACTURO_CERT, FACTURO_KEY)"
        } else if reason.contains("hostname") || reason.contains("Hostname") {
            advice = "le certificat du serveur ne porte pas ce nom d'hôte : utilisez dans --server le nom qu'il porte"
        } else if reason.contains("fichiers TLS illisibles") {
            advice = "fichier de certificat ou de clé illisible (chemin, droits ou format PEM)"
        } else if reason.contains("WRONG_VERSION_NUMBER") || reason.contains("HTTP_REQUEST") {
            advice = "ce port ne parle pas TLS : est-ce bien un serveur Facturo ?"
        } else {
            advice = "la négociation TLS a échoué"
        }
        return "\(advice)\n  détail : \(reason)"
    }
}
