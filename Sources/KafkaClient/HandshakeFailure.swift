/// A broker refusal that retrying cannot cure, recognised in librdkafka's words for it (the reason
/// its `error_cb` reports). Everything not in the table (connection refused, a broker still starting)
/// is transient: the caller keeps trying until its connect deadline.
public enum HandshakeFailure: Sendable, CaseIterable {
    case unparsableApiVersions
    case untrustedBrokerCertificate
    case clientCertificateRequired
    case clientCertificateRejected
    case saslMechanismUnsupported
    case saslAuthenticationFailed

    /// The failure librdkafka's `reason` names, or nil when it may pass.
    public init?(reason: String) {
        let text = reason.lowercased()
        guard let row = Self.table.first(where: { row in
            row.signs.contains { sign in sign.allSatisfy { text.contains($0.lowercased()) } }
        }) else { return nil }
        self = row.failure
    }

    /// One sentence: what the broker at `servers` did, librdkafka's `reason`, and what to do.
    public func explanation(servers: String, reason: String) -> String {
        Self.table.first { $0.failure == self }!.sentence(servers, reason)
    }

    private typealias Row = (failure: HandshakeFailure, signs: [[String]], sentence: @Sendable (_ servers: String, _ reason: String) -> String)

    /// A row matches when librdkafka's reason contains every phrase of one of its signs (case ignored).
    private static let table: [Row] = [
        (.unparsableApiVersions, [["Read underflow", "ApiVersion"]], { servers, _ in
            "the broker at \(servers) answers the ApiVersions handshake in a form librdkafka \(Librdkafka.version) cannot parse (Read underflow); run with a newer librdkafka (2.16 is known to work), e.g. LD_LIBRARY_PATH=<folder with its librdkafka.so.1> kafka-scenario run ..."
        }),
        (.untrustedBrokerCertificate, [["certificate verify failed"]], { servers, reason in
            "the broker at \(servers) presented a TLS certificate this client does not accept (\(reason)); set ssl.ca.location to the CA that signed the broker's certificate and connect with a host name or address the certificate names (ssl.endpoint.identification.algorithm=https checks it)"
        }),
        (.clientCertificateRequired, [["alert certificate required"]], { servers, reason in
            "the broker at \(servers) requires a client certificate signed by a CA it trusts (\(reason)); set ssl.certificate.location and ssl.key.location to such a certificate and its key (ssl.key.password for an encrypted key)"
        }),
        (.clientCertificateRejected, [["alert unknown ca"], ["alert bad certificate"], ["alert certificate unknown"]], { servers, reason in
            "the broker at \(servers) rejected the client certificate (\(reason)); use a certificate signed by a CA the broker trusts in ssl.certificate.location and ssl.key.location"
        }),
        (.saslMechanismUnsupported, [["Unsupported SASL mechanism"]], { servers, reason in
            "the broker at \(servers) does not accept the SASL mechanism in sasl.mechanisms (\(reason)); use one its listener is configured for"
        }),
        (.saslAuthenticationFailed, [["SASL authentication error"], ["SASL authentication failed"]], { servers, reason in
            "the broker at \(servers) rejected the SASL login (\(reason)); check sasl.username, sasl.password and sasl.mechanisms"
        }),
    ]
}
