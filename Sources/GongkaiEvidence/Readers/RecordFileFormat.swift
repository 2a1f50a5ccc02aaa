import Foundation
import GongkaiCore

/// YAML and JSON record files: one record (a mapping), a list of records, or `records:` with a list.
enum RecordFileFormat: EvidenceFormat {
    static let extensions = ["yaml", "yml", "json"]

    static func read(_ data: Data, path: String, loader: EvidenceLoader, into result: inout FileResult) {
        guard let text = loader.decodeText(data, path: path, into: &result) else { return }
        if let issue = nestingIssue(text, path: path) {
            result.issues.append(issue)
            return
        }
        let node: YAMLEvents.Node?
        do {
            node = try YAMLEvents.compose(text, file: path)
        } catch {
            result.issues.append(error)
            return
        }
        // An empty or comment-only file (a template not yet filled) holds no records.
        guard let node else { return }
        let fileType = loader.typeFromFileName(path)
        let recordNodes: [YAMLEvents.Node]
        if let list = node.items {
            recordNodes = list
        } else if let list = node[key: "records"]?.items {
            recordNodes = list
        } else if node.pairs != nil {
            recordNodes = [node]
        } else {
            result.issues.append(
                LoadIssue(
                    node.location(in: path), Message("应为一条记录（映射）或记录列表，而不是单个值", "expected one record (a mapping) or a list of records, not a single value")))
            return
        }
        for recordNode in recordNodes {
            let loc = recordNode.location(in: path)
            guard let mapping = recordNode.pairs else {
                result.issues.append(LoadIssue(loc, Message("列表中的每一项应为一条记录（映射）", "each item of the list should be a record (a mapping)")))
                continue
            }
            var raw = MappingFields(capacity: mapping.count)
            for (keyNode, value) in mapping {
                let key = keyNode.text ?? ""
                raw.append(key, RawField(value: rawValue(value, key: key), line: keyNode.line, column: keyNode.column))
            }
            let validated = loader.validate(raw, location: loc, fileType: fileType, notes: &result.notes)
            result.add(validated, citing: loader.pathFields)
        }
    }

    static func rawValue(_ node: YAMLEvents.Node, key: String) -> RawField.Value {
        switch node.kind {
        case .scalar(let s):
            return .scalar(s)
        case .sequence(let items):
            if key == "attachments" {
                return .attachments(
                    items.compactMap { item in
                        if let t = item.text { return (t, nil) }
                        if let p = item[key: "path"]?.text { return (p, item[key: "sha256"]?.text) }
                        return nil
                    })
            }
            var list: [String] = []
            list.reserveCapacity(items.count)
            for item in items {
                guard let t = item.text else { return .nested }
                list.append(t)
            }
            return .list(list)
        case .mapping:
            if key == "attachments", let p = node[key: "path"]?.text { return .attachments([(p, node[key: "sha256"]?.text)]) }
            return .nested
        }
    }

    /// Deep nesting is refused before parsing: the composer recurses.
    static func nestingIssue(_ text: String, path: String) -> LoadIssue? {
        // Bytes of the contiguous buffer, not Characters: grapheme breaking made this scan 6% of a load.
        var text = text
        return text.withUTF8 { nestingIssue($0, path: path) }
    }

    private static func nestingIssue(_ bytes: UnsafeBufferPointer<UInt8>, path: String) -> LoadIssue? {
        var depth = 0
        var line = 1
        var quote: UInt8 = 0
        for byte in bytes {
            if byte == 10 {
                line += 1
                continue
            }
            if quote != 0 {
                if byte == quote { quote = 0 }
                continue
            }
            switch byte {
            case 34, 39: quote = byte
            case 91, 123:
                depth += 1
                if depth > EvidenceLoader.maxYAMLDepth {
                    return LoadIssue(
                        SourceLocation(file: path, line: line),
                        Message(
                            "嵌套层数超过 \(EvidenceLoader.maxYAMLDepth)：记录应为扁平的字段映射",
                            "nested more than \(EvidenceLoader.maxYAMLDepth) levels deep: a record is a flat mapping of fields"))
                }
            case 93, 125: depth = max(0, depth - 1)
            default: break
            }
        }
        return nil
    }
}
