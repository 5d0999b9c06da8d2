extension JSONValue {
    /// Compact JSON text, members in their order: `{"a":1,"b":[true,null]}`.
    public var compactJSON: String { TemplateJSONText.render(self) }

    /// JSON text indented by two spaces, members in their order.
    public var prettyJSON: String { JSONPrettyPrinter.render(self) }
}
