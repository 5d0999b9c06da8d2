/// Hides the values of client properties that hold secrets.
public enum Redaction {
    public static func isSecret(_ key: String) -> Bool {
        let k = key.lowercased()
        return ["password", "secret", "token", "credential"].contains { k.contains($0) }
            || k.hasPrefix("sasl.oauthbearer.") || k.hasPrefix("ssl.key.") || k == "sasl.jaas.config"
            || k.hasSuffix(".pem") || k.contains("keystore")
    }

    public static func redact(key: String, value: String) -> String { isSecret(key) ? "******" : value }
}
